// plan: backend-free decisions for one IP family. For every service port: its VIPs, the
// endpoints kube-proxy would use (ready / serving-terminating fallback, cluster and local lists
// decided separately, topology hints), and the predicates every proxy backend branches on.
import type { Settings } from '../config/settings.js';
import { joinHostPort, type IP, type IPFamily } from '../net/ip.js';
import type { CIDR } from '../net/cidr.js';
import type { Cluster, Node, Protocol, Service } from '../model/types.js';

export interface PlannedEndpoint {
  ip: IP;
  port: number;
  /** net.JoinHostPort form: "10.0.0.1:80", "[fd00::1]:80". Sort key and hash input. */
  str: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  isLocal: boolean;
  zoneHints: string[] | undefined;
  nodeHints: string[] | undefined;
}

export interface ServicePortPlan {
  namespace: string;
  name: string;
  portName: string;
  /** "ns/name" or "ns/name:port": the string kube-proxy puts in comments and hashes. */
  key: string;
  protocol: Protocol;
  clusterIP: IP;
  port: number;
  nodePort: number;
  externalIPs: IP[];
  loadBalancerVIPs: IP[];
  sourceRanges: CIDR[];
  affinityTimeout: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  healthCheckNodePort: number;
  /** Every endpoint of this port, sorted by endpoint string, de-duplicated. */
  endpoints: PlannedEndpoint[];
  clusterEndpoints: PlannedEndpoint[];
  localEndpoints: PlannedEndpoint[];
  allReachable: PlannedEndpoint[];
  hasEndpoints: boolean;
  externallyAccessible: boolean;
  usesClusterEndpoints: boolean;
  usesLocalEndpoints: boolean;
  service: Service;
}

export interface ServicePlan {
  family: IPFamily;
  servicePorts: ServicePortPlan[];
  /** Endpoints over all service ports (kube-proxy's large-cluster threshold counts these). */
  totalEndpoints: number;
}

export function servicePortKey(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function planServices(cluster: Cluster, settings: Settings): ServicePlan {
  const family = settings.node.family;
  const node = cluster.nodes.find((n) => n.name === settings.node.hostname);
  // Endpoints per "ns/svc", attached to service ports by port name and protocol.
  const groupsBySvc = new Map<string, typeof cluster.endpointGroups>();
  for (const g of cluster.endpointGroups) {
    if (g.family !== family) continue;
    const k = `${g.namespace}/${g.serviceName}`;
    const list = groupsBySvc.get(k) ?? [];
    list.push(g);
    groupsBySvc.set(k, list);
  }
  const servicePorts: ServicePortPlan[] = [];
  let totalEndpoints = 0;
  for (const svc of cluster.services) {
    if (svc.skipped) continue;
    const clusterIP = svc.clusterIPs.get(family);
    if (!clusterIP) continue;
    const groups = groupsBySvc.get(`${svc.namespace}/${svc.name}`) ?? [];
    for (const port of svc.ports) {
      const endpoints = collectEndpoints(groups, port.name, port.protocol, settings.node.hostname);
      totalEndpoints += endpoints.length;
      const sp = basePlan(svc, port, clusterIP, family, endpoints);
      categorize(sp, settings.node.hostname, node);
      servicePorts.push(sp);
    }
  }
  servicePorts.sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.protocol, b.protocol));
  return { family, servicePorts, totalEndpoints };
}

function collectEndpoints(
  groups: Cluster['endpointGroups'],
  portName: string,
  protocol: Protocol,
  hostname: string,
): PlannedEndpoint[] {
  const byStr = new Map<string, PlannedEndpoint>();
  // The same ip:port twice (endpointslicecache.go, addEndpoints): a copy replaces an earlier one
  // unless it is terminating, so the last non-terminating copy wins and decides readiness,
  // locality and hints. Within a slice "later" is the slice's own order; kube-proxy walks a
  // service's slices in Go map order, so kube-rulec walks them by name to stay deterministic.
  const ordered = [...groups].sort((a, b) => byteOrder(a.origin, b.origin));
  for (const g of ordered) {
    for (const p of g.ports) {
      if (p.name !== portName || p.protocol !== protocol) continue;
      for (const a of g.addresses) {
        const str = joinHostPort(a.ip, p.port);
        if (byStr.has(str) && a.terminating) continue;
        byStr.set(str, {
          ip: a.ip,
          port: p.port,
          str,
          ready: a.ready,
          serving: a.serving,
          terminating: a.terminating,
          isLocal: hostname !== '' && a.nodeName === hostname,
          zoneHints: a.zoneHints,
          nodeHints: a.nodeHints,
        });
      }
    }
  }
  return [...byStr.values()].sort((a, b) => byteOrder(a.str, b.str));
}

