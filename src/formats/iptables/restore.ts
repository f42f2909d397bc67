// IR → iptables-restore input, exactly as kube-proxy writes it (restore dialect): chain lines
// `:NAME - [0:0]`, matches in kube-proxy's argument order, addresses without /32, the mark in
// Go's "%#08x" form. Tables, chains and rules in the order the backend built them (its canonical
// order). The `kernel` dialect writes each rule as iptables-save prints it instead.
//
// Each match and target is spelled once, as one string of words (matchText, targetText); a line
// is `-A CHAIN` and those strings appended. A large ruleset has half a million lines, and the
// fewer appends per line the faster the text is made: in-process, the first pass over the
// 10,000-service ruleset took 0.75 of the time of a writer that put each word into a byte
// buffer, and a writer that appended each word to a string 0.93 (docs/performance.md).
import { formatCIDR } from '../../net/cidr.js';
import { formatIP, joinHostPort } from '../../net/ip.js';
import { formatFixed, goHex08 } from '../../net/format.js';
import type { IptablesRuleset, Match, Rule, Target } from '../../ir/iptables.js';
import { appendLine, dportText, sharedMatchArgs, sharedTargetArgs } from './args.js';
import { saveRuleArgs } from './save.js';
import { comment, word } from '../tokens.js';

/** How a comment is quoted: kube-proxy's way in restore text, the shell's in a script. */
export type CommentQuote = (text: string) => string;

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

const PROTOCOL_TEXT: Partial<Record<string, string>> = { tcp: ' -m tcp -p tcp', udp: ' -m udp -p udp', sctp: ' -m sctp -p sctp' };

/** A match's words, each after a space, comments quoted by `quote`. */
function matchText(mt: Match, quote: CommentQuote): string {
  switch (mt.kind) {
    case 'comment':
      return ' -m comment --comment ' + quote(mt.text);
    case 'protocol':
      return mt.bare ? ' -p ' + word(mt.protocol) : (PROTOCOL_TEXT[mt.protocol] ?? ` -m ${word(mt.protocol)} -p ${word(mt.protocol)}`);
    case 'dport':
      return ' --dport ' + (mt.endPort === undefined ? mt.port : dportText(mt));
    case 'addr':
      return (mt.negate ? ' !' : '') + (mt.dir === 'src' ? ' -s ' : ' -d ') + (mt.value.kind === 'ip' ? formatIP(mt.value.ip) : formatCIDR(mt.value.cidr));
    case 'iface':
      return (mt.negate ? ' !' : '') + (mt.dir === 'in' ? ' -i ' : ' -o ') + word(mt.name);
    case 'mark':
      return ` -m mark${mt.negate ? ' !' : ''} --mark ${goHex08(mt.value)}/${goHex08(mt.mask)}`;
    case 'statistic':
      return ' -m statistic --mode random --probability ' + probabilityText(mt.probability);
    case 'recent':
      return ' -m recent --name ' + word(mt.name) + (mt.op.kind === 'set' ? ' --set' : ' --rcheck --seconds ' + mt.op.seconds + (mt.op.reap ? ' --reap' : ''));
    case 'nfacct':
      return ' -m nfacct --nfacct-name ' + word(mt.name);
    case 'ipvs':
      return ` -m ipvs --vaddr ${formatIP(mt.vaddr)} --vproto ${word(mt.vproto)} --vport ${mt.vport}`;
    default: {
      const shared = sharedMatchArgs(mt);
      if (!shared) throw new Error(`internal: no restore text for match ${mt.kind}`);
      return ' ' + shared.join(' ');
    }
  }
}

/** A target's words, each after a space. */
function targetText(tg: Target): string {
  switch (tg.kind) {
    case 'jump':
      return ' -j ' + word(tg.chain);
    case 'reject':
      return ' -j REJECT';
    case 'dnat':
      return ' -j DNAT --to-destination ' + joinHostPort(tg.ip, tg.port);
    case 'mark':
      if (tg.op === 'clear') return ' -j MARK --and-mark ' + goHex08(~tg.value >>> 0);
      return (tg.op === 'or' ? ' -j MARK --or-mark ' : ' -j MARK --xor-mark ') + goHex08(tg.value);
    default: {
      const shared = sharedTargetArgs(tg);
      if (!shared) throw new Error(`internal: no restore text for target ${tg.kind}`);
      return ' ' + shared.join(' ');
    }
  }
}

/** A rule's arguments, each word after a space (`-A CHAIN` goes before them). */
function ruleText(rule: Rule, quote: CommentQuote): string {
  let text = '';
  const matches = rule.matches;
  for (let i = 0; i < matches.length; i++) text += matchText(matches[i]!, quote);
  return rule.target ? text + targetText(rule.target) : text;
}

/**
 * A rule's arguments in kube-proxy's order, one token each, comments quoted by `quote`. The
 * words of a match's text are split at its spaces: no word holds one, except a comment's text
 * (spelled here unsplit) and the kept words of a parsed dump (passed on as they are).
 */
export function restoreRuleTokens(rule: Rule, quote: CommentQuote = comment): string[] {
  const tokens: string[] = [];
  for (const mt of rule.matches) {
    if (mt.kind === 'comment') tokens.push('-m', 'comment', '--comment', quote(mt.text));
    else if (mt.kind === 'unknown') tokens.push(...sharedMatchArgs(mt)!);
    else tokens.push(...matchText(mt, quote).slice(1).split(' '));
  }
  const tg = rule.target;
  if (tg?.kind === 'unknown') tokens.push(...sharedTargetArgs(tg)!);
  else if (tg) tokens.push(...targetText(tg).slice(1).split(' '));
  return tokens;
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
  return rs.tables.map((table) => {
    const text = [...tablePieces(rs, table, opts)].join('');
    return text.slice(0, -1).split('\n');
  });
}

export function writeRestore(rs: IptablesRuleset, opts: RestoreOptions = {}): string {
  return [...restorePieces(rs, opts)].join('');
}

/** A piece is handed out once this many characters of whole lines have gathered. */
export const PIECE_CHARS = 1 << 16;

/**
 * The restore text in pieces of whole lines (about PIECE_CHARS each), in order, made as they
 * are asked for (their concatenation is writeRestore's text): a large ruleset's text is never
 * all in memory, each piece can be written and let go before the next is made.
 */
export function* restorePieces(rs: IptablesRuleset, opts: RestoreOptions = {}): Generator<string> {
  for (const table of rs.tables) yield* tablePieces(rs, table, opts);
}

/**
 * One table's lines, `*table` to `COMMIT`, a line appended to the piece at a time. A piece of
 * 64 Ki characters is an ordinary young string, let go once written; pieces of a megabyte were
 * large objects, which only a full collection frees, and made the peak RSS 48 MiB larger.
 */
function* tablePieces(rs: IptablesRuleset, table: IptablesRuleset['tables'][number], opts: RestoreOptions): Generator<string> {
  const kernel = opts.dialect === 'kernel';
  let piece = `*${table.name}\n`;
  for (const chain of table.chains) {
    piece += ':' + word(chain.name) + ' - [0:0]\n';
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  for (const chain of table.chains) {
    const name = word(chain.name);
    const head = '-A ' + name;
    for (const rule of chain.rules) {
      piece += (kernel ? appendLine(name, saveRuleArgs(rule, rs.family)) : head + ruleText(rule, comment)) + '\n';
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
  }
  yield piece + 'COMMIT\n';
}
