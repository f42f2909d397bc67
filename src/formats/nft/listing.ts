// The ruleset form: a table exactly as `nft list table FAMILY NAME` prints it after loading its
// transaction (nftables v1.0.6), checked against the kernel by test/kernel/policy-nftables.test.ts.
// nft prints sets and maps first, then chains, each in the order they were made (the IR's
// order); what it prints differently from the transaction:
//   - base chains name their priority (`priority filter + 1`, rule.c prio2str);
//   - a named set's elements are sorted (mergesort.c: by value; a concatenation by its bytes read
//     as one little-endian number, so by its last part first) and wrapped (expression.c
//     calculate_delim: two IPv4 addresses a line, one IPv6 address or concatenation a line);
//   - rules in the `list` dialect (formats/nft/statements.ts).
// Only what the IR's users write is supported; anything else (timeouts, flags other than
// interval/constant, comments on tables, chains and sets) is refused rather than guessed.
import type { IP } from '../../net/ip.js';
import { PROTOCOL_NUMBERS } from '../../ir/addr.js';
import type { BaseChainSpec, NftChain, NftContainer, NftDataType, NftFamily, NftTable, NftValue } from '../../ir/nftables.js';
import { ruleText, valueText, verdictText } from './statements.js';
import { identifier } from './words.js';

/** nft's standard priorities (rule.c std_prios), and the hooks a name is printed for. */
const STD_PRIOS: readonly { name: string; value: number; hooks?: readonly string[] }[] = [
  { name: 'raw', value: -300 },
  { name: 'mangle', value: -150 },
  { name: 'dstnat', value: -100, hooks: ['prerouting', 'output'] },
  { name: 'filter', value: 0 },
  { name: 'security', value: 50 },
  { name: 'srcnat', value: 100, hooks: ['postrouting', 'input'] },
];
/** How far from a standard priority nft still prints it by name (rule.c: within 10). */
const PRIO_OFFSET = 10;

export function priorityText(family: NftFamily, base: BaseChainSpec): string {
  if (family === 'ip' || family === 'ip6' || family === 'inet') {
    for (const p of STD_PRIOS) {
      const offset = base.priority - p.value;
      if (Math.abs(offset) > PRIO_OFFSET) continue;
      if (p.hooks && !p.hooks.includes(base.hook)) break;
      return offset === 0 ? p.name : `${p.name} ${offset > 0 ? '+' : '-'} ${Math.abs(offset)}`;
    }
  }
  return String(base.priority);
}

function unsupported(what: string): never {
  throw new Error(`internal: the ruleset writer does not write ${what}`);
}

/** Bytes of a key part as nft sorts it: each part in its own byte order and length. */
function keyBytes(v: NftValue): number[] {
  switch (v.kind) {
    case 'ip':
      return [...v.ip.bytes];
    case 'protocol':
      return [PROTOCOL_NUMBERS[v.protocol]];
    case 'port':
      return [v.port >> 8, v.port & 0xff];
    default:
      return unsupported(`a ${v.kind} in a concatenated key`);
  }
}

