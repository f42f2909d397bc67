// iptables-restore input and iptables-save output → the iptables IR: kube-rulec's own text and a
// live node's dump alike, so that trace, diff and stats read both. The matches and targets
// kube-proxy and policy mode write are typed; anything else is kept word for word (`unknown`),
// never dropped. Writing what this reads gives the same text back (the round-trip tests say so
// for every golden).
import { parseCIDR } from '../../net/cidr.js';
import { parseIP, type IPFamily } from '../../net/ip.js';
import { PROTOCOL_NUMBERS, type AddrValue, type Protocol } from '../../ir/addr.js';
import { BUILTIN_CHAINS, type BuiltinChain, type Chain, type IptablesRuleset, type Match, type Rule, type Table, type TableName, type Target } from '../../ir/iptables.js';

export class IptablesParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const TABLES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw'];
const PROTOCOLS: readonly string[] = ['tcp', 'udp', 'sctp'];

/** Splits a rule line into words; "double quotes" group words, with \", \\ and \' escapes inside. */
export function splitWords(line: string): string[] {
  return splitRaw(line).map(unquote);
}

/** The words as written, quotes included (untyped words are written back exactly so). */
function splitRaw(line: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ' || line[i] === '\t') {
      i++;
      continue;
    }
    const start = i;
    if (line[i] === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
      i++;
    } else {
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    }
    words.push(line.slice(start, i));
  }
  return words;
}

function unquote(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  let w = '';
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i] === '\\' && (raw[i + 1] === '"' || raw[i + 1] === '\\' || raw[i + 1] === "'")) i++;
    w += raw[i];
  }
  return w;
}

export function parseIptables(text: string, family: IPFamily): IptablesRuleset {
  const tables: Table[] = [];
  let table: Table | undefined;
  const lines = text.split('\n');
  lines.forEach((text, i) => {
    const n = i + 1;
    const line = text.trimEnd();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('*')) {
      const name = line.slice(1) as TableName;
      if (!TABLES.includes(name)) throw new IptablesParseError(n, `unknown table ${JSON.stringify(name)}`);
      table = { name, builtins: [], chains: [] };
      tables.push(table);
      return;
    }
    if (!table) throw new IptablesParseError(n, 'a line outside a table (no *filter or *nat before it)');
    if (line === 'COMMIT') {
      table = undefined;
      return;
    }
    if (line.startsWith(':')) {
      const [name, policy] = line.slice(1).split(' ');
      if (!name || !policy) throw new IptablesParseError(n, 'a chain line needs a name and a policy');
      if (policy !== '-' || BUILTIN_CHAINS[table.name].includes(name)) table.builtins.push({ name, policy, rules: [] });
      else table.chains.push({ name, rules: [] });
      return;
    }
    const raw = splitRaw(line);
    const words = raw.map(unquote);
    if (words[0] !== '-A' || words[1] === undefined) throw new IptablesParseError(n, `expected -A CHAIN, found ${JSON.stringify(words[0])}`);
    const chain: Chain | BuiltinChain | undefined = table.chains.find((c) => c.name === words[1]) ?? table.builtins.find((c) => c.name === words[1]);
    if (!chain) throw new IptablesParseError(n, `rule for the undeclared chain ${words[1]}`);
    chain.rules.push(parseRule(words.slice(2), raw.slice(2), family, n, (name) => table!.chains.some((c) => c.name === name)));
  });
  if (table) throw new IptablesParseError(lines.length, `table ${table.name} has no COMMIT`);
  return { family, tables, builtinJumps: [] };
}

/** The options each match module takes (the words after `-m NAME` that belong to it). */
const MODULE_OPTIONS: Record<string, readonly string[]> = {
  comment: ['--comment'],
  mark: ['--mark'],
  conntrack: ['--ctstate'],
  addrtype: ['--src-type', '--dst-type'],
  statistic: ['--mode', '--probability'],
  recent: ['--name', '--set', '--rcheck', '--seconds', '--reap', '--mask', '--rsource'],
  nfacct: ['--nfacct-name'],
  physdev: ['--physdev-is-in'],
  // every option of libxt_ipvs, so that one kube-proxy never writes leaves the whole match untyped
  ipvs: ['--vaddr', '--vproto', '--vport', '--ipvs', '--vdir', '--vmethod', '--vportctl'],
};
const STARTS = new Set(['-m', '-j', '-g', '-s', '-d', '-i', '-o', '-p']);
const FLAGS_WITHOUT_VALUE = new Set(['--set', '--rcheck', '--reap', '--rsource', '--physdev-is-in', '--ipvs']);

