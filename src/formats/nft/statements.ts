// Rule statements as text, in two dialects of nft's language:
//   input: as a transaction writes them (knftables' users, kube-proxy): `mark set mark or 0x4000`,
//          `ip saddr != { 203.0.113.0/25 }`, what the IR says, word for word;
//   list:  as `nft list` prints them back (nftables 1.0.6): `meta mark set meta mark | 0x00004000`,
//          a one-element anonymous set as its element, elements sorted, `, ` between them.
import { formatCIDR } from '../../net/cidr.js';
import { compareIP, formatIP, joinHostPort, type IP } from '../../net/ip.js';
import { PROTOCOL_NUMBERS } from '../../ir/addr.js';
import type { MarkValue, NftDataType, NftValue, Selector, Statement, Verdict } from '../../ir/nftables.js';
import { UnsafeTokenError } from '../tokens.js';
import { identifier, quoted, symbol } from './words.js';

export type Dialect = 'input' | 'list';

export function selectorText(s: Selector, d: Dialect): string {
  switch (s.kind) {
    case 'payload':
      return `${s.base} ${s.field}`;
    case 'l4':
      return `${s.protocol} ${s.field}`;
    case 'th':
      return `th ${s.field}`;
    case 'meta':
      // nft prints the "unqualified" meta keys bare (iifname, oifname, iif, oif), the others with meta.
      if (d === 'list') return ['iifname', 'oifname', 'iif', 'oif'].includes(s.key) ? s.key : `meta ${s.key}`;
      return s.short ? s.key : `meta ${s.key}`;
    case 'ct':
      return `ct ${s.key}`;
    case 'fib':
      return `fib ${s.flags.join(' . ')} ${s.result}`;
    case 'numgen':
      return `numgen ${s.mode} mod ${s.mod}`;
    case 'concat':
      return s.parts.map((p) => selectorText(p, d)).join(' . ');
    case 'and':
      return `${selectorText(s.of, d)} ${d === 'list' ? '&' : 'and'} ${d === 'list' ? markNumber(s.mask, d) : '0x' + s.mask.toString(16).padStart(s.maskDigits ?? 0, '0')}`;
  }
}

/** Whether a selector's values are marks (nft prints them as 0x%08x). */
function isMark(s: Selector): boolean {
  if (s.kind === 'and') return isMark(s.of);
  return (s.kind === 'meta' || s.kind === 'ct') && s.key === 'mark';
}

function markNumber(v: number, d: Dialect): string {
  return d === 'list' ? '0x' + (v >>> 0).toString(16).padStart(8, '0') : '0x' + (v >>> 0).toString(16);
}

export function valueText(v: NftValue, d: Dialect, mark = false): string {
  switch (v.kind) {
    case 'ip':
      return formatIP(v.ip);
    case 'cidr':
      return formatCIDR(v.cidr);
    case 'range':
      return `${formatIP(v.from)}-${formatIP(v.to)}`;
    case 'number':
      return mark && d === 'list' ? markNumber(v.value, d) : String(v.value);
    case 'hex':
      return d === 'list' ? markNumber(v.value, d) : '0x' + v.value.toString(16).padStart(v.digits ?? 0, '0');
    case 'port':
      return String(v.port);
    case 'port-range':
      return `${v.from}-${v.to}`;
    case 'protocol':
      return v.protocol;
    case 'symbol':
      return symbol(v.name);
    case 'string':
      return quoted(v.text);
    case 'set': {
      if (d === 'list') {
        // nft writes a set of one element as that element (at load, before any merge).
        const merged = mergeIntervals(v.elements);
        if (merged) return v.elements.length === 1 ? merged[0]! : `{ ${merged.join(', ')} }`;
        const sorted = [...v.elements].sort(compareValues);
        if (sorted.length === 1) return valueText(sorted[0]!, d, mark);
        return `{ ${sorted.map((e) => valueText(e, d, mark)).join(', ')} }`;
      }
      return `{ ${v.elements.map((e) => valueText(e, d, mark)).join(v.compact ? ',' : ' , ')} }`;
    }
    case 'set-ref':
      return `@${identifier(v.name)}`;
  }
}