function basePlan(
  svc: Service,
  port: Service['ports'][number],
  clusterIP: IP,
  family: IPFamily,
  endpoints: PlannedEndpoint[],
): ServicePortPlan {
  const externalIPs = svc.externalIPs.filter((i) => i.family === family);
  const loadBalancerVIPs = svc.loadBalancerIngress.filter((i) => !i.proxyMode && i.ip.family === family).map((i) => i.ip);
  const externallyAccessible = port.nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
  return {
    namespace: svc.namespace,
    name: svc.name,
    portName: port.name,
    key: servicePortKey(svc.namespace, svc.name, port.name),
    protocol: port.protocol,
    clusterIP,
    port: port.port,
    nodePort: port.nodePort,
    externalIPs,
    loadBalancerVIPs,
    sourceRanges: svc.sourceRanges.filter((c) => c.family === family),
    affinityTimeout: svc.affinityTimeout,
    externalPolicyLocal: svc.externalPolicyLocal,
    internalPolicyLocal: svc.internalPolicyLocal,
    healthCheckNodePort: svc.healthCheckNodePort,
    endpoints,
    clusterEndpoints: [],
    localEndpoints: [],
    allReachable: [],
    hasEndpoints: false,
    externallyAccessible,
    usesClusterEndpoints: !svc.internalPolicyLocal || externallyAccessible,
    usesLocalEndpoints: svc.internalPolicyLocal || (svc.externalPolicyLocal && externallyAccessible),
    service: svc,
  };
}

/** CategorizeEndpoints (pkg/proxy/topology.go). */
function categorize(sp: ServicePortPlan, hostname: string, node: Node | undefined): void {
  const eps = sp.endpoints;
  if (eps.length === 0) return;
  if (sp.usesClusterEndpoints) {
    const topo = topologyMode(eps, hostname, node?.labels.get('topology.kubernetes.io/zone') ?? '');
    sp.clusterEndpoints = eps.filter((e) => e.ready && availableForTopology(e, topo));
    if (sp.clusterEndpoints.length === 0) sp.clusterEndpoints = eps.filter((e) => e.serving && e.terminating);
    if (sp.clusterEndpoints.length > 0) sp.hasEndpoints = true;
  }
  if (!sp.usesLocalEndpoints) {
    sp.allReachable = sp.clusterEndpoints;
    return;
  }
  let localReady = false;
  let localServingTerminating = false;
  for (const e of eps) {
    if (e.ready) {
      sp.hasEndpoints = true;
      if (e.isLocal) localReady = true;
    } else if (e.serving && e.terminating) {
      sp.hasEndpoints = true;
      if (e.isLocal) localServingTerminating = true;
    }
  }
  if (localReady) sp.localEndpoints = eps.filter((e) => e.isLocal && e.ready);
  else if (localServingTerminating) sp.localEndpoints = eps.filter((e) => e.isLocal && e.serving && e.terminating);
  if (!sp.usesClusterEndpoints) {
    sp.allReachable = sp.localEndpoints;
    return;
  }
  const seen = new Set(sp.clusterEndpoints.map((e) => e.str));
  sp.allReachable = [...sp.clusterEndpoints, ...sp.localEndpoints.filter((e) => !seen.has(e.str))];
}

type Topology = { kind: 'none' } | { kind: 'node'; node: string } | { kind: 'zone'; zone: string };

function topologyMode(eps: PlannedEndpoint[], hostname: string, zone: string): Topology {
  let hasForNode = false;
  let allNodeHints = true;
  let hasForZone = false;
  let allZoneHints = true;
  for (const e of eps) {
    if (!e.ready) continue;
    if (!e.nodeHints || e.nodeHints.length === 0) allNodeHints = false;
    else if (e.nodeHints.includes(hostname)) hasForNode = true;
    if (!e.zoneHints || e.zoneHints.length === 0) allZoneHints = false;
    else if (e.zoneHints.includes(zone)) hasForZone = true;
  }
  if (allNodeHints && hasForNode && hostname !== '') return { kind: 'node', node: hostname };
  if (allZoneHints && hasForZone && zone !== '') return { kind: 'zone', zone };
  return { kind: 'none' };
}

function availableForTopology(e: PlannedEndpoint, t: Topology): boolean {
  if (t.kind === 'node') return e.nodeHints?.includes(t.node) ?? false;
  if (t.kind === 'zone') return e.zoneHints?.includes(t.zone) ?? false;
  return true;
}
