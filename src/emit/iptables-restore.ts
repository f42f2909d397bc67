// IR → iptables-restore input, exactly as kube-proxy writes it (restore dialect): chain lines
// `:NAME - [0:0]`, matches in kube-proxy's argument order, addresses without /32, the mark in
// Go's "%#08x" form. Tables and chains in canonical order (src/ir/order.ts).
import { formatCIDR } from '../net/cidr.js';
import { formatIP, joinHostPort } from '../net/ip.js';
import { formatFixed, goHex08 } from '../net/format.js';
import type { AddrValue, IptablesRuleset, Match, Rule, Target } from '../ir/iptables.js';
import { canonicalize } from '../ir/order.js';
import { saveRuleArgs } from './iptables-save.js';
import { comment, word } from './tokens.js';

export function addrText(v: AddrValue): string {
  return v.kind === 'ip' ? formatIP(v.ip) : formatCIDR(v.cidr);
}

function matchTokens(mt: Match): string[] {
  const neg = (b: boolean) => (b ? ['!'] : []);
  switch (mt.kind) {
    case 'comment':
      return ['-m', 'comment', '--comment', comment(mt.text)];
    case 'protocol':
      return ['-m', mt.protocol, '-p', mt.protocol];
    case 'dport':
      return ['--dport', mt.endPort === undefined ? String(mt.port) : `${mt.port}:${mt.endPort}`];
    case 'addr':
      return [...neg(mt.negate), mt.dir === 'src' ? '-s' : '-d', addrText(mt.value)];
    case 'iface':
      return [...neg(mt.negate), mt.dir === 'in' ? '-i' : '-o', word(mt.name)];
    case 'mark':
      return ['-m', 'mark', ...neg(mt.negate), '--mark', `${goHex08(mt.value)}/${goHex08(mt.mask)}`];
    case 'conntrack':
      return ['-m', 'conntrack', ...neg(mt.negate), '--ctstate', mt.states.join(',')];
    case 'addrtype':
      return ['-m', 'addrtype', ...neg(mt.negate), mt.dir === 'src' ? '--src-type' : '--dst-type', mt.type];
    case 'statistic':
      return ['-m', 'statistic', '--mode', 'random', '--probability', formatFixed(mt.probability, 10)];
    case 'recent':
      return mt.op.kind === 'set'
        ? ['-m', 'recent', '--name', word(mt.name), '--set']
        : ['-m', 'recent', '--name', word(mt.name), '--rcheck', '--seconds', String(mt.op.seconds), ...(mt.op.reap ? ['--reap'] : [])];
    case 'nfacct':
      return ['-m', 'nfacct', '--nfacct-name', word(mt.name)];
    case 'set':
      return ['-m', 'set', '--match-set', word(mt.name), mt.dir];
  }
}

function targetTokens(tg: Target): string[] {
  switch (tg.kind) {
    case 'jump':
      return ['-j', word(tg.chain)];
    case 'accept':
      return ['-j', 'ACCEPT'];
    case 'drop':
      return ['-j', 'DROP'];
    case 'return':
      return ['-j', 'RETURN'];
    case 'reject':
      return ['-j', 'REJECT'];
    case 'dnat':
      return ['-j', 'DNAT', '--to-destination', joinHostPort(tg.ip, tg.port)];
    case 'mark':
      if (tg.op === 'clear') return ['-j', 'MARK', '--and-mark', goHex08(~tg.value >>> 0)];
      return ['-j', 'MARK', tg.op === 'or' ? '--or-mark' : '--xor-mark', goHex08(tg.value)];
    case 'masquerade':
      return ['-j', 'MASQUERADE', ...(tg.randomFully ? ['--random-fully'] : [])];
  }
}

export function restoreRuleArgs(rule: Rule): string {
  const parts: string[] = [];
  for (const mt of rule.matches) parts.push(...matchTokens(mt));
  if (rule.target) parts.push(...targetTokens(rule.target));
  return parts.join(' ');
}

export interface RestoreOptions {
  /**
   * kube-proxy: rules in kube-proxy's own argument order (iptables mode parity).
   * canonical: rules as iptables-save prints them (policy mode: what you load is what you see).
   */
  dialect?: 'kube-proxy' | 'canonical';
}

export function writeRestore(rs: IptablesRuleset, opts: RestoreOptions = {}): string {
  const lines: string[] = [];
  const ruleText = opts.dialect === 'canonical' ? (r: Rule) => saveRuleArgs(r, rs.family) : restoreRuleArgs;
  for (const table of canonicalize(rs).tables) {
    lines.push(`*${table.name}`);
    for (const chain of table.chains) lines.push(`:${word(chain.name)} - [0:0]`);
    for (const chain of table.chains) {
      for (const rule of chain.rules) {
        const args = ruleText(rule);
        lines.push(args === '' ? `-A ${chain.name}` : `-A ${chain.name} ${args}`);
      }
    }
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}
