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

function matchArgs(mt: Match, quote: CommentQuote): string[] {
  const shared = sharedMatchArgs(mt);
  if (shared) return shared;
  switch (mt.kind) {
    case 'comment':
      return ['-m', 'comment', '--comment', quote(mt.text)];
    case 'protocol':
      return mt.bare ? ['-p', mt.protocol] : ['-m', mt.protocol, '-p', mt.protocol];
    case 'dport':
      return ['--dport', dportText(mt)];
    case 'addr':
      return [...neg(mt.negate), mt.dir === 'src' ? '-s' : '-d', addrText(mt.value)];
    case 'iface':
      return [...neg(mt.negate), mt.dir === 'in' ? '-i' : '-o', word(mt.name)];
    case 'mark':
      return ['-m', 'mark', ...neg(mt.negate), '--mark', `${goHex08(mt.value)}/${goHex08(mt.mask)}`];
    case 'statistic':
      return ['-m', 'statistic', '--mode', 'random', '--probability', formatFixed(mt.probability, 10)];
    case 'recent':
      return mt.op.kind === 'set'
        ? ['-m', 'recent', '--name', word(mt.name), '--set']
        : ['-m', 'recent', '--name', word(mt.name), '--rcheck', '--seconds', String(mt.op.seconds), ...(mt.op.reap ? ['--reap'] : [])];
    case 'nfacct':
      return ['-m', 'nfacct', '--nfacct-name', word(mt.name)];
    case 'ipvs':
      return ['-m', 'ipvs', '--vaddr', formatIP(mt.vaddr), '--vproto', mt.vproto, '--vport', String(mt.vport)];
    default:
      throw new Error(`internal: no restore text for match ${mt.kind}`);
  }
}

function targetArgs(tg: Target): string[] {
  const shared = sharedTargetArgs(tg);
  if (shared) return shared;
  switch (tg.kind) {
    case 'reject':
      return ['-j', 'REJECT'];
    case 'mark':
      if (tg.op === 'clear') return ['-j', 'MARK', '--and-mark', goHex08(~tg.value >>> 0)];
      return ['-j', 'MARK', tg.op === 'or' ? '--or-mark' : '--xor-mark', goHex08(tg.value)];
    default:
      throw new Error(`internal: no restore text for target ${tg.kind}`);
  }
}

/** A rule's arguments in kube-proxy's order, one token each, comments quoted by `quote`. */
export function restoreRuleTokens(rule: Rule, quote: CommentQuote = comment): string[] {
  const parts: string[] = [];
  for (const mt of rule.matches) parts.push(...matchArgs(mt, quote));
  if (rule.target) parts.push(...targetArgs(rule.target));
  return parts;
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
  const ruleText = opts.dialect === 'kernel' ? (r: Rule) => saveRuleArgs(r, rs.family) : restoreRuleArgs;
  return rs.tables.map((table) => {
    const lines = [`*${table.name}`];
    for (const chain of table.chains) lines.push(`:${word(chain.name)} - [0:0]`);
    for (const chain of table.chains) for (const rule of chain.rules) lines.push(appendLine(chain.name, ruleText(rule)));
    lines.push('COMMIT');
    return lines;
  });
}

export function writeRestore(rs: IptablesRuleset, opts: RestoreOptions = {}): string {
  return restoreTables(rs, opts).flat().join('\n') + '\n';
}