const toBig = (ip: IP): bigint => ip.bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);

function fromBig(family: 4 | 6, n: bigint): IP {
  const len = family === 4 ? 4 : 16;
  const bytes = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    bytes[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return { family, bytes };
}

/**
 * An anonymous set of addresses with a prefix or a range in it is an interval set, and nft
 * merges it when it loads (overlapping and adjacent intervals become one): `nft list` prints the
 * merged intervals in order, each as an address, a prefix when it is one, else `a-b`.
 * Undefined: not such a set (printed element by element).
 */
function mergeIntervals(elements: readonly NftValue[]): string[] | undefined {
  if (!elements.some((e) => e.kind === 'cidr' || e.kind === 'range')) return undefined;
  if (!elements.every((e) => e.kind === 'cidr' || e.kind === 'range' || e.kind === 'ip')) return undefined;
  let family: 4 | 6 = 4;
  const spans = elements.map((e): [bigint, bigint] => {
    if (e.kind === 'ip') {
      family = e.ip.family;
      return [toBig(e.ip), toBig(e.ip)];
    }
    if (e.kind === 'range') {
      family = e.from.family;
      return [toBig(e.from), toBig(e.to)];
    }
    const c = (e as Extract<NftValue, { kind: 'cidr' }>).cidr;
    family = c.family;
    const bits = BigInt(c.family === 4 ? 32 : 128);
    const size = 1n << (bits - BigInt(c.prefix));
    return [toBig(c.ip), toBig(c.ip) + size - 1n];
  });
  spans.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const merged: [bigint, bigint][] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1] + 1n) {
      if (s[1] > last[1]) last[1] = s[1];
    } else merged.push([s[0], s[1]]);
  }
  const bits = family === 4 ? 32 : 128;
  return merged.map(([from, to]) => {
    if (from === to) return formatIP(fromBig(family, from));
    const size = to - from + 1n;
    // A prefix: a power of two in size, aligned on it.
    if ((size & (size - 1n)) === 0n && from % size === 0n) {
      const len = bits - (size.toString(2).length - 1);
      return `${formatIP(fromBig(family, from))}/${len}`;
    }
    return `${formatIP(fromBig(family, from))}-${formatIP(fromBig(family, to))}`;
  });
}

/** nft's order of values (set elements as `nft list` prints them): by the value, as a number. */
export function compareValues(a: NftValue, b: NftValue): number {
  const start = (v: NftValue): IP | number | undefined => {
    switch (v.kind) {
      case 'ip':
        return v.ip;
      case 'cidr':
        return v.cidr.ip;
      case 'range':
        return v.from;
      case 'number':
      case 'hex':
        return v.value;
      case 'port':
        return v.port;
      case 'port-range':
        return v.from;
      case 'protocol':
        return PROTOCOL_NUMBERS[v.protocol];
      default:
        return undefined;
    }
  };
  const x = start(a);
  const y = start(b);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (x !== undefined && y !== undefined && typeof x === 'object' && typeof y === 'object') return compareIP(x, y);
  return 0;
}

/** Bytes of one key part as nft stores it: its width, network byte order (marks and ct states host order, little-endian). */
function partBytes(v: NftValue, type: NftDataType | undefined): number[] {
  const be = (n: number, width: number) => Array.from({ length: width }, (_, i) => Math.floor(n / 256 ** (width - 1 - i)) % 256);
  const le = (n: number, width: number) => be(n, width).reverse();
  const ip = v.kind === 'ip' ? v.ip : v.kind === 'cidr' ? v.cidr.ip : v.kind === 'range' ? v.from : undefined;
  if (ip) return [...ip.bytes];
  const n = v.kind === 'protocol' ? PROTOCOL_NUMBERS[v.protocol] : v.kind === 'port' ? v.port : v.kind === 'port-range' ? v.from : v.kind === 'number' || v.kind === 'hex' ? v.value : 0;
  switch (type) {
    case 'inet_proto':
    case 'nf_proto':
      return [n % 256];
    case 'inet_service':
      return be(n, 2);
    case 'mark':
    case 'ct_state':
      return le(n, 4);
    default:
      return be(n, 4);
  }
}

