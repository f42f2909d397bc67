// IR → iptables-restore input, exactly as kube-proxy writes it (restore dialect): chain lines
// `:NAME - [0:0]`, matches in kube-proxy's argument order, addresses without /32, the mark in
// Go's "%#08x" form. Tables, chains and rules in the order the backend built them (its canonical
// order). The `kernel` dialect writes each rule as iptables-save prints it instead.
import { formatCIDR } from '../../net/cidr.js';
import { formatIP } from '../../net/ip.js';
import { formatFixed, goHex08 } from '../../net/format.js';
import type { AddrValue } from '../../ir/addr.js';
import type { IptablesRuleset, Match, Rule, Target } from '../../ir/iptables.js';
import { appendLine, dportText, neg, sharedMatchArgs, sharedTargetArgs } from './args.js';
import { saveRuleArgs } from './save.js';
import { comment, word } from '../tokens.js';

export function addrText(v: AddrValue): string {
  return v.kind === 'ip' ? formatIP(v.ip) : formatCIDR(v.cidr);
}

/** How a comment is quoted: kube-proxy's way in restore text, the shell's in a script. */
export type CommentQuote = (text: string) => string;

/** Where a rule's tokens go: a line of text (the restore form) or a list (the script quotes each). */
interface Sink {
  put(token: string): void;
}

/**
 * A rule as one line of text. The tokens gather in one array that every line reuses, and are
 * joined once: a flat string per line (appending token by token would leave a chain of
 * partial strings per line alive until the whole output is joined).
 */
class Line implements Sink {
  private readonly tokens: string[] = [];
  put(token: string): void {
    this.tokens.push(token);
  }
  take(): string {
    const text = this.tokens.join(' ');
    this.tokens.length = 0;
    return text;
  }
}

class Tokens implements Sink {
  readonly list: string[] = [];
  put(token: string): void {
    this.list.push(token);
  }
}

const putAll = (sink: Sink, tokens: readonly string[]) => {
  for (const t of tokens) sink.put(t);
};

/** A probability's 10-digit text; a ruleset holds few distinct ones (1/n), each printed once. */
const probabilities = new Map<number, string>();
function probabilityText(p: number): string {
  let text = probabilities.get(p);
  if (text === undefined) {
    text = formatFixed(p, 10);
    if (probabilities.size < 4096) probabilities.set(p, text);
  }
  return text;
}

function putMatch(out: Sink, mt: Match, quote: CommentQuote): void {
  switch (mt.kind) {
    case 'comment':
      out.put('-m');
      out.put('comment');
      out.put('--comment');
      out.put(quote(mt.text));
      return;
    case 'protocol':
      if (!mt.bare) {
        out.put('-m');
        out.put(mt.protocol);
      }
      out.put('-p');
      out.put(mt.protocol);
      return;
    case 'dport':
      out.put('--dport');
      out.put(dportText(mt));
      return;
    case 'addr':
      if (mt.negate) out.put('!');
      out.put(mt.dir === 'src' ? '-s' : '-d');
      out.put(addrText(mt.value));
      return;
    case 'iface':
      if (mt.negate) out.put('!');
      out.put(mt.dir === 'in' ? '-i' : '-o');
      out.put(word(mt.name));
      return;
    case 'mark':
      putAll(out, ['-m', 'mark', ...neg(mt.negate), '--mark', `${goHex08(mt.value)}/${goHex08(mt.mask)}`]);
      return;
    case 'statistic':
      out.put('-m');
      out.put('statistic');
      out.put('--mode');
      out.put('random');
      out.put('--probability');
      out.put(probabilityText(mt.probability));
      return;
    case 'recent':
      out.put('-m');
      out.put('recent');
      out.put('--name');
      out.put(word(mt.name));
      if (mt.op.kind === 'set') out.put('--set');
      else putAll(out, ['--rcheck', '--seconds', String(mt.op.seconds), ...(mt.op.reap ? ['--reap'] : [])]);
      return;
    case 'nfacct':
      putAll(out, ['-m', 'nfacct', '--nfacct-name', word(mt.name)]);
      return;
    case 'ipvs':
      putAll(out, ['-m', 'ipvs', '--vaddr', formatIP(mt.vaddr), '--vproto', mt.vproto, '--vport', String(mt.vport)]);
      return;
    default: {
      const shared = sharedMatchArgs(mt);
      if (!shared) throw new Error(`internal: no restore text for match ${mt.kind}`);
      putAll(out, shared);
    }
  }
}

