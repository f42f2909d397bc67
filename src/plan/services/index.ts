// plan: backend-free decisions for one IP family. For every service port: its VIPs, the
// endpoints kube-proxy would use (ready / serving-terminating fallback, cluster and local lists
// decided separately, topology hints), and the verdicts every proxy backend branches on
// (kube-proxy's iptables and nftables proxiers compute the same ones). Built once, never changed.
import type { Settings } from '../../config/settings.js';
import type { Protocol } from '../../ir/addr.js';
import type { CIDR } from '../../net/cidr.js';
import type { IP, IPFamily } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import type { Cluster, EndpointGroup, Node, Service, ServicePort } from '../../model/types.js';
import { collectEndpoints, type PlannedEndpoint } from './endpoints.js';
import { categorize } from './topology.js';

export type { PlannedEndpoint } from './endpoints.js';

/**
 * What the filter table does with traffic that has no endpoint to go to: REJECT when the
 * service has none at all, DROP when it has some but none on this node (traffic policy Local).
 */
export type NoEndpointVerdict = 'reject' | 'drop' | undefined;

export interface ServicePortPlan {
  readonly namespace: string;
  readonly name: string;
  readonly portName: string;
  /** "ns/name" or "ns/name:port": the string kube-proxy puts in comments and hashes. */
  readonly key: string;
  readonly protocol: Protocol;
  readonly clusterIP: IP;
  readonly port: number;
  /** 0: none. */
  readonly nodePort: number;
  readonly externalIPs: readonly IP[];
  readonly loadBalancerVIPs: readonly IP[];
  readonly sourceRanges: readonly CIDR[];
  /** Seconds; 0: no ClientIP affinity. */
  readonly affinityTimeout: number;
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  /** 0: none. */
  readonly healthCheckNodePort: number;
  /** The scheduler (and flags) this Service's annotations ask IPVS mode for, if any. */
  readonly ipvsScheduler: Service['ipvsScheduler'];
  /** Every endpoint of this port, sorted by endpoint string, de-duplicated. */
  readonly endpoints: readonly PlannedEndpoint[];
  readonly clusterEndpoints: readonly PlannedEndpoint[];
  readonly localEndpoints: readonly PlannedEndpoint[];
  readonly allReachable: readonly PlannedEndpoint[];
  readonly hasEndpoints: boolean;
  /** A node port, LB IP or external IP: reachable from outside the cluster network. */
  readonly externallyAccessible: boolean;
  readonly usesClusterEndpoints: boolean;
  readonly usesLocalEndpoints: boolean;
  /** Cluster-IP traffic has an endpoint to go to (for iTP Local: a local one). */
  readonly hasInternalEndpoints: boolean;
  /** External traffic has an endpoint to go to (for eTP Local: a local one). */
  readonly hasExternalEndpoints: boolean;
  /** External destinations go through a per-service external chain first. */
  readonly usesExternalChain: boolean;
  /** Load-balancer traffic is filtered by loadBalancerSourceRanges first. */
  readonly usesFirewall: boolean;
  readonly internalVerdict: NoEndpointVerdict;
  readonly externalVerdict: NoEndpointVerdict;
  /** Where the Service is written, for what a backend cannot do with it. */
  readonly locate: Service['locate'];
}

export interface ServicePlan {
  readonly family: IPFamily;
  readonly servicePorts: readonly ServicePortPlan[];
  /** Endpoints over all service ports (kube-proxy's large-cluster threshold counts these). */
  readonly totalEndpoints: number;
}

export function servicePortKey(namespace: string, name: string, portName: string): string {
  return portName === '' ? `${namespace}/${name}` : `${namespace}/${name}:${portName}`;
}

export function planServices(cluster: Cluster, settings: Settings): ServicePlan {
  const { family, hostname } = settings.node;
  const node = cluster.nodes.find((n) => n.name === hostname);
  // Endpoints per "ns/svc", attached to service ports by port name and protocol.
  const groupsBySvc = new Map<string, EndpointGroup[]>();
  for (const g of cluster.endpointGroups) {
    if (g.family !== family) continue;
    const k = `${g.namespace}/${g.serviceName}`;
    const list = groupsBySvc.get(k);
    if (list) list.push(g);
    else groupsBySvc.set(k, [g]);
  }
  const servicePorts: ServicePortPlan[] = [];
  let totalEndpoints = 0;
  for (const svc of cluster.services) {
    const clusterIP = svc.skipped ? undefined : svc.clusterIPs.get(family);
    if (!clusterIP) continue;
    const groups = groupsBySvc.get(`${svc.namespace}/${svc.name}`) ?? [];
    for (const port of svc.ports) {
      const endpoints = collectEndpoints(groups, port.name, port.protocol, hostname);
      totalEndpoints += endpoints.length;
      servicePorts.push(planServicePort(svc, port, clusterIP, family, endpoints, hostname, node));
    }
  }
  servicePorts.sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.protocol, b.protocol));
  return { family, servicePorts, totalEndpoints };
}

function planServicePort(
  svc: Service,
  port: ServicePort,
  clusterIP: IP,
  family: IPFamily,
  endpoints: PlannedEndpoint[],
  hostname: string,
  node: Node | undefined,
): ServicePortPlan {
  const externalIPs = svc.externalIPs.filter((i) => i.family === family);
  const loadBalancerVIPs = svc.loadBalancerIngress.filter((i) => !i.proxyMode && i.ip.family === family).map((i) => i.ip);
  const sourceRanges = svc.sourceRanges.filter((c) => c.family === family);
  // serviceport.go: ExternallyAccessible, UsesClusterEndpoints, UsesLocalEndpoints.
  const externallyAccessible = port.nodePort !== 0 || loadBalancerVIPs.length > 0 || externalIPs.length > 0;
  const usesClusterEndpoints = !svc.internalPolicyLocal || externallyAccessible;
  const usesLocalEndpoints = svc.internalPolicyLocal || (svc.externalPolicyLocal && externallyAccessible);
  const c = categorize(endpoints, { cluster: usesClusterEndpoints, local: usesLocalEndpoints }, hostname, node);
  // syncProxyRules' verdicts: where cluster-IP and external traffic can go, and what the filter
  // table does when it cannot.
  const noLocal = c.localEndpoints.length === 0;
  const hasInternalEndpoints = c.hasEndpoints && !(svc.internalPolicyLocal && noLocal);
  const hasExternalEndpoints = c.hasEndpoints && !(svc.externalPolicyLocal && noLocal);
  const verdict = (has: boolean): NoEndpointVerdict => (!c.hasEndpoints ? 'reject' : has ? undefined : 'drop');
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
    sourceRanges,
    affinityTimeout: svc.affinityTimeout,
    externalPolicyLocal: svc.externalPolicyLocal,
    internalPolicyLocal: svc.internalPolicyLocal,
    healthCheckNodePort: svc.healthCheckNodePort,
    ipvsScheduler: svc.ipvsScheduler,
    endpoints,
    ...c,
    externallyAccessible,
    usesClusterEndpoints,
    usesLocalEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    usesExternalChain: c.hasEndpoints && externallyAccessible,
    usesFirewall: c.hasEndpoints && loadBalancerVIPs.length > 0 && sourceRanges.length > 0,
    internalVerdict: verdict(hasInternalEndpoints),
    externalVerdict: verdict(hasExternalEndpoints),
    locate: svc.locate,
  };
}
