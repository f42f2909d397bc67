// A lint rule: one relation across objects that kube-proxy (or a policy engine) would silently
// accept but a user wants to hear about. Rules read the checked input and the model, and report
// diagnostics that point at the YAML. One rule per file (src/lint/rules/), listed in index.ts.
import type { CheckedInput } from '../check/index.js';
import type { NodeSettings } from '../config/settings.js';
import type { Code } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../model/types.js';

export interface LintContext {
  input: CheckedInput;
  cluster: Cluster;
  /** The node settings, for rules about one node (undefined where there are none yet). */
  node: NodeSettings | undefined;
  report(d: Diagnostic): void;
}

export interface LintRule {
  /** The code it reports. */
  code: Code;
  /** `input`: run on every command; `policy`: with NetworkPolicies (validate, policy mode). */
  scope: 'input' | 'policy';
  run(ctx: LintContext): void;
}