function putTarget(out: Sink, tg: Target): void {
  switch (tg.kind) {
    case 'jump':
      out.put('-j');
      out.put(word(tg.chain));
      return;
    case 'reject':
      out.put('-j');
      out.put('REJECT');
      return;
    case 'mark':
      if (tg.op === 'clear') putAll(out, ['-j', 'MARK', '--and-mark', goHex08(~tg.value >>> 0)]);
      else putAll(out, ['-j', 'MARK', tg.op === 'or' ? '--or-mark' : '--xor-mark', goHex08(tg.value)]);
      return;
    default: {
      const shared = sharedTargetArgs(tg);
      if (!shared) throw new Error(`internal: no restore text for target ${tg.kind}`);
      putAll(out, shared);
    }
  }
}

function putRule(out: Sink, rule: Rule, quote: CommentQuote): void {
  for (const mt of rule.matches) putMatch(out, mt, quote);
  if (rule.target) putTarget(out, rule.target);
}

/** A rule's arguments in kube-proxy's order, one token each, comments quoted by `quote`. */
export function restoreRuleTokens(rule: Rule, quote: CommentQuote = comment): string[] {
  const out = new Tokens();
  putRule(out, rule, quote);
  return out.list;
}

export function restoreRuleArgs(rule: Rule): string {
  return restoreRuleTokens(rule).join(' ');
}

const line = new Line();

/** `-A CHAIN args` in kube-proxy's order: the restore form's line for a rule. */
export function restoreRuleLine(chain: string, rule: Rule): string {
  return ruleLine(appendHead(chain), rule);
}

/** `-A CHAIN`, the chain's name checked: made once per chain, not once per rule. */
const appendHead = (chain: string) => `-A ${word(chain)}`;

/** A rule's line after its `-A CHAIN` head. */
function ruleLine(head: string, rule: Rule): string {
  line.put(head);
  putRule(line, rule, comment);
  return line.take();
}

export interface RestoreOptions {
  /**
   * kube-proxy: rules in kube-proxy's own argument order (iptables mode parity).
   * kernel: rules as iptables-save prints them (policy mode: what you load is what you see).
   */
  dialect?: 'kube-proxy' | 'kernel';
}

/** The lines of each table, `*table` to `COMMIT`, in the ruleset's order. */
export function restoreTables(rs: IptablesRuleset, opts: RestoreOptions = {}): string[][] {
  return rs.tables.map((table) => [...tableLineIterator(rs, table, opts)]);
}

export function writeRestore(rs: IptablesRuleset, opts: RestoreOptions = {}): string {
  return [...restorePieces(rs, opts)].join('');
}

/** Lines per piece of restorePieces: large enough to write efficiently, small enough to hold little. */
const PIECE_LINES = 4096;

/**
 * The restore text in pieces of whole lines, in order, made as they are asked for (their
 * concatenation is writeRestore's text): a large ruleset's text is never all in memory, each
 * piece can be written and let go before the next is made.
 */
export function* restorePieces(rs: IptablesRuleset, opts: RestoreOptions = {}): Generator<string> {
  const batch: string[] = [];
  const piece = () => {
    batch.push('');
    const text = batch.join('\n');
    batch.length = 0;
    return text;
  };
  for (const table of rs.tables) {
    // One table's lines at a time, yielded every PIECE_LINES lines.
    const lines = tableLineIterator(rs, table, opts);
    for (const line of lines) {
      batch.push(line);
      if (batch.length >= PIECE_LINES) yield piece();
    }
  }
  if (batch.length > 0) yield piece();
}

function* tableLineIterator(rs: IptablesRuleset, table: IptablesRuleset['tables'][number], opts: RestoreOptions): Generator<string> {
  const kernel = opts.dialect === 'kernel';
  yield `*${table.name}`;
  for (const chain of table.chains) yield `:${word(chain.name)} - [0:0]`;
  for (const chain of table.chains) {
    if (kernel) for (const rule of chain.rules) yield appendLine(chain.name, saveRuleArgs(rule, rs.family));
    else {
      const head = appendHead(chain.name);
      for (const rule of chain.rules) yield ruleLine(head, rule);
    }
  }
  yield 'COMMIT';
}
