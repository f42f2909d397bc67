// What a check rule gets: the object, a way to report at a path of it, and IP helpers that
// report the usual address problems (bad syntax, legacy leading zeros, IPv4-mapped IPv6).
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/codes.js';
import type { Locator, Path } from '../load/position.js';
import type { RawObject } from '../load/parse.js';
import { CLUSTER_SCOPED_KINDS } from './labels.js';
import { formatIP, isLoopback, isIPv4Mapped, parseIP, unmapIPv4, type IP } from '../net/ip.js';
import { formatCIDR, parseCIDR, type CIDR } from '../net/cidr.js';

export class CheckContext {
  constructor(
    readonly object: RawObject,
    private readonly out: Diagnostic[],
  ) {}

  get loc(): Locator {
    return this.object.loc;
  }

  report(code: Code, path: Path, message: string, hint?: string): void {
    this.out.push(diag(code, `${describe(this.object)}: ${message}`, this.loc.value(path), hint));
  }

  reportKey(code: Code, path: Path, message: string, hint?: string): void {
    this.out.push(diag(code, `${describe(this.object)}: ${message}`, this.loc.key(path), hint));
  }

  /**
   * The one KR0308 check ("used twice in one list": port names, port/protocol pairs, nodePorts).
   * Returns `use(key, index, path)`, which remembers where a key was first used and reports a
   * later use of it at `path`, in the words `twice(key, firstIndex)` gives.
   */
  unique(twice: (key: string, first: number) => string): (key: string, index: number, path: Path) => void {
    const first = new Map<string, number>();
    return (key, index, path) => {
      const prev = first.get(key);
      if (prev !== undefined) this.report('KR0308', path, twice(key, prev));
      else first.set(key, index);
    };
  }

  /** A number from the input as its source wrote it (the parsed value may be rounded). */
  num(path: Path, value: number): string {
    return this.loc.source(path) ?? String(value);
  }

  /**
   * Parses an IP address field; reports and returns undefined when it is not usable.
   * `special`: also refuse the addresses the API server's ValidateEndpointIP refuses for
   * endpoints and externalIPs (unspecified, loopback, link-local, link-local multicast).
   * `mappedIsIPv4`: an IPv4-mapped IPv6 address is the IPv4 address it stands for, with a warning
   * (for fields kube-proxy reads that way); otherwise it is refused.
   */
  ip(path: Path, text: string, opts: { special?: boolean; mappedIsIPv4?: boolean } = {}): IP | undefined {
    // The field's name is spelled out only for a message (every address of a cluster passes here).
    const field = () => showPath(path);
    const parsed = parseIP(text);
    if (!parsed) {
      this.report('KR0303', path, `${field()}: ${JSON.stringify(text)} is not a valid IP address`);
      return undefined;
    }
    if (isIPv4Mapped(parsed.ip)) {
      if (!opts.mappedIsIPv4) {
        this.report('KR0317', path, `${field()}: ${text} is an IPv4-mapped IPv6 address`, 'write the IPv4 address itself');
        return undefined;
      }
      parsed.ip = unmapIPv4(parsed.ip);
      this.report(
        'KR0321',
        path,
        `${field()}: ${text} is an IPv4-mapped IPv6 address; read as the IPv4 address ${formatIP(parsed.ip)}, as kube-proxy reads it`,
        'write the IPv4 address itself',
      );
    }
    if (parsed.leadingZeros) {
      this.report(
        'KR0305',
        path,
        `${field()}: ${text} has leading zeros; read as decimal ${formatIP(parsed.ip)}, as kube-proxy reads it`,
      );
    }
    if (opts.special) {
      const kind = specialKind(parsed.ip);
      if (kind) {
        this.report('KR0303', path, `${field()}: ${text} is ${kind} address, which the API server does not allow here`);
        return undefined;
      }
    }
    return parsed.ip;
  }

  cidr(path: Path, text: string): CIDR | undefined {
    const field = () => showPath(path);
    const parsed = parseCIDR(text);
    if (!parsed) {
      this.report('KR0304', path, `${field()}: ${JSON.stringify(text)} is not a valid CIDR`);
      return undefined;
    }
    if (isIPv4Mapped(parsed.cidr.ip)) {
      this.report('KR0317', path, `${field()}: ${text} is an IPv4-mapped IPv6 prefix`);
      return undefined;
    }
    if (parsed.leadingZeros) {
      this.report('KR0305', path, `${field()}: ${text} has leading zeros; read as ${formatCIDR(parsed.cidr)}`);
    }
    if (parsed.hostBits) {
      this.report('KR0316', path, `${field()}: ${text} has host bits set; the network ${formatCIDR(parsed.cidr)} is used`);
    }
    return parsed.cidr;
  }
}


/** "Service shop/web": names that are not plain DNS text are shown JSON-quoted. */
export function describe(o: RawObject): string {
  const meta = (o.value.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  const plain = (v: string) => (/^[A-Za-z0-9._-]+$/.test(v) ? v : JSON.stringify(v));
  const name = typeof meta.name === 'string' ? plain(meta.name) : '?';
  if (o.kind === 'KubeProxyConfiguration') return o.kind;
  if (CLUSTER_SCOPED_KINDS.has(o.kind)) return `${o.kind} ${name}`;
  const ns = typeof meta.namespace === 'string' && meta.namespace !== '' ? plain(meta.namespace) : 'default';
  return `${o.kind} ${ns}/${name}`;
}

/** What kind of special-purpose address this is (for the API server's endpoint IP rules). */
export function specialKind(ip: IP): string | undefined {
  const b = ip.bytes;
  if (b.every((x) => x === 0)) return 'an unspecified';
  if (isLoopback(ip)) return 'a loopback';
  if (ip.family === 4) {
    if (b[0] === 169 && b[1] === 254) return 'a link-local';
    if (b[0] === 224 && b[1] === 0 && b[2] === 0) return 'a link-local multicast';
    return undefined;
  }
  if (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) return 'a link-local';
  if (b[0] === 0xff && (b[1]! & 0x0f) === 0x02) return 'a link-local multicast';
  return undefined;
}

/** ["spec", "ports", 0, "port"] -> "spec.ports[0].port" */
export function showPath(path: Path): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) s += s === '' ? seg : `.${seg}`;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s === '' ? '(object)' : s;
}
