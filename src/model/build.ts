// check → model: typed objects with the API server's defaults applied. Input is already valid,
// so parsing cannot fail here; addresses that failed their check never reach this phase.
import type { CheckedInput } from '../check/index.js';
import type { EndpointSliceObject, EndpointsObject, NodeObject, PodObject, ServiceObject } from '../check/k8s-types.js';
import { proto } from './protocol.js';
import { IPVS_SCHEDULER_ANNOTATION, IPVS_SCHEDULER_FLAGS_ANNOTATION, SERVICE_NAME_LABEL } from '../check/labels.js';
import { isScheduler, type SchedulerFlag } from '../ir/ipvs.js';
import { parseCIDR, type CIDR } from '../net/cidr.js';
import { byteOrder } from '../net/order.js';
import { ipEquals, parseIP, unmapIPv4, type IP, type IPFamily } from '../net/ip.js';
import type { Locator } from '../load/position.js';
import type { Cluster, EndpointAddress, EndpointGroup, Labels, Locate, Namespace, Node, Pod, Service } from './types.js';
import { lazyDiag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildPolicy } from './policy.js';
import { notMirrored, unwatched } from './watched.js';

export const DEFAULT_AFFINITY_TIMEOUT = 10800;


function ip(text: string): IP {
  const p = parseIP(text);
  if (!p) throw new Error(`internal: unchecked IP ${text}`);
  return p.ip;
}

function tryIP(text: string | undefined | null): IP | undefined {
  return text ? parseIP(text)?.ip : undefined;
}

function cidr(text: string): CIDR {
  const p = parseCIDR(text);
  if (!p) throw new Error(`internal: unchecked CIDR ${text}`);
  return p.cidr;
}

function labels(l: Record<string, string> | null | undefined): Labels {
  return new Map(Object.entries(l ?? {}));
}

