// Policy mode IR → a POSIX sh script: restore the ipsets (with --ipset), rewrite the KR-* chains
// with iptables-restore --noflush (deleting KR-* chains this ruleset no longer has), make sure
// the jumps from FORWARD, INPUT and OUTPUT are the first rule of each (so that no ACCEPT above
// them, such as kube-proxy's KUBE-FORWARD, lets traffic past the policy), then destroy KR ipsets
// no longer used. Running it twice changes nothing; it touches nothing outside KR-* chains,
// KR<family>-* sets and its three jump rules.
import type { IptablesRuleset } from '../ir/iptables.js';
import { writeRestore } from './iptables-restore.js';
import { saveRuleArgs } from './iptables-save.js';
import { writeIpsets } from './ipset.js';
import { restoreDroppingStale, ruleWords } from './sh.js';

export function writePolicyScript(rs: IptablesRuleset, node: string): string {
  const v6 = rs.family === 6;
  const restore = writeRestore(rs, { dialect: 'canonical' });
  const commit = restore.lastIndexOf('COMMIT\n');
  const owned = [...restore.matchAll(/^:(\S+) - \[0:0\]$/gm)].map((mt) => mt[1]!);
  const sets = rs.ipsets ?? [];
  const out: string[] = [];
  out.push('#!/bin/sh');
  out.push(`# NetworkPolicy filter rules${node ? ` for the pods of node ${node}` : ''}, written by kube-rulec.`);
  out.push('# Safe to run again: it rewrites only its own KR-* chains and sets and keeps its jumps first.');
  out.push('set -eu');
  out.push(`IPTABLES=\${IPTABLES:-${v6 ? 'ip6tables' : 'iptables'}}`);
  out.push(`IPTABLES_SAVE=\${IPTABLES_SAVE:-${v6 ? 'ip6tables-save' : 'iptables-save'}}`);
  out.push(`IPTABLES_RESTORE=\${IPTABLES_RESTORE:-${v6 ? 'ip6tables-restore' : 'iptables-restore'}}`);
  out.push('IPSET=${IPSET:-ipset}');
  out.push('');
  if (sets.length > 0) {
    out.push('# peer sets, before the rules that match on them');
    out.push(`"$IPSET" restore <<'KUBE_RULEC_SETS'`);
    out.push(writeIpsets(sets).replace(/\n$/, ''));
    out.push('KUBE_RULEC_SETS');
    out.push('');
  }
  out.push('# the chains this ruleset owns; any other KR-POLICY/POD/NP/NPX chain is stale');
  out.push(...restoreDroppingStale(restore.slice(0, commit), owned, 'filter', '^:KR-(POLICY|POD|NP|NPX)-'));
  out.push('');
  out.push('# the jumps into the policy chains, first in their built-in chains');
  out.push('ensure_first() {');
  out.push('  c=$1; want=$2; shift 2');
  out.push('  [ "$("$IPTABLES" -w -t filter -S "$c" 1 2>/dev/null || true)" = "$want" ] && return 0');
  out.push('  while "$IPTABLES" -w -t filter -D "$c" "$@" 2>/dev/null; do :; done');
  out.push('  "$IPTABLES" -w -t filter -I "$c" 1 "$@"');
  out.push('}');
  for (const j of rs.builtinJumps) {
    const saved = `-A ${j.chain} ${saveRuleArgs(j.rule, rs.family)}`;
    out.push(`ensure_first ${j.chain} '${saved}' ${ruleWords(j.rule)}`);
  }
  out.push('');
  out.push('# KR sets of this family that no rule uses any more');
  out.push(`used='${sets.map((s) => s.name).join('\n')}'`);
  out.push(`for s in $("$IPSET" list -n 2>/dev/null | grep -E '^KR${rs.family}-' | grep -vxF "$used" || true); do "$IPSET" destroy "$s"; done`);
  return out.join('\n') + '\n';
}
