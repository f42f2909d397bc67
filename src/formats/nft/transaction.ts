// The transaction form: `nft -f` input in knftables' syntax (sigs.k8s.io/knftables objects.go,
// writeOperation), the text kube-proxy's nftables proxier hands to nft on a full sync. One line
// per operation, and every object declared before anything refers to it:
//
//   add table                                  (with its comment)
//   add chain / delete chain                   each base chain, when the table resets them
//   add chain + flush chain                    every chain (base chains with type, hook, priority)
//   add set|map + flush set|map                every set and map (dynamic sets are not flushed)
//   add set|map + delete set|map               the sets and maps that must be gone
//   add rule                                   chain by chain, in order
//   add element                                set by set, in order
//
// Only the table's own objects are flushed (never `flush table` or anyone else's table), so a
// load replaces exactly what the program describes and keeps what it learns at run time.
import type { NftChain, NftContainer, NftMapValue, NftTable } from '../../ir/nftables.js';
import { ruleText, valueText, verdictText } from './statements.js';
import { identifier, quoted } from './words.js';

/** `ip kube-proxy`: the family and table every line names. */
function tableRef(t: NftTable): string {
  return `${t.family} ${identifier(t.name)}`;
}

export function tableLine(t: NftTable): string {
  return `add table ${tableRef(t)}${t.comment === undefined ? '' : ` { comment ${quoted(t.comment)} ; }`}`;
}

export function chainLine(t: NftTable, c: NftChain): string {
  const props: string[] = [];
  if (c.base) {
    let p = ` type ${c.base.type} hook ${c.base.hook}`;
    if (c.base.device !== undefined) p += ` device ${quoted(c.base.device)}`;
    p += ` priority ${c.base.priority} ;`;
    if (c.base.policy !== undefined) p += ` policy ${c.base.policy} ;`;
    props.push(p);
  }
  if (c.comment !== undefined) props.push(` comment ${quoted(c.comment)} ;`);
  return `add chain ${tableRef(t)} ${identifier(c.name)}${props.length ? ` {${props.join('')} }` : ''}`;
}

export function containerLine(t: NftTable, s: NftContainer): string {
  let type = s.key.join(' . ');
  if (s.kind === 'map') type += ` : ${s.value.join(' . ')}`;
  let p = ` type ${type} ;`;
  if (s.flags.length) p += ` flags ${s.flags.join(',')} ;`;
  if (s.timeout !== undefined) p += ` timeout ${s.timeout}s ;`;
  if (s.kind === 'set' && s.autoMerge) p += ' auto-merge ;';
  if (s.comment !== undefined) p += ` comment ${quoted(s.comment)} ;`;
  return `add ${s.kind} ${tableRef(t)} ${identifier(s.name)} {${p} }`;
}

function mapValueText(v: NftMapValue): string {
  return v.kind === 'verdict' ? verdictText(v.verdict) : v.value.map((x) => valueText(x, 'input')).join(' . ');
}

/** The lines, in pieces of up to `chunk` lines (a large cluster's transaction is never one string). */
export function* transactionPieces(t: NftTable, chunk = 4096): Generator<string> {
  let lines: string[] = [];
  const flushIfFull = function* () {
    if (lines.length >= chunk) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  };
  const ref = tableRef(t);
  lines.push(tableLine(t));
  if (t.resetBaseChains) {
    for (const c of t.chains) {
      if (!c.base) continue;
      lines.push(`add chain ${ref} ${identifier(c.name)}`, `delete chain ${ref} ${identifier(c.name)}`);
    }
  }
  for (const c of t.chains) {
    lines.push(chainLine(t, c), `flush chain ${ref} ${identifier(c.name)}`);
    yield* flushIfFull();
  }
  for (const s of t.containers) {
    lines.push(containerLine(t, s));
    if (!(s.kind === 'set' && s.dynamic)) lines.push(`flush ${s.kind} ${ref} ${identifier(s.name)}`);
    yield* flushIfFull();
  }
  for (const s of t.absent ?? []) lines.push(containerLine(t, s), `delete ${s.kind} ${ref} ${identifier(s.name)}`);
  for (const c of t.chains) {
    const name = identifier(c.name);
    for (const r of c.rules) {
      lines.push(`add rule ${ref} ${name} ${ruleText(r.statements, r.comment, 'input')}`);
      yield* flushIfFull();
    }
  }
  for (const s of t.containers) {
    const name = identifier(s.name);
    if (s.kind === 'set') {
      for (const e of s.elements) {
        const key = e.key.map((v) => valueText(v, 'input')).join(' . ');
        const timeout = e.timeout === undefined ? '' : ` timeout ${e.timeout}s`;
        lines.push(`add element ${ref} ${name} { ${key}${timeout}${e.comment === undefined ? '' : ` comment ${quoted(e.comment)}`} }`);
        yield* flushIfFull();
      }
    } else {
      for (const e of s.elements) {
        const key = e.key.map((v) => valueText(v, 'input')).join(' . ');
        lines.push(`add element ${ref} ${name} { ${key}${e.comment === undefined ? '' : ` comment ${quoted(e.comment)}`} : ${mapValueText(e.value)} }`);
        yield* flushIfFull();
      }
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

export function writeTransaction(t: NftTable): string {
  return [...transactionPieces(t)].join('');
}