export function buildCluster(input: CheckedInput): { cluster: Cluster; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const seen = <T>(list: T[], hidden: (c: T) => Diagnostic | undefined): T[] =>
    list.filter((c) => {
      const d = hidden(c);
      if (d) diagnostics.push(d);
      return !d;
    });
  // Only what kube-proxy's informers let through (model/watched.ts).
  const watchedServices = seen(input.services, (c) => unwatched('Service', c));
  const services = watchedServices.map((c) => buildService(c.obj, c.raw.loc));
  const serviceNames = new Set(services.map((s) => `${s.namespace}/${s.name}`));
  const inputNames = new Set(input.services.map((c) => `${c.obj.metadata.namespace ?? 'default'}/${c.obj.metadata.name}`));
  /** Why endpoints for a service that kube-proxy does not have add nothing. */
  const missing = (key: string) => (inputNames.has(key) ? `which kube-proxy does not watch` : 'which is not in the input');
  const endpointGroups: EndpointGroup[] = [];
  const sliced = new Set<string>();
  for (const { obj, raw } of seen(input.endpointSlices, (c) => unwatched('EndpointSlice', c))) {
    const svc = obj.metadata.labels?.[SERVICE_NAME_LABEL];
    // A slice without the label, or a port without a number: lint rules KR0402 and KR0404.
    if (!svc) continue;
    const locate = () => raw.loc.value(['metadata', 'name']);
    const group = sliceGroup(obj, svc, locate);
    const ns = obj.metadata.namespace ?? 'default';
    if (!group) diagnostics.push(noRules(`EndpointSlice ${ns}/${obj.metadata.name} has addressType FQDN, which kube-proxy ignores`, locate));
    else if (!serviceNames.has(`${ns}/${svc}`)) {
      diagnostics.push(noRules(`EndpointSlice ${ns}/${obj.metadata.name} is for Service ${ns}/${svc}, ${missing(`${ns}/${svc}`)}`, locate));
    }
    if (group) {
      endpointGroups.push(group);
      sliced.add(`${group.namespace}/${svc}`);
    }
  }
  watchedServices.forEach((c, i) => {
    const spec = c.obj.spec ?? {};
    const svc = services[i]!;
    if (svc.type === 'ExternalName') diagnostics.push(noRules(`Service ${svc.namespace}/${svc.name} is an ExternalName service (a DNS name): kube-proxy gives it no rules`, svc.locate));
    else if (svc.skipped && (spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None')) {
      diagnostics.push(noRules(`Service ${svc.namespace}/${svc.name} is headless (clusterIP: None): kube-proxy gives it no rules`, svc.locate));
    }
  });
  // Legacy Endpoints are used only for services that have no EndpointSlice: on a real cluster the
  // mirroring controller makes slices from them, and kube-proxy reads only the slices.
  for (const { obj, raw } of seen(input.endpoints, notMirrored)) {
    const ns = obj.metadata.namespace ?? 'default';
    const key = `${ns}/${obj.metadata.name}`;
    const locate = () => raw.loc.value(['metadata', 'name']);
    if (sliced.has(key)) {
      diagnostics.push(noRules(`Endpoints ${key} is not used: Service ${key} has EndpointSlices, which kube-proxy reads instead`, locate));
      continue;
    }
    if (!serviceNames.has(key)) diagnostics.push(noRules(`Endpoints ${key} is for Service ${key}, ${missing(key)}`, locate));
    endpointGroups.push(...endpointsGroups(obj, locate));
  }
  return {
    cluster: {
      services,
      endpointGroups,
      pods: input.pods.map((c) => buildPod(c.obj, () => c.raw.loc.value(['metadata', 'name']))),
      namespaces: input.namespaces.map((c): Namespace => ({ name: c.obj.metadata.name, labels: labels(c.obj.metadata.labels), locate: () => c.raw.loc.value(['metadata', 'name']) })),
      nodes: input.nodes.map((c) => buildNode(c.obj, () => c.raw.loc.value(['metadata', 'name']))),
      policies: input.networkPolicies.map((c) => buildPolicy(c.obj, c.raw.loc)),
      serviceCIDRs: [...input.serviceCIDRs]
        .sort((a, b) => byteOrder(a.obj.metadata.name, b.obj.metadata.name))
        .flatMap((c) => (c.obj.spec?.cidrs ?? []).flatMap((t) => parseCIDR(t)?.cidr ?? [])),
    },
    diagnostics,
  };
}

/** An object that adds nothing to the rules, and why: listed with --verbose. */
export function noRules(message: string, locate: Locate, hint?: string): Diagnostic {
  return lazyDiag('KR0410', message, locate, hint);
}

function buildService(o: ServiceObject, loc: Locator): Service {
  const spec = o.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const clusterIP = spec.clusterIP ?? '';
  const first = spec.clusterIPs?.[0] ?? clusterIP;
  const skipped = type === 'ExternalName' || clusterIP === 'None' || first === 'None' || first === '';
  const clusterIPs = new Map<IPFamily, IP>();
  if (!skipped) {
    // The API server defaults clusterIPs to [clusterIP]; then GetClusterIPByFamily: without
    // ipFamilies the single cluster IP serves its own family, otherwise ipFamilies[i] names the
    // family of clusterIPs[i].
    const ips = spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs : [clusterIP];
    const families = spec.ipFamilies ?? [];
    if (families.length === 0) {
      const only = ip(ips[0]!);
      clusterIPs.set(only.family, only);
    } else {
      families.forEach((f, i) => {
        const text = ips[i];
        if (text) clusterIPs.set(f === 'IPv4' ? 4 : 6, ip(text));
      });
    }
  }
  const externallyAccessibleType = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0);
  const externalPolicyLocal = externallyAccessibleType && spec.externalTrafficPolicy === 'Local';
  const affinity =
    spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_TIMEOUT) : 0;
  return {
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    type,
    skipped,
    clusterIPs,
    ports: (spec.ports ?? []).map((p) => ({
      name: p.name ?? '',
      protocol: proto(p.protocol),
      port: p.port,
      targetPort: p.targetPort,
      nodePort: p.nodePort ?? 0,
    })),
    selector: spec.selector ? labels(spec.selector) : undefined,
    // An IPv4-mapped IPv6 address here is IPv4, as kube-proxy reads it (checked: KR0321).
    externalIPs: (spec.externalIPs ?? []).map((t) => unmapIPv4(ip(t))),
    loadBalancerIngress: (o.status?.loadBalancer?.ingress ?? [])
      .filter((i) => i.ip)
      .map((i) => ({ ip: unmapIPv4(ip(i.ip!)), proxyMode: i.ipMode === 'Proxy' })),
    sourceRanges: (spec.loadBalancerSourceRanges ?? []).map((r) => cidr(r.trim())),
    affinityTimeout: affinity,
    externalPolicyLocal,
    internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
    healthCheckNodePort: type === 'LoadBalancer' && externalPolicyLocal ? (spec.healthCheckNodePort ?? 0) : 0,
    ipvsScheduler: ipvsScheduler(o.metadata.annotations ?? {}),
    locate: () => loc.value(['metadata', 'name']),
    locateClusterIP: (at: IP) => {
      const k = (spec.clusterIPs ?? []).findIndex((t) => {
        const p = parseIP(t)?.ip;
        return p !== undefined && ipEquals(p, at);
      });
      return loc.value(k >= 0 ? ['spec', 'clusterIPs', k] : ['spec', 'clusterIP']);
    },
  };
}

