// IR → the text `iptables-save -t filter` / `-t nat` (iptables 1.8, nf_tables backend) prints after
// the restore form has been loaded into an empty table, minus its "# Generated/Completed" lines:
// built-in chains first with policy ACCEPT, user chains in strcmp order, and each rule in the
// kernel's canonical form: addresses with a prefix length, `-s -d -i -o -p` first, then the
// matches in order, marks as --set-xmark, probabilities as the kernel stores them (%.11f of
// round(p * 2^31) / 2^31), comments quoted unless plain words. The kernel test checks this
// against a real iptables-save for every golden.
import { formatCIDR, hostCIDR } from '../../net/cidr.js';
import type { IP, IPFamily } from '../../net/ip.js';
import { cHex, formatFixed } from '../../net/format.js';
import { byteOrder } from '../../net/order.js';
import { PROTOCOL_NUMBERS, type AddrValue } from '../../ir/addr.js';
import type { BuiltinJump, IptablesRuleset, Match, Rule, Target } from '../../ir/iptables.js';
import { appendLine, dportText, sharedMatchArgs, sharedTargetArgs } from './args.js';
import { comment as checkComment, word } from '../tokens.js';

/**
 * xtables_save_string: bare when made of [A-Za-z0-9_-] only, else double-quoted, with a
 * backslash before each ' (and " and \\, which no comment of ours has).
 */
function saveString(s: string): string {
  checkComment(s);
  return /^[A-Za-z0-9_-]+$/.test(s) ? s : `"${s.replace(/'/g, "\\'")}"`;
}

// Rules name the same addresses many times (a pod in every peer that matches it): the text of
// each address object is made once, as for comments and targets below.
const hostTexts = new WeakMap<IP, string>();
function addrText(v: AddrValue): string {
  if (v.kind !== 'ip') return formatCIDR(v.cidr);
  let text = hostTexts.get(v.ip);
  if (text === undefined) hostTexts.set(v.ip, (text = formatCIDR(hostCIDR(v.ip))));
  return text;
}

export function saveRuleArgs(rule: Rule, family: IPFamily): string {
  // One pass over the matches: the head (-s -d -i -o -p, each kind in its order) is collected
  // apart from the body, which keeps the matches' order.
  let src = '';
  let dst = '';
  let inIf = '';
  let outIf = '';
  let proto: Extract<Match, { kind: 'protocol' }> | undefined;
  let dport: Extract<Match, { kind: 'dport' }> | undefined;
  for (const mt of rule.matches) {
    if (mt.kind === 'addr') {
      // A zero-length prefix matches every address: iptables-save prints nothing for it.
      if (!mt.negate && mt.value.kind === 'cidr' && mt.value.cidr.prefix === 0) continue;
      const text = `${mt.negate ? '! ' : ''}${mt.dir === 'src' ? '-s' : '-d'} ${addrText(mt.value)}`;
      if (mt.dir === 'src') src = src === '' ? text : `${src} ${text}`;
      else dst = dst === '' ? text : `${dst} ${text}`;
    } else if (mt.kind === 'iface') {
      const text = `${mt.negate ? '! ' : ''}${mt.dir === 'in' ? '-i' : '-o'} ${word(mt.name)}`;
      if (mt.dir === 'in') inIf = inIf === '' ? text : `${inIf} ${text}`;
      else outIf = outIf === '' ? text : `${outIf} ${text}`;
    } else if (mt.kind === 'protocol') proto ??= mt;
    else if (mt.kind === 'dport') dport ??= mt;
  }
  const parts: string[] = [];
  for (const h of [src, dst, inIf, outIf]) if (h !== '') parts.push(h);
  if (proto) parts.push(`-p ${proto.protocol}`);

  const mask = family === 4 ? '255.255.255.255' : 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff';
  for (const mt of rule.matches) {
    switch (mt.kind) {
      case 'addr':
      case 'iface':
      case 'dport':
        break; // printed in the head, or with their protocol match
      case 'protocol':
        if (!mt.bare) parts.push(`-m ${mt.protocol}`);
        if (dport) parts.push(`--dport ${dportText(dport)}`);
        break;
      case 'comment':
        parts.push(commentArgs(mt));
        break;
      case 'mark':
        parts.push(`-m mark ${mt.negate ? '! ' : ''}--mark ${cHex(mt.value)}/${cHex(mt.mask)}`);
        break;
      case 'conntrack':
      case 'addrtype':
      case 'set':
      case 'physdev-is-in':
      case 'unknown':
      {
        const words = sharedMatchArgs(mt)!;
        if (words.length > 0) parts.push(words.join(' '));
        break;
      }
      case 'ipvs':
        // libxt_ipvs prints the protocol by number, before the address (with its mask).
        parts.push(`-m ipvs --vproto ${PROTOCOL_NUMBERS[mt.vproto]} --vaddr ${formatCIDR(hostCIDR(mt.vaddr))} --vport ${mt.vport}`);
        break;
      case 'statistic':
        parts.push(`-m statistic --mode random --probability ${kernelProbability(mt.probability)}`);
        break;
      case 'recent':
        if (mt.op.kind === 'set') parts.push(`-m recent --set --name ${word(mt.name)} --mask ${mask} --rsource`);
        else parts.push(`-m recent --rcheck --seconds ${mt.op.seconds}${mt.op.reap ? ' --reap' : ''} --name ${word(mt.name)} --mask ${mask} --rsource`);
        break;
      case 'nfacct':
        // iptables prints this option with two spaces before the name.
        parts.push(`-m nfacct --nfacct-name  ${word(mt.name)}`);
        break;
    }
  }
  if (rule.target) parts.push(targetArgs(rule.target, family));
  return parts.join(' ');
}

