// KR0402: an EndpointSlice without the kubernetes.io/service-name label. kube-proxy attaches a
// slice to its Service by that label only (endpointslicecache.go), so such a slice adds nothing.
import { diag } from '../../diagnostics/diagnostic.js';
import { SERVICE_NAME_LABEL, watchedByKubeProxy } from '../../model/watched.js';
import type { LintRule } from '../rule.js';

export const SliceWithoutServiceNameRule: LintRule = {
  code: 'KR0402',
  scope: 'input',
  run(ctx) {
    for (const { obj, raw } of ctx.input.endpointSlices) {
      if (!watchedByKubeProxy(obj.metadata.labels) || obj.metadata.labels?.[SERVICE_NAME_LABEL]) continue;
      ctx.report(
        diag(
          'KR0402',
          `EndpointSlice ${obj.metadata.namespace ?? 'default'}/${obj.metadata.name} has no ${SERVICE_NAME_LABEL} label; kube-proxy ignores it`,
          raw.loc.value(['metadata']),
        ),
      );
    }
  },
};
