// KR0406: a Service with no cluster IP at all (not headless, not ExternalName): hand-written, not
// yet allocated by an API server. kube-proxy skips it (ShouldSkipService), so it gets no rules.
import { diag } from '../../diagnostics/diagnostic.js';
import { watchedByKubeProxy } from '../../model/watched.js';
import type { LintRule } from '../rule.js';

export const ServiceWithoutClusterIPRule: LintRule = {
  code: 'KR0406',
  scope: 'input',
  run(ctx) {
    for (const { obj, raw } of ctx.input.services) {
      const spec = obj.spec ?? {};
      if (!watchedByKubeProxy(obj.metadata.labels) || spec.type === 'ExternalName' || spec.clusterIP || (spec.clusterIPs ?? []).length > 0) continue;
      ctx.report(
        diag(
          'KR0406',
          `Service ${obj.metadata.namespace ?? 'default'}/${obj.metadata.name} has no clusterIP (the API server allocates it); it gets no rules`,
          raw.loc.value(spec.clusterIP === undefined ? ['metadata', 'name'] : ['spec', 'clusterIP']),
          'compile a dump of the cluster (kubectl get svc -A -o yaml), or set spec.clusterIP',
        ),
      );
    }
  },
};
