// Facts of the Kubernetes API that kube-rulec reads, stated once: labels with a meaning, and
// which kinds are cluster-scoped.

/** Kinds without a namespace (the others are namespaced). */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(['Namespace', 'Node', 'KubeProxyConfiguration', 'ServiceCIDR']);

/** The Service an EndpointSlice belongs to (set by the EndpointSlice controller). */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Every Namespace has it, with its own name as value (set by the API server). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** A Service served by another proxy; kube-proxy's informers skip objects with it. */
export const SERVICE_PROXY_NAME_LABEL = 'service.kubernetes.io/service-proxy-name';
/** Set on the EndpointSlices of headless Services; kube-proxy's informers skip objects with it. */
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
/** Legacy Endpoints the EndpointSlice mirroring controller leaves alone (value "true"). */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';

/**
 * kube-rulec's own Service annotations for IPVS mode: this Service's virtual services use this
 * scheduler instead of --ipvs-scheduler ...
 */
export const IPVS_SCHEDULER_ANNOTATION = 'kube-rulec.io/ipvs-scheduler';
/** ... with these flags (comma-separated; they replace kube-proxy's mh-port for mh). */
export const IPVS_SCHEDULER_FLAGS_ANNOTATION = 'kube-rulec.io/ipvs-scheduler-flags';
