// KR0503: a named port that no pod it could resolve on has: for ingress the pods the policy
// selects, for egress the pods of the rule's peers (every pod when the rule has no `to`). A named
// port resolves on the destination pod's container ports, by name and protocol.
import { diag } from '../../diagnostics/diagnostic.js';
import { policyScope } from '../../plan/policy.js';
import type { LintRule } from '../rule.js';

export const NamedPortNoPodRule: LintRule = {
  code: 'KR0503',
  scope: 'policy',
  run(ctx) {
    const { pods, policies, selected, peerPods, portNumbers } = policyScope(ctx.cluster);
    for (const policy of policies) {
      const targets = selected(policy);
      for (const dir of ['ingress', 'egress'] as const) {
        for (const rule of dir === 'ingress' ? policy.ingressRules : policy.egressRules) {
          for (const port of rule.ports ?? []) {
            if (port.kind !== 'named') continue;
            const candidates =
              dir === 'ingress'
                ? targets
                : rule.peers === undefined
                  ? pods
                  : rule.peers.flatMap((peer) => (peer.kind === 'pods' ? peerPods(policy, peer) : []));
            if (candidates.some((p) => portNumbers(p, port.name, port.protocol).length > 0)) continue;
            ctx.report(
              diag(
                'KR0503',
                `NetworkPolicy ${policy.namespace}/${policy.name}: no ${dir === 'ingress' ? 'selected' : 'destination'} pod has a ${port.protocol.toUpperCase()} port named ${port.name}`,
                port.loc(),
              ),
            );
          }
        }
      }
    }
  },
};
