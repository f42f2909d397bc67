// KR0404: an EndpointSlice port without a port number, which kube-proxy skips
// (endpointslicecache.go, endpointInfoByServicePort). A port without a name is not skipped: the
// API server stores it with name "".
import { diag } from '../../diagnostics/diagnostic.js';
import { SERVICE_NAME_LABEL, watchedByKubeProxy } from '../../model/watched.js';
import type { LintRule } from '../rule.js';

export const SlicePortWithoutNumberRule: LintRule = {
  code: 'KR0404',
  scope: 'input',
  run(ctx) {
    for (const { obj, raw } of ctx.input.endpointSlices) {
      if (!watchedByKubeProxy(obj.metadata.labels) || !obj.metadata.labels?.[SERVICE_NAME_LABEL]) continue;
      (obj.ports ?? []).forEach((p, i) => {
        if (p.port !== undefined && p.port !== null && p.port !== 0) return;
        ctx.report(
          diag(
            'KR0404',
            `EndpointSlice ${obj.metadata.namespace ?? 'default'}/${obj.metadata.name}: ports[${i}] has no port number; kube-proxy ignores it`,
            raw.loc.value(['ports', i]),
          ),
        );
      });
    }
  },
};
