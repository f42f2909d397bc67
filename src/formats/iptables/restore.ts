// IR → iptables-restore input, exactly as kube-proxy writes it (restore dialect): chain lines
// `:NAME - [0:0]`, matches in kube-proxy's argument order, addresses without /32, the mark in
// Go's "%#08x" form. Tables, chains and rules in the order the backend built them (its canonical
// order). The `kernel` dialect writes each rule as iptables-save prints it instead.
import { formatCIDR } from '../../net/cidr.js';
import { formatIP, joinHostPort, type IP } from '../../net/ip.js';
import { formatFixed, goHex08 } from '../../net/format.js';
import type { IptablesRuleset, Match, Rule, Target } from '../../ir/iptables.js';
import { appendLine, dportText, neg, sharedMatchArgs, sharedTargetArgs } from './args.js';
import { saveRuleArgs } from './save.js';
import { ByteText, PIECE_BYTES } from '../bytes.js';
import { comment, word } from '../tokens.js';

/** How a comment is quoted: kube-proxy's way in restore text, the shell's in a script. */
export type CommentQuote = (text: string) => string;

/**
 * Where a rule's tokens go: the bytes of the restore text (ByteText), or a list of words (a
 * script quotes each). Numbers and addresses have their own calls, so that the bytes get their
 * digits without a string made for each.
 */
interface Sink {
  put(token: string): void;
  putNumber(n: number): void;
  /** An address, or `address:port` (`[address]:port` for IPv6). */
  putIP(ip: IP, port?: number): void;
}

class Tokens implements Sink {
  readonly list: string[] = [];
  put(token: string): void {
    this.list.push(token);
  }
  putNumber(n: number): void {
    this.list.push(String(n));
  }
  putIP(ip: IP, port?: number): void {
    this.list.push(port === undefined ? formatIP(ip) : joinHostPort(ip, port));
  }
}

/** The restore text's bytes: an IPv4 address's digits written straight into them. */
class Bytes extends ByteText implements Sink {
  putIP(ip: IP, port?: number): void {
    if (ip.family !== 4) {
      this.put(port === undefined ? formatIP(ip) : joinHostPort(ip, port));
      return;
    }
    const b = ip.bytes;
    this.space();
    this.decimal(b[0]!);
    this.char(0x2e);
    this.decimal(b[1]!);
    this.char(0x2e);
    this.decimal(b[2]!);
    this.char(0x2e);
    this.decimal(b[3]!);
    if (port !== undefined) {
      this.char(0x3a);
      this.decimal(port);
    }
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
      if (mt.endPort === undefined) out.putNumber(mt.port);
      else out.put(dportText(mt));
      return;
    case 'addr':
      if (mt.negate) out.put('!');
      out.put(mt.dir === 'src' ? '-s' : '-d');
      if (mt.value.kind === 'ip') out.putIP(mt.value.ip);
      else out.put(formatCIDR(mt.value.cidr));
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
      else {
        out.put('--rcheck');
        out.put('--seconds');
        out.putNumber(mt.op.seconds);
        if (mt.op.reap) out.put('--reap');
      }
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
    case 'dnat':
      out.put('-j');
      out.put('DNAT');
      out.put('--to-destination');
      out.putIP(tg.ip, tg.port);
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

/**
 * The restore text in pieces of whole lines (about PIECE_BYTES each), in order, made as they
 * are asked for (their concatenation is writeRestore's text): a large ruleset's text is never
 * all in memory, each piece can be written and let go before the next is made.
 */
export function* restorePieces(rs: IptablesRuleset, opts: RestoreOptions = {}): Generator<string> {
  const out = new Bytes();
  for (const table of rs.tables) yield* tablePieces(rs, table, opts, out);
  if (out.size > 0) yield out.take();
}

/**
 * One table's lines, `*table` to `COMMIT`, into `out`: a piece is taken whenever PIECE_BYTES
 * have gathered, and what is left at the end stays in `out` (taken here when `out` is its own).
 */
function* tablePieces(rs: IptablesRuleset, table: IptablesRuleset['tables'][number], opts: RestoreOptions, into?: Bytes): Generator<string> {
  const out = into ?? new Bytes();
  const kernel = opts.dialect === 'kernel';
  out.put('*');
  out.raw(table.name);
  out.newline();
  for (const chain of table.chains) {
    out.put(':');
    out.raw(word(chain.name));
    out.put('- [0:0]');
    out.newline();
    if (out.size >= PIECE_BYTES) yield out.take();
  }
  for (const chain of table.chains) {
    const name = word(chain.name);
    for (const rule of chain.rules) {
      if (kernel) out.put(appendLine(name, saveRuleArgs(rule, rs.family)));
      else {
        out.put('-A');
        out.put(name);
        putRule(out, rule, comment);
      }
      out.newline();
      if (out.size >= PIECE_BYTES) yield out.take();
    }
  }
  out.put('COMMIT');
  out.newline();
  if (!into) yield out.take();
}