/** A concatenated key's bytes, part after part (mergesort.c, concat_expr_msort_value). */
export function concatBytes(key: readonly NftValue[], types: readonly NftDataType[]): number[] {
  return key.flatMap((v, i) => partBytes(v, types[i]));
}

/** Keys of set and map elements (concatenations compare part by part). */
export function compareKeys(a: readonly NftValue[], b: readonly NftValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function verdictText(v: Verdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${identifier(v.chain)}` : v.kind;
}

function markValueText(v: MarkValue, d: Dialect): string {
  if (v.kind === 'value') return valueText(v.value, d, true);
  const op = d === 'list' ? { or: '|', xor: '^', and: '&' }[v.op] : v.op;
  return `${selectorText(v.of, d)} ${op} ${valueText(v.value, d, true)}`;
}

export function statementText(s: Statement, d: Dialect): string {
  switch (s.kind) {
    case 'match': {
      const mark = isMark(s.left);
      // `==` is implicit, except after a mask (kube-proxy writes it there, and nft prints it).
      const op = s.op === '==' && s.left.kind !== 'and' ? '' : `${s.op} `;
      return `${selectorText(s.left, d)} ${op}${valueText(s.right, d, mark)}`;
    }
    case 'vmap': {
      const key = selectorText(s.key, d);
      if (s.map.kind === 'named') return `${key} vmap @${identifier(s.map.name)}`;
      const entries = d === 'list' ? [...s.map.entries].sort((a, b) => compareValues(a.key, b.key)) : s.map.entries;
      return `${key} vmap { ${entries.map((e) => `${valueText(e.key, d)} : ${verdictText(e.verdict)}`).join(d === 'list' ? ', ' : ' , ')} }`;
    }
    case 'verdict':
      return verdictText(s.verdict);
    case 'reject':
      if (!s.with) return 'reject';
      if (s.with.kind === 'tcp-reset') return 'reject with tcp reset';
      return `reject with ${s.with.kind} ${symbol(s.with.type)}`;
    case 'counter':
      return 'counter';
    case 'mark-set': {
      const target = s.target === 'ct' ? 'ct mark' : d === 'input' && s.short ? 'mark' : 'meta mark';
      return `${target} set ${markValueText(s.value, d)}`;
    }
    case 'masquerade':
      return s.fullyRandom ? 'masquerade fully-random' : 'masquerade';
    case 'snat':
    case 'dnat':
      return `${s.kind} to ${s.port === undefined ? addrOnly(s.ip) : joinHostPort(s.ip, s.port)}`;
    case 'set-update':
      return `${s.op} @${identifier(s.set)} { ${selectorText(s.key, d)}${s.timeout === undefined ? '' : ` timeout ${s.timeout}s`} }`;
    case 'log':
      return s.prefix === undefined ? 'log' : `log prefix ${quoted(s.prefix)}`;
    case 'unknown':
      return s.words.map(unknownWord).join(' ');
  }
}

/** Words kept from parsed text go back as they came, but never end the line or the rule. */
function unknownWord(w: string): string {
  if (w === '' || /[\x00-\x1f\x7f;#]/.test(w)) throw new UnsafeTokenError(`refusing to emit unsafe nft word ${JSON.stringify(w)}`);
  return w;
}

function addrOnly(ip: IP): string {
  return formatIP(ip);
}

export function ruleText(statements: readonly Statement[], comment: string | undefined, d: Dialect): string {
  const body = statements.map((s) => statementText(s, d)).join(' ');
  return comment === undefined ? body : `${body} comment ${quoted(comment)}`;
}
