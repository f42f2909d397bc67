// KR0504: --hostname-override names a node no pod of the input runs on, so no pod gets a
// firewall chain: usually a typo, or a dump of another cluster.
import { COMMAND_LINE, diag } from '../../diagnostics/diagnostic.js';
import { eligible } from '../../plan/policy.js';
import type { LintRule } from '../rule.js';

export const NoPodOnNodeRule: LintRule = {
  code: 'KR0504',
  scope: 'policy',
  run(ctx) {
    const hostname = ctx.node?.hostname ?? '';
    const pods = ctx.cluster.pods.filter(eligible);
    if (hostname === '' || pods.length === 0 || pods.some((p) => p.nodeName === hostname)) return;
    ctx.report(diag('KR0504', `no pod in the input runs on node ${hostname}; no pod gets a firewall chain`, COMMAND_LINE, 'check --hostname-override against spec.nodeName'));
  },
};
