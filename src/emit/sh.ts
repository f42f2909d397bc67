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
