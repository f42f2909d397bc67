// Shell quoting for generated scripts. Tokens come from the rule writers, which already refuse
// anything unsafe; quoting here only keeps spaces inside comments together.
import type { Rule } from '../ir/iptables.js';
import { restoreRuleArgs } from './iptables-restore.js';

export function shQuote(token: string): string {
  const bare = token.startsWith('"') && token.endsWith('"') ? token.slice(1, -1) : token;
  return /^[A-Za-z0-9_.:/,+=@%-]+$/.test(bare) ? bare : `'${bare}'`;
}

/** A rule's arguments as sh words. */
export function ruleWords(rule: Rule): string {
  const words = restoreRuleArgs(rule).match(/"[^"]*"|\S+/g) ?? [];
  return words.map(shQuote).join(' ');
}

/**
 * sh lines that run iptables-restore --noflush on `restore` (text up to, not including, the
 * last table's COMMIT) and delete every chain of `table` matching `stalePattern` (an ERE on
 * the `:CHAIN` lines of iptables-save) that is not in `owned`: how a rewrite drops chains the
 * ruleset no longer has without touching anyone else's.
 */
export function restoreDroppingStale(restoreUpToCommit: string, owned: string[], table: string, stalePattern: string): string[] {
  return [
    `owned='${owned.join('\n')}'`,
    `stale=$("$IPTABLES_SAVE" -t ${table} | grep -E '${stalePattern}' | cut -d' ' -f1 | cut -c2- | grep -vxF "$owned" || true)`,
    '{',
    `cat <<'KUBE_RULEC_RULES'`,
    restoreUpToCommit.replace(/\n$/, ''),
    'KUBE_RULEC_RULES',
    'for c in $stale; do echo ":$c - [0:0]"; done',
    'for c in $stale; do echo "-X $c"; done',
    'echo COMMIT',
    '} | "$IPTABLES_RESTORE" -w --noflush',
  ];
}