/** `words` unquoted, `raw` as written: untyped matches and targets keep the written form. */
function parseRule(words: string[], raw: string[], family: IPFamily, line: number, isChain: (name: string) => boolean): Rule {
  const matches: Match[] = [];
  let target: Target | null = null;
  let i = 0;
  let negate = false;
  // iptables-save writes `-p tcp` first and `-m tcp` later; kube-proxy writes `-m tcp -p tcp`.
  // The protocol match sits where its module is, so each order is written back as it was read.
  let protoFirst: { protocol: Protocol; at: number } | undefined; // `-p` seen, `-m` not yet
  let moduleFirst: number | undefined; // index of a protocol match whose `-m` waits for its `-p`
  const next = () => {
    const w = words[++i];
    if (w === undefined) throw new IptablesParseError(line, `${words[i - 1]} needs a value`);
    return w;
  };
  // Where the next match or the target starts: an untyped match or module runs up to there.
  const boundary = (j: number) => STARTS.has(words[j]!) || (words[j] === '!' && STARTS.has(words[j + 1] ?? ''));
  const unknown = (from: number) => {
    let j = from + 1;
    while (j < words.length && !boundary(j)) j++;
    matches.push({ kind: 'unknown', words: [...(negate ? ['!'] : []), ...raw.slice(from, j)] });
    negate = false;
    i = j - 1;
  };
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w === '!') {
      negate = true;
      continue;
    }
    switch (w) {
      case '-s':
      case '-d': {
        const value = parseAddr(next(), line);
        matches.push({ kind: 'addr', dir: w === '-s' ? 'src' : 'dst', value, negate });
        negate = false;
        continue;
      }
      case '-i':
      case '-o':
        matches.push({ kind: 'iface', dir: w === '-i' ? 'in' : 'out', name: next(), negate });
        negate = false;
        continue;
      case '-p': {
        const p = words[i + 1]!;
        if (!PROTOCOLS.includes(p) || negate) {
          unknown(i);
          continue;
        }
        i++;
        const waiting = moduleFirst === undefined ? undefined : matches[moduleFirst];
        moduleFirst = undefined;
        if (waiting?.kind === 'protocol' && waiting.protocol === p) continue; // `-m tcp -p tcp`
        protoFirst = { protocol: p as Protocol, at: matches.length };
        matches.push({ kind: 'protocol', protocol: p as Protocol, bare: true });
        continue;
      }
      case '--dport': {
        const [from, to] = next().split(':');
        const port = Number(from);
        matches.push(to === undefined ? { kind: 'dport', port } : { kind: 'dport', port, endPort: Number(to) });
        continue;
      }
      case '-m': {
        const mod = next();
        if (PROTOCOLS.includes(mod)) {
          if (protoFirst?.protocol === mod) {
            matches.splice(protoFirst.at, 1);
            protoFirst = undefined;
          } else {
            moduleFirst = matches.length;
          }
          matches.push({ kind: 'protocol', protocol: mod as Protocol });
          continue;
        }
        if (mod === 'set' && (words[i + 1] === '--match-set' || (words[i + 1] === '!' && words[i + 2] === '--match-set'))) {
          const setNegate = words[i + 1] === '!';
          i += setNegate ? 2 : 1;
          const name = next();
          const flags = next().split(',');
          if (flags.every((f) => f === 'src' || f === 'dst')) matches.push({ kind: 'set', name, flags: flags as ('src' | 'dst')[], negate: setNegate });
          else matches.push({ kind: 'unknown', words: ['-m', 'set', ...(setNegate ? ['!'] : []), '--match-set', name, flags.join(',')] });
          continue;
        }
        const options = MODULE_OPTIONS[mod];
        if (!options) {
          unknown(i - 1);
          continue;
        }
        const start = i - 1;
        const opts = new Map<string, string>();
        let optNegate = false;
        while (i + 1 < words.length && (options.includes(words[i + 1]!) || (words[i + 1] === '!' && options.includes(words[i + 2] ?? '')))) {
          const o = words[++i]!;
          if (o === '!') {
            optNegate = true;
            continue;
          }
          opts.set(o, FLAGS_WITHOUT_VALUE.has(o) ? '' : next());
        }
        const typed = moduleMatch(mod, opts, optNegate, family);
        if (typed) matches.push(typed);
        else matches.push({ kind: 'unknown', words: raw.slice(start, i + 1) });
        continue;
      }
      case '-j': {
        target = parseTarget(words.slice(i + 1), raw.slice(i + 1), family, isChain);
        i = words.length;
        continue;
      }
      default:
        unknown(i);
    }
  }
  return { matches, target };
}

function parseAddr(text: string, line: number): AddrValue {
  if (text.includes('/')) {
    const c = parseCIDR(text);
    if (!c) throw new IptablesParseError(line, `${JSON.stringify(text)} is not a CIDR`);
    return { kind: 'cidr', cidr: c.cidr };
  }
  const p = parseIP(text);
  if (!p) throw new IptablesParseError(line, `${JSON.stringify(text)} is not an IP address`);
  return { kind: 'ip', ip: p.ip };
}