/** nft's order of named-set elements (mergesort.c expr_msort_cmp). */
function compareElementKeys(a: readonly NftValue[], b: readonly NftValue[]): number {
  if (a.length === 1 && b.length === 1) return compareSingle(a[0]!, b[0]!);
  // A concatenation: its bytes, read as a host-endian (little-endian) number.
  const x = a.flatMap(keyBytes);
  const y = b.flatMap(keyBytes);
  if (x.length !== y.length) return x.length - y.length;
  for (let i = x.length - 1; i >= 0; i--) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

function compareSingle(a: NftValue, b: NftValue): number {
  const n = (v: NftValue): bigint => {
    switch (v.kind) {
      case 'ip':
        return ipNumber(v.ip);
      case 'port':
        return BigInt(v.port);
      case 'number':
        return BigInt(v.value);
      case 'protocol':
        return BigInt(PROTOCOL_NUMBERS[v.protocol]);
      default:
        return unsupported(`a ${v.kind} as a set element`);
    }
  };
  const x = n(a);
  const y = n(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function ipNumber(ip: IP): bigint {
  let n = 0n;
  for (const byte of ip.bytes) n = (n << 8n) | BigInt(byte);
  return n;
}

/** Elements a line before nft wraps (expression.c calculate_delim): by the key's type. */
function perLine(key: readonly NftDataType[]): number {
  if (key.length !== 1) return 1;
  switch (key[0]) {
    case 'ipv4_addr':
    case 'ct_state':
      return 2;
    case 'inet_proto':
    case 'inet_service':
    case 'mark':
    case 'nf_proto':
      return 5;
    default:
      return 1;
  }
}

function elementsText(c: NftContainer): string | undefined {
  if (c.elements.length === 0) return undefined;
  const keyText = (key: readonly NftValue[]) => key.map((v) => valueText(v, 'list')).join(' . ');
  const items: { key: readonly NftValue[]; text: string }[] =
    c.kind === 'set'
      ? c.elements.map((e) => {
          if (e.comment !== undefined || e.timeout !== undefined) unsupported('element comments and timeouts');
          return { key: e.key, text: keyText(e.key) };
        })
      : c.elements.map((e) => {
          if (e.comment !== undefined) unsupported('element comments');
          const value = e.value.kind === 'verdict' ? verdictText(e.value.verdict) : keyText(e.value.value);
          return { key: e.key, text: `${keyText(e.key)} : ${value}` };
        });
  items.sort((a, b) => compareElementKeys(a.key, b.key));
  const n = perLine(c.key);
  let out = '';
  items.forEach((item, i) => {
    if (i > 0) out += i % n === 0 ? ',\n\t\t\t     ' : ', ';
    out += item.text;
  });
  return `elements = { ${out} }`;
}

function containerText(c: NftContainer): string {
  if (c.comment !== undefined) unsupported('set comments');
  if (c.timeout !== undefined) unsupported('set timeouts');
  if (c.autoMerge) unsupported('auto-merge');
  const flags = c.flags.filter((f) => f === 'constant' || f === 'interval' || unsupported(`set flag ${f}`));
  let type = c.key.join(' . ');
  if (c.kind === 'map') type += ` : ${c.value.join(' . ')}`;
  const lines = [`\t${c.kind} ${identifier(c.name)} {`, `\t\ttype ${type}`];
  if (flags.length) lines.push(`\t\tflags ${flags.join(',')}`);
  const elements = elementsText(c);
  if (elements !== undefined) lines.push(`\t\t${elements}`);
  lines.push('\t}');
  return lines.join('\n');
}

function chainText(t: NftTable, c: NftChain): string {
  if (c.comment !== undefined) unsupported('chain comments');
  const lines = [`\tchain ${identifier(c.name)} {`];
  if (c.base) {
    if (c.base.device !== undefined) unsupported('netdev chains');
    lines.push(`\t\ttype ${c.base.type} hook ${c.base.hook} priority ${priorityText(t.family, c.base)}; policy ${c.base.policy ?? 'accept'};`);
  }
  for (const r of c.rules) lines.push(`\t\t${ruleText(r.statements, r.comment, 'list')}`);
  lines.push('\t}');
  return lines.join('\n');
}

/** The table as `nft list table` prints it, in pieces (one per set, map or chain). */
export function* rulesetPieces(t: NftTable): Generator<string> {
  if (t.comment !== undefined) unsupported('table comments');
  yield `table ${t.family} ${identifier(t.name)} {\n`;
  let first = true;
  for (const part of [...t.containers.map((c) => () => containerText(c)), ...t.chains.map((c) => () => chainText(t, c))]) {
    yield `${first ? '' : '\n'}${part()}\n`;
    first = false;
  }
  yield '}\n';
}

export function writeRuleset(t: NftTable): string {
  return [...rulesetPieces(t)].join('');
}
