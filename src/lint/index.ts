// The default lint rules, the graphql-js `specifiedRules` way: every rule in its own file under
// rules/, listed here once, run over the checked input and the model.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LintContext, LintRule } from './rule.js';
import { NamedPortNoPodRule } from './rules/NamedPortNoPodRule.js';
import { NoPodOnNodeRule } from './rules/NoPodOnNodeRule.js';
import { PeerMatchesNoPodRule } from './rules/PeerMatchesNoPodRule.js';
import { PolicySelectsNoPodRule } from './rules/PolicySelectsNoPodRule.js';
import { ServicesWithoutEndpointsRule } from './rules/ServicesWithoutEndpointsRule.js';
import { ServiceWithoutClusterIPRule } from './rules/ServiceWithoutClusterIPRule.js';
import { SharedClusterIPRule } from './rules/SharedClusterIPRule.js';
import { SlicePortWithoutNumberRule } from './rules/SlicePortWithoutNumberRule.js';
import { SliceWithoutServiceNameRule } from './rules/SliceWithoutServiceNameRule.js';

export type { LintContext, LintRule } from './rule.js';

export const DEFAULT_RULES: readonly LintRule[] = [
  // Services and their endpoints (KR04xx)
  SliceWithoutServiceNameRule,
  SlicePortWithoutNumberRule,
  ServicesWithoutEndpointsRule,
  ServiceWithoutClusterIPRule,
  SharedClusterIPRule,
  // NetworkPolicies (KR05xx)
  PolicySelectsNoPodRule,
  PeerMatchesNoPodRule,
  NamedPortNoPodRule,
  NoPodOnNodeRule,
];

/** Runs the rules of a scope and returns what they report. */
export function runLint(ctx: Omit<LintContext, 'report'>, scope: LintRule['scope'], rules: readonly LintRule[] = DEFAULT_RULES): Diagnostic[] {
  const out: Diagnostic[] = [];
  const full: LintContext = { ...ctx, report: (d) => out.push(d) };
  for (const rule of rules) if (rule.scope === scope) rule.run(full);
  return out;
}