// A backend gives many rules the same comment and target objects (every rule of a policy rule,
// say): their text is made once per object (IR values are never changed once built), a target's
// once per family (REJECT says which ICMP).
const commentTexts = new WeakMap<Match, string>();
function commentArgs(mt: Extract<Match, { kind: 'comment' }>): string {
  let text = commentTexts.get(mt);
  if (text === undefined) commentTexts.set(mt, (text = `-m comment --comment ${saveString(mt.text)}`));
  return text;
}

const targetTexts = [new WeakMap<Target, string>(), new WeakMap<Target, string>()];
function targetArgs(tg: Target, family: IPFamily): string {
  const texts = targetTexts[family === 4 ? 0 : 1]!;
  let text = texts.get(tg);
  if (text === undefined) texts.set(tg, (text = targetTokens(tg, family).join(' ')));
  return text;
}

/**
 * What iptables-save prints for a probability: iptables reads the restore text's 10-digit value,
 * the kernel keeps lround(p * 2^31), and iptables prints that back with 11 digits.
 */
export function kernelProbability(p: number): string {
  const written = Number(formatFixed(p, 10));
  return formatFixed(Math.round(written * 0x80000000) / 0x80000000, 11);
}

function targetTokens(tg: Target, family: IPFamily): string[] {
  const shared = sharedTargetArgs(tg);
  if (shared) return shared;
  switch (tg.kind) {
    case 'reject':
      return ['-j', 'REJECT', '--reject-with', family === 4 ? 'icmp-port-unreachable' : 'icmp6-port-unreachable'];
    case 'mark':
      if (tg.op === 'clear') return ['-j', 'MARK', '--set-xmark', `0x0/${cHex(tg.value)}`];
      return ['-j', 'MARK', '--set-xmark', tg.op === 'or' ? `${cHex(tg.value)}/${cHex(tg.value)}` : `${cHex(tg.value)}/0x0`];
    default:
      throw new Error(`internal: no save text for target ${tg.kind}`);
  }
}

export interface SaveOptions {
  /** Also show kube-proxy's jumps from the built-in chains (what a node shows after the script form). */
  builtinJumps?: boolean;
}

export function writeSave(rs: IptablesRuleset, opts: SaveOptions = {}): string {
  const lines: string[] = [];
  const order = ['filter', 'nat', 'mangle', 'raw'];
  // Rule order inside each chain is the backend's, as the restore form is written in.
  const tables = [...rs.tables].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const table of tables) {
    lines.push(`*${table.name}`);
    for (const b of table.builtins) lines.push(`:${word(b.name)} ${word(b.policy)} [0:0]`);
    // After the script form, a chain a jump targets exists even when the restore text does not
    // declare it (kube-proxy's EnsureChain): KUBE-FIREWALL on IPv6, for one, stays empty.
    const ensured = opts.builtinJumps
      ? rs.builtinJumps
          .filter((j) => j.table === table.name && j.rule.target?.kind === 'jump')
          .map((j) => (j.rule.target as { kind: 'jump'; chain: string }).chain)
          .filter((name, i, all) => all.indexOf(name) === i && !table.chains.some((c) => c.name === name))
          .map((name) => ({ name, rules: [] }))
      : [];
    const chains = [...table.chains, ...ensured].sort((a, b) => byteOrder(a.name, b.name));
    for (const c of chains) lines.push(`:${word(c.name)} - [0:0]`);
    for (const b of table.builtins) {
      for (const r of b.rules) lines.push(appendLine(b.name, saveRuleArgs(r, rs.family)));
      if (!opts.builtinJumps) continue;
      for (const j of builtinChainRules(rs.builtinJumps, table.name, b.name)) lines.push(appendLine(b.name, saveRuleArgs(j.rule, rs.family)));
    }
    for (const c of chains) for (const r of c.rules) lines.push(appendLine(c.name, saveRuleArgs(r, rs.family)));
    lines.push('COMMIT');
  }
  return lines.join('\n') + '\n';
}

/** Each jump is inserted at position 1, so a chain ends up holding them in reverse order. */
export function builtinChainRules(jumps: readonly BuiltinJump[], table: string, chain: string): BuiltinJump[] {
  return jumps.filter((j) => j.table === table && j.chain === chain).reverse();
}
