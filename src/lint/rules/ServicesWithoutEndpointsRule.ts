// KR0405: Services given without any EndpointSlice or Endpoints at all. Usually half a dump
// (`kubectl get svc` without `kubectl get endpointslices`): every service port would REJECT.
import { diag } from '../../diagnostics/diagnostic.js';
import type { LintRule } from '../rule.js';

export const ServicesWithoutEndpointsRule: LintRule = {
  code: 'KR0405',
  scope: 'input',
  run(ctx) {
    const proxied = ctx.cluster.services.filter((s) => !s.skipped);
    if (proxied.length === 0 || ctx.input.endpointSlices.length > 0 || ctx.input.endpoints.length > 0) return;
    ctx.report(
      diag(
        'KR0405',
        `the input has ${proxied.length} Service${proxied.length === 1 ? '' : 's'} but no EndpointSlice or Endpoints: every service port will be rejected`,
        proxied[0]!.locate(),
        'add the endpoints, e.g. kubectl get endpointslices -A -o yaml',
      ),
    );
  },
};