/** The IPVS scheduler annotations, checked by check/rules/service.ts. */
function ipvsScheduler(annotations: Record<string, string>): Service['ipvsScheduler'] {
  const scheduler = annotations[IPVS_SCHEDULER_ANNOTATION];
  if (scheduler === undefined || !isScheduler(scheduler)) return undefined;
  const flags = annotations[IPVS_SCHEDULER_FLAGS_ANNOTATION];
  return { scheduler, flags: flags === undefined ? undefined : (flags.split(',').filter((f) => f !== '') as SchedulerFlag[]) };
}

function sliceGroup(o: EndpointSliceObject, serviceName: string, locate: Locate): EndpointGroup | undefined {
  if (o.addressType === 'FQDN') return undefined;
  const family: IPFamily = o.addressType === 'IPv4' ? 4 : 6;
  const ports = (o.ports ?? [])
    // kube-proxy skips ports without a port number. A missing name is defaulted to "" by the API
    // server (discovery/v1 SetDefaults_EndpointPort, like the protocol to TCP), so kube-proxy
    // never sees a nil name from a real cluster.
    .filter((p) => p.port !== undefined && p.port !== null && p.port !== 0)
    .map((p) => ({ name: p.name ?? '', port: p.port!, protocol: proto(p.protocol) }));
  const addresses: EndpointAddress[] = (o.endpoints ?? []).map((e) => ({
    ip: ip(e.addresses[0]!),
    ready: e.conditions?.ready ?? true,
    serving: e.conditions?.serving ?? true,
    terminating: e.conditions?.terminating ?? false,
    nodeName: e.nodeName ?? undefined,
    zone: e.zone ?? undefined,
    zoneHints: e.hints?.forZones ? e.hints.forZones.map((z) => z.name) : undefined,
    nodeHints: e.hints?.forNodes ? e.hints.forNodes.map((n) => n.name) : undefined,
  }));
  return {
    namespace: o.metadata.namespace ?? 'default',
    serviceName,
    family,
    ports,
    addresses,
    origin: `EndpointSlice ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
    locate,
  };
}

function endpointsGroups(o: EndpointsObject, locate: Locate): EndpointGroup[] {
  const ns = o.metadata.namespace ?? 'default';
  const out: EndpointGroup[] = [];
  (o.subsets ?? []).forEach((sub) => {
    const ports = (sub.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: proto(p.protocol) }));
    const conv = (ready: boolean) => (a: { ip: string; nodeName?: string | null | undefined }): EndpointAddress => ({
      ip: ip(a.ip),
      ready,
      serving: ready,
      terminating: false,
      nodeName: a.nodeName ?? undefined,
      zone: undefined,
      zoneHints: undefined,
      nodeHints: undefined,
    });
    const all = [...(sub.addresses ?? []).map(conv(true)), ...(sub.notReadyAddresses ?? []).map(conv(false))];
    for (const family of [4, 6] as const) {
      const addresses = all.filter((a) => a.ip.family === family);
      if (addresses.length > 0) {
        out.push({ namespace: ns, serviceName: o.metadata.name, family, ports, addresses, origin: `Endpoints ${ns}/${o.metadata.name}`, locate });
      }
    }
  });
  return out;
}

function buildPod(o: PodObject, locate: Locate): Pod {
  const status = o.status ?? {};
  const ips: IP[] = [];
  for (const text of [status.podIP, ...(status.podIPs ?? []).map((p) => p.ip)]) {
    const a = tryIP(text);
    if (a && !ips.some((b) => b.family === a.family)) ips.push(a);
  }
  return {
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    labels: labels(o.metadata.labels),
    nodeName: o.spec?.nodeName,
    hostNetwork: o.spec?.hostNetwork ?? false,
    phase: status.phase,
    ips,
    ports: [...(o.spec?.containers ?? [])].flatMap((c) =>
      (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: proto(p.protocol) })),
    ),
    locate,
  };
}

function buildNode(o: NodeObject, locate: Locate): Node {
  const podCIDRs: CIDR[] = [];
  for (const text of [...(o.spec?.podCIDRs ?? []), o.spec?.podCIDR]) {
    if (!text) continue;
    const c = cidr(text);
    if (!podCIDRs.some((x) => x.family === c.family)) podCIDRs.push(c);
  }
  const addrs = o.status?.addresses ?? [];
  return {
    name: o.metadata.name,
    labels: labels(o.metadata.labels),
    podCIDRs,
    internalIPs: addrs.filter((a) => a.type === 'InternalIP').map((a) => ip(a.address)),
    externalIPs: addrs.filter((a) => a.type === 'ExternalIP').map((a) => ip(a.address)),
    locate,
  };
}
