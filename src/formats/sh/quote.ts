// Shell quoting for generated scripts. Tokens come from the rule writers, which already refuse
// anything unsafe; quoting here only keeps spaces inside comments together.
import type { Rule } from '../../ir/iptables.js';
import { restoreRuleTokens } from '../iptables/restore.js';
import { comment } from '../tokens.js';

export function shQuote(token: string): string {
  return /^[A-Za-z0-9_.:/,+=@%-]+$/.test(token) ? token : `'${token.replace(/'/g, `'\\''`)}'`;
}

/** A rule's arguments as sh words (kube-proxy's argument order, as `iptables -C/-I` take them). */
export function ruleWords(rule: Rule): string {
  return restoreRuleTokens(rule, checked).map(shQuote).join(' ');
}

/** The comment guard of the rule writers, which passes the text through unchanged when safe. */
function checked(text: string): string {
  comment(text);
  return text;
}
