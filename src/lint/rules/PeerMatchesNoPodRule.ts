// KR0502: a podSelector / namespaceSelector peer of a NetworkPolicy rule that matches no pod of
// the input: the rule allows nothing from (or to) it.
import { diag } from '../../diagnostics/diagnostic.js';
import { policyScope } from '../../plan/policy.js';
import type { LintRule } from '../rule.js';

export const PeerMatchesNoPodRule: LintRule = {
  code: 'KR0502',
  scope: 'policy',
  run(ctx) {
    const { policies, peerPods } = policyScope(ctx.cluster);
    for (const policy of policies) {
      for (const dir of ['ingress', 'egress'] as const) {
        for (const rule of dir === 'ingress' ? policy.ingressRules : policy.egressRules) {
          for (const peer of rule.peers ?? []) {
            if (peer.kind !== 'pods' || peerPods(policy, peer).length > 0) continue;
            ctx.report(diag('KR0502', `NetworkPolicy ${policy.namespace}/${policy.name}: ${dir} rule ${rule.index} has a peer that matches no pod`, peer.loc()));
          }
        }
      }
    }
  },
};
