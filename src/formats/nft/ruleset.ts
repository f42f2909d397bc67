// The ruleset form: exactly what `nft list table FAMILY NAME` prints after the transaction is
// loaded into a table that did not exist (nftables 1.0.6, Debian 12; the test in
// test/kernel/nftables.test.ts holds every golden against the kernel's own listing). What this
// version of nft does when it prints:
//   - the table's comment, then its sets and maps, then its chains, each in the order they were
//     created (the transaction's order), a blank line between two objects;
//   - a set: `type`, `size` (65535 for a set a rule updates: nft gives it that size when it
//     creates both together), `flags` (constant, dynamic, interval, timeout), `timeout` as a
//     duration (`3h`, `1d`), `comment`, then its elements sorted by value and cut into lines (5 per
//     line for numbers, protocols and services, 2 for IPv4 addresses, 1 for anything else, the
//     next line indented with three tabs and five spaces);
//   - a base chain: its comment, then `type T hook H priority P; policy accept;`, the priority by
//     name where it is within 10 of a standard one that suits the hook (`dstnat - 10`, `filter`,
//     `srcnat`), else as a number;
//   - rules in the list dialect of statements.ts.
// Another nft version may print some of this differently (a newer nft sorts or wraps otherwise,
// names priorities in more hooks): the form is pinned to the version above.
import type { BaseChainSpec, NftChain, NftContainer, NftDataType, NftFamily, NftTable, Statement } from '../../ir/nftables.js';
import { compareKeys, concatBytes, ruleText, valueText, verdictText } from './statements.js';
import { identifier, quoted } from './words.js';

/** nft's standard priorities (rule.c, std_prios), in the order it tries them. */
const STD_PRIOS: [number, string][] = [
  [-300, 'raw'],
  [-150, 'mangle'],
  [-100, 'dstnat'],
  [0, 'filter'],
  [50, 'security'],
  [100, 'srcnat'],
];

/** std_prio_family_hook_compat for the ip, ip6 and inet families: dstnat only in prerouting, srcnat only in postrouting. */
function prioFits(prio: number, hook: BaseChainSpec['hook']): boolean {
  if (prio === -100) return hook === 'prerouting';
  if (prio === 100) return hook === 'postrouting';
  return true;
}

export function priorityText(family: NftFamily, base: BaseChainSpec): string {
  if (family === 'ip' || family === 'ip6' || family === 'inet') {
    for (const [value, name] of STD_PRIOS) {
      const offset = base.priority - value;
      if (Math.abs(offset) <= 10 && prioFits(value, base.hook)) return offset === 0 ? name : offset > 0 ? `${name} + ${offset}` : `${name} - ${-offset}`;
    }
  }
  return String(base.priority);
}

