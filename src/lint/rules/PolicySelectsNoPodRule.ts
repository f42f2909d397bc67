// KR0501: a NetworkPolicy whose podSelector selects no pod of the input (every node, every
// family): it isolates nothing, which is rarely what its author meant.
import { diag } from '../../diagnostics/diagnostic.js';
import { policyScope } from '../../plan/policy.js';
import type { LintRule } from '../rule.js';

export const PolicySelectsNoPodRule: LintRule = {
  code: 'KR0501',
  scope: 'policy',
  run(ctx) {
    const { policies, selected } = policyScope(ctx.cluster);
    for (const policy of policies) {
      if (selected(policy).length === 0) ctx.report(diag('KR0501', `NetworkPolicy ${policy.namespace}/${policy.name} selects no pod`, policy.selectorLoc()));
    }
  },
};
