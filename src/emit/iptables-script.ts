// IR → a POSIX sh script that does what kube-proxy does on a full sync:
//   1. creates kube-proxy's nfacct counters (with --nfacct; both of them, used by a rule or not)
//      and sets route_localnet for localhost NodePorts;
//   2. makes sure the jump rules from the built-in chains exist: create the target chain, check
//      the rule with -C, insert it at position 1 only when missing (EnsureChain / EnsureRule);
//   3. runs iptables-restore --noflush with the restore text, deleting stale per-service chains
//      (KUBE-SVC/SVL/EXT/FW/SEP-*) that the ruleset no longer has, as kube-proxy does.
// Running it twice changes nothing, and it touches no chain outside kube-proxy's own.
import type { IptablesRuleset } from '../ir/iptables.js';
import { writeRestore } from './iptables-restore.js';
import { restoreDroppingStale, ruleWords } from './sh.js';
import { word } from './tokens.js';

const STALE_PREFIXES = '^:KUBE-(SVC|SVL|EXT|FW|SEP)-';

export interface ScriptOptions {
  /** The node name, for the header comment. */
  node: string;
  localhostNodePorts: boolean;
}

export function writeScript(rs: IptablesRuleset, opts: ScriptOptions): string {
  const v6 = rs.family === 6;
  const restore = writeRestore(rs);
  const natStart = restore.indexOf('*nat\n');
  const beforeNatCommit = restore.lastIndexOf('COMMIT\n');
  if (natStart < 0 || beforeNatCommit < natStart) throw new Error('internal: restore text without a nat table');
  const owned = [...restore.slice(natStart).matchAll(/^:(KUBE-(?:SVC|SVL|EXT|FW|SEP)-\S+) - \[0:0\]$/gm)].map((mt) => mt[1]!);
  const counters = rs.nfacctCounters ?? [];

  const out: string[] = [];
  out.push('#!/bin/sh');
  out.push(`# kube-proxy iptables-mode rules${opts.node ? ` for node ${opts.node}` : ''}, written by kube-rulec.`);
  out.push('# Safe to run again: it only adds missing jump rules and rewrites the KUBE-* chains it owns.');
  out.push('set -eu');
  out.push(`IPTABLES=\${IPTABLES:-${v6 ? 'ip6tables' : 'iptables'}}`);
  out.push(`IPTABLES_SAVE=\${IPTABLES_SAVE:-${v6 ? 'ip6tables-save' : 'iptables-save'}}`);
  out.push(`IPTABLES_RESTORE=\${IPTABLES_RESTORE:-${v6 ? 'ip6tables-restore' : 'iptables-restore'}}`);
  out.push('');
  if (counters.length > 0) {
    out.push('# the nfacct counters kube-proxy keeps');
    for (const c of counters) out.push(`nfacct get ${word(c)} >/dev/null 2>&1 || nfacct add ${word(c)}`);
    out.push('');
  }
  if (!v6 && opts.localhostNodePorts) {
    out.push('# localhost NodePorts need route_localnet, as kube-proxy sets it');
    out.push('sysctl -q -w net.ipv4.conf.all.route_localnet=1');
    out.push('');
  }
  out.push('ensure_chain() { "$IPTABLES" -w -t "$1" -n -L "$2" >/dev/null 2>&1 || "$IPTABLES" -w -t "$1" -N "$2"; }');
  out.push('ensure_jump() {');
  out.push('  t=$1; c=$2; shift 2');
  out.push('  "$IPTABLES" -w -t "$t" -C "$c" "$@" 2>/dev/null || "$IPTABLES" -w -t "$t" -I "$c" 1 "$@"');
  out.push('}');
  out.push('');
  out.push('# jumps from the built-in chains, in the order kube-proxy ensures them');
  const ensured = new Set<string>();
  for (const j of rs.builtinJumps) {
    if (j.rule.target?.kind !== 'jump') continue;
    const key = `${j.table} ${j.rule.target.chain}`;
    if (!ensured.has(key)) out.push(`ensure_chain ${key}`);
    ensured.add(key);
    out.push(`ensure_jump ${j.table} ${j.chain} ${ruleWords(j.rule)}`);
  }
  out.push('');
  out.push('# per-service chains this ruleset owns; any other KUBE-SVC/SVL/EXT/FW/SEP chain is stale');
  out.push(...restoreDroppingStale(restore.slice(0, beforeNatCommit), owned, 'nat', STALE_PREFIXES));
  return out.join('\n') + '\n';
}
