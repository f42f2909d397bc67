// What kube-proxy gets to see of the input. Its Service and EndpointSlice informers list with one
// label selector, `!service.kubernetes.io/service-proxy-name,!service.kubernetes.io/headless`
// (cmd/kube-proxy/app/server.go, Run: two DoesNotExist requirements, for both kinds), so an
// object with either label, whatever its value, never reaches the proxier. Legacy Endpoints reach
// it only as EndpointSlices made by the mirroring controller, which leaves alone Endpoints
// labelled endpointslice.kubernetes.io/skip-mirror: "true"
// (pkg/controller/endpointslicemirroring, shouldMirror/skipMirror).
import type { Checked } from '../check/index.js';
import type { EndpointSliceObject, EndpointsObject, ServiceObject } from '../check/k8s-types.js';
import { lazyDiag, type Diagnostic } from '../diagnostics/diagnostic.js';

import { HEADLESS_LABEL, SERVICE_PROXY_NAME_LABEL, SKIP_MIRROR_LABEL } from '../check/labels.js';

export { SERVICE_NAME_LABEL } from '../check/labels.js';

/** Whether kube-proxy's Service and EndpointSlice informers let an object with these labels through. */
export function watchedByKubeProxy(labels: Record<string, string> | null | undefined): boolean {
  return !labels || (!Object.hasOwn(labels, SERVICE_PROXY_NAME_LABEL) && !Object.hasOwn(labels, HEADLESS_LABEL));
}

type Watchable = Checked<ServiceObject> | Checked<EndpointSliceObject>;

/** An info diagnostic when kube-proxy's informers filter this Service or EndpointSlice out. */
export function unwatched(kind: 'Service' | 'EndpointSlice', c: Watchable): Diagnostic | undefined {
  const labels = c.obj.metadata.labels ?? {};
  const label = [SERVICE_PROXY_NAME_LABEL, HEADLESS_LABEL].find((l) => Object.hasOwn(labels, l));
  if (!label) return undefined;
  const who = `${kind} ${c.obj.metadata.namespace ?? 'default'}/${c.obj.metadata.name}`;
  const why = label === SERVICE_PROXY_NAME_LABEL && kind === 'Service' ? ' (another proxy serves it)' : '';
  const effect = kind === 'Service' ? 'it gets no rules' : 'it adds no endpoints';
  return lazyDiag('KR0407', `${who} has the ${label} label: kube-proxy does not watch it${why}, so ${effect}`, () => c.raw.loc.key(['metadata', 'labels', label]));
}

/** An info diagnostic when the mirroring controller makes no EndpointSlice of these Endpoints. */
export function notMirrored(c: Checked<EndpointsObject>): Diagnostic | undefined {
  if (c.obj.metadata.labels?.[SKIP_MIRROR_LABEL] !== 'true') return undefined;
  return lazyDiag(
    'KR0408',
    `Endpoints ${c.obj.metadata.namespace ?? 'default'}/${c.obj.metadata.name} has the ${SKIP_MIRROR_LABEL}: "true" label: it is not mirrored into an EndpointSlice, so kube-proxy never sees it`,
    () => c.raw.loc.key(['metadata', 'labels', SKIP_MIRROR_LABEL]),
  );
}