/** nft's time_print: days, hours, minutes, seconds, each only when not zero. */
export function durationText(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: [number, string][] = [
    [Math.floor(seconds / 86400), 'd'],
    [Math.floor((seconds % 86400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'm'],
    [seconds % 60, 's'],
  ];
  return parts.filter(([v]) => v > 0).map(([v, u]) => `${v}${u}`).join('');
}

/** How many elements nft prints on one line, by the key's type (expression.c, calculate_delim). */
function perLine(key: readonly NftDataType[]): number {
  if (key.length !== 1) return 1;
  switch (key[0]) {
    case 'inet_proto':
    case 'inet_service':
    case 'mark':
    case 'nf_proto':
      return 5;
    case 'ipv4_addr':
    case 'ct_state':
      return 2;
    default:
      return 1;
  }
}

const CONTINUATION = ',\n\t\t\t     ';

/**
 * nft's order of elements (mergesort.c, expr_msort_value): a single value by its number; a
 * concatenation by its bytes read as one host-endian (here little-endian) number, that is from
 * the last byte back: `1.2.3.4 . tcp . 80` sorts by the port's low byte first.
 */
function elementOrder(s: NftContainer): (a: { key: NftContainer['elements'][number]['key'] }, b: { key: NftContainer['elements'][number]['key'] }) => number {
  if (s.key.length === 1) return (a, b) => compareKeys(a.key, b.key);
  return (a, b) => {
    const x = concatBytes(a.key, s.key);
    const y = concatBytes(b.key, s.key);
    for (let i = Math.max(x.length, y.length) - 1; i >= 0; i--) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
}

function elementsText(s: NftContainer): string | undefined {
  if (s.elements.length === 0) return undefined;
  const order = elementOrder(s);
  const texts =
    s.kind === 'set'
      ? [...s.elements]
          .sort(order)
          .map((e) => e.key.map((v) => valueText(v, 'list')).join(' . ') + (e.comment === undefined ? '' : ` comment ${quoted(e.comment)}`))
      : [...s.elements]
          .sort(order)
          .map((e) => {
            const key = e.key.map((v) => valueText(v, 'list')).join(' . ') + (e.comment === undefined ? '' : ` comment ${quoted(e.comment)}`);
            return `${key} : ${e.value.kind === 'verdict' ? verdictText(e.value.verdict) : e.value.value.map((v) => valueText(v, 'list')).join(' . ')}`;
          });
  const n = perLine(s.key);
  let out = '';
  texts.forEach((t, i) => {
    if (i > 0) out += i % n === 0 ? CONTINUATION : ', ';
    out += t;
  });
  return `elements = { ${out} }`;
}

const FLAG_ORDER = ['constant', 'dynamic', 'interval', 'timeout'] as const;

function updatedSets(chains: readonly NftChain[]): Set<string> {
  const names = new Set<string>();
  const visit = (s: Statement) => {
    if (s.kind === 'set-update') names.add(s.set);
  };
  for (const c of chains) for (const r of c.rules) r.statements.forEach(visit);
  return names;
}

function containerText(s: NftContainer, updated: Set<string>): string[] {
  const lines = [`\t${s.kind} ${identifier(s.name)} {`];
  let type = s.key.join(' . ');
  if (s.kind === 'map') type += ` : ${s.value.join(' . ')}`;
  lines.push(`\t\ttype ${type}`);
  if (s.kind === 'set' && updated.has(s.name)) lines.push('\t\tsize 65535');
  const flags = FLAG_ORDER.filter((f) => s.flags.includes(f));
  if (flags.length) lines.push(`\t\tflags ${flags.join(',')}`);
  if (s.timeout !== undefined) lines.push(`\t\ttimeout ${durationText(s.timeout)}`);
  if (s.kind === 'set' && s.autoMerge) lines.push('\t\tauto-merge');
  if (s.comment !== undefined) lines.push(`\t\tcomment ${quoted(s.comment)}`);
  const elements = elementsText(s);
  if (elements !== undefined) lines.push(`\t\t${elements}`);
  lines.push('\t}');
  return lines;
}

function chainText(family: NftFamily, c: NftChain): string[] {
  const lines = [`\tchain ${identifier(c.name)} {`];
  if (c.comment !== undefined) lines.push(`\t\tcomment ${quoted(c.comment)}`);
  if (c.base) {
    const device = c.base.device === undefined ? '' : ` device ${quoted(c.base.device)}`;
    lines.push(`\t\ttype ${c.base.type} hook ${c.base.hook}${device} priority ${priorityText(family, c.base)}; policy ${c.base.policy ?? 'accept'};`);
  }
  for (const r of c.rules) lines.push(`\t\t${ruleText(r.statements, r.comment, 'list')}`);
  lines.push('\t}');
  return lines;
}

/** The listing, in pieces of whole objects. */
export function* rulesetPieces(t: NftTable): Generator<string> {
  const head = [`table ${t.family} ${identifier(t.name)} {`];
  if (t.comment !== undefined) head.push(`\tcomment ${quoted(t.comment)}`);
  yield head.join('\n') + '\n';
  const updated = updatedSets(t.chains);
  let first = true;
  for (const s of t.containers) {
    yield (first ? '' : '\n') + containerText(s, updated).join('\n') + '\n';
    first = false;
  }
  for (const c of t.chains) {
    yield (first ? '' : '\n') + chainText(t.family, c).join('\n') + '\n';
    first = false;
  }
  yield '}\n';
}

export function writeRuleset(t: NftTable): string {
  return [...rulesetPieces(t)].join('');
}