function moduleMatch(mod: string, o: Map<string, string>, negate: boolean, family: IPFamily): Match | undefined {
  switch (mod) {
    case 'comment':
      return o.has('--comment') ? { kind: 'comment', text: o.get('--comment')! } : undefined;
    case 'mark': {
      const [v, m] = (o.get('--mark') ?? '').split('/');
      return v && m ? { kind: 'mark', value: Number(v), mask: Number(m), negate } : undefined;
    }
    case 'conntrack':
      return o.has('--ctstate') ? { kind: 'conntrack', states: o.get('--ctstate')!.split(','), negate } : undefined;
    case 'addrtype': {
      const src = o.get('--src-type');
      const dst = o.get('--dst-type');
      const type = src ?? dst;
      return type === 'LOCAL' && (src === undefined) !== (dst === undefined) ? { kind: 'addrtype', dir: src ? 'src' : 'dst', type, negate } : undefined;
    }
    case 'statistic':
      return o.get('--mode') === 'random' && o.has('--probability') ? { kind: 'statistic', probability: Number(o.get('--probability')) } : undefined;
    case 'recent': {
      const name = o.get('--name');
      if (!name) return undefined;
      // iptables-save adds the defaults kube-proxy leaves out: the full mask and --rsource.
      const fullMask = family === 4 ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
      if (o.has('--mask') && o.get('--mask') !== fullMask) return undefined;
      if (o.has('--set') && !o.has('--rcheck')) return { kind: 'recent', name, op: { kind: 'set' } };
      if (o.has('--rcheck') && o.has('--seconds')) return { kind: 'recent', name, op: { kind: 'rcheck', seconds: Number(o.get('--seconds')), reap: o.has('--reap') } };
      return undefined;
    }
    case 'nfacct':
      return o.has('--nfacct-name') ? { kind: 'nfacct', name: o.get('--nfacct-name')! } : undefined;
    case 'physdev':
      return o.size === 1 && o.has('--physdev-is-in') ? { kind: 'physdev-is-in', negate } : undefined;
    case 'ipvs':
      return negate ? undefined : ipvsMatch(o, family);
    default:
      return undefined;
  }
}

/**
 * `--vaddr IP --vproto tcp --vport N` (kube-proxy) or `--vproto 6 --vaddr IP/32 --vport N`
 * (iptables-save): anything else (another mask, a negation, other options) stays untyped.
 */
function ipvsMatch(o: Map<string, string>, family: IPFamily): Match | undefined {
  const [addr, len] = (o.get('--vaddr') ?? '').split('/');
  const vaddr = addr ? parseIP(addr)?.ip : undefined;
  const full = family === 4 ? '32' : '128';
  const proto = o.get('--vproto');
  const vproto = (Object.keys(PROTOCOL_NUMBERS) as Protocol[]).find((p) => p === proto || String(PROTOCOL_NUMBERS[p]) === proto);
  const vport = o.get('--vport');
  if (o.size !== 3 || !vaddr || vaddr.family !== family || (len !== undefined && len !== full) || !vproto || !vport || !/^\d+$/.test(vport)) return undefined;
  return { kind: 'ipvs', vaddr, vproto, vport: Number(vport) };
}

function parseTarget(words: string[], raw: string[], family: IPFamily, isChain: (name: string) => boolean): Target {
  const [name, ...rest] = words;
  const opt = (o: string) => {
    const k = rest.indexOf(o);
    return k >= 0 ? rest[k + 1] : undefined;
  };
  switch (name) {
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      if (rest.length === 0) return { kind: name === 'ACCEPT' ? 'accept' : name === 'DROP' ? 'drop' : 'return' };
      break;
    case 'REJECT': {
      const expected = family === 4 ? 'icmp-port-unreachable' : 'icmp6-port-unreachable';
      if (rest.length === 0 || (rest.length === 2 && opt('--reject-with') === expected)) return { kind: 'reject' };
      break;
    }
    case 'DNAT': {
      const to = opt('--to-destination');
      const m = to === undefined || rest.length !== 2 ? null : /^\[?([^\]]+?)\]?:(\d+)$/.exec(to);
      const ip = m ? parseIP(m[1]!)?.ip : undefined;
      if (m && ip) return { kind: 'dnat', ip, port: Number(m[2]) };
      break;
    }
    case 'MASQUERADE':
      if (rest.length === 0 || (rest.length === 1 && rest[0] === '--random-fully')) return { kind: 'masquerade', randomFully: rest.length === 1 };
      break;
    case 'MARK': {
      if (rest.length !== 2) break;
      const [op, value] = rest as [string, string];
      if (op === '--or-mark') return { kind: 'mark', op: 'or', value: Number(value) };
      if (op === '--xor-mark') return { kind: 'mark', op: 'xor', value: Number(value) };
      if (op === '--and-mark') return { kind: 'mark', op: 'clear', value: ~Number(value) >>> 0 };
      if (op === '--set-xmark') {
        const [v, m] = value.split('/').map(Number) as [number, number];
        if (v === m && v !== 0) return { kind: 'mark', op: 'or', value: v };
        if (m === 0) return { kind: 'mark', op: 'xor', value: v };
        if (v === 0) return { kind: 'mark', op: 'clear', value: m };
      }
      break;
    }
    default:
      // A jump to a user chain of the table; any other target (LOG, CT ...) is kept as words.
      if (name !== undefined && rest.length === 0 && isChain(name)) return { kind: 'jump', chain: name };
  }
  return { kind: 'unknown', words: ['-j', ...raw] };
}
