// The normalized cluster: typed, addresses parsed, defaults applied the way the API server
// applies them. Family-agnostic; the plan phase picks one IP family.
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Labels, Locate, Protocol } from './basics.js';
import type { Location } from '../diagnostics/diagnostic.js';
import type { NetworkPolicy } from './policy.js';
import type { Scheduler, SchedulerFlag } from '../ir/ipvs.js';

export type { Labels, Locate, Protocol };

export interface ServicePort {
  /** "" when unnamed. */
  name: string;
  protocol: Protocol;
  port: number;
  /** Numeric target port or a container port name; informational (kube-proxy never reads it). */
  targetPort: number | string | undefined;
  /** 0 = none. */
  nodePort: number;
}

export interface LoadBalancerIngress {
  ip: IP;
  /** `ipMode: Proxy` VIPs get no rules. */
  proxyMode: boolean;
}

export interface Service {
  namespace: string;
  name: string;
  type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
  /** Headless or ExternalName: kube-proxy skips it entirely. */
  skipped: boolean;
  /** Cluster IPs by family (after API defaulting of clusterIPs from clusterIP). */
  clusterIPs: ReadonlyMap<IPFamily, IP>;
  ports: ServicePort[];
  selector: Labels | undefined;
  externalIPs: IP[];
  loadBalancerIngress: LoadBalancerIngress[];
  sourceRanges: CIDR[];
  /** Seconds; 0 = no session affinity. */
  affinityTimeout: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  /** 0 = none; only set when the service needs a health check. */
  healthCheckNodePort: number;
  /**
   * IPVS mode: the scheduler its annotation asks for (kube-rulec.io/ipvs-scheduler), and the
   * flags (kube-rulec.io/ipvs-scheduler-flags; undefined: the scheduler's default).
   */
  ipvsScheduler: { scheduler: Scheduler; flags: SchedulerFlag[] | undefined } | undefined;
  /** Where its name is written, for messages about the whole service. */
  locate: Locate;
  /** Where one of its cluster IPs is written (spec.clusterIPs[i], or spec.clusterIP). */
  locateClusterIP: (ip: IP) => Location;
}

export interface EndpointPortSpec {
  /** "" for an unnamed port. */
  name: string;
  port: number;
  protocol: Protocol;
}

export interface EndpointAddress {
  ip: IP;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  nodeName: string | undefined;
  zone: string | undefined;
  zoneHints: string[] | undefined;
  nodeHints: string[] | undefined;
}

/** An EndpointSlice, or one family of one subset of a legacy Endpoints object. */
export interface EndpointGroup {
  namespace: string;
  serviceName: string;
  family: IPFamily;
  ports: EndpointPortSpec[];
  addresses: EndpointAddress[];
  /** Where it came from, for messages. */
  origin: string;
  locate: Locate;
}

export interface ContainerPort {
  name: string | undefined;
  port: number;
  protocol: Protocol;
}

export interface Pod {
  namespace: string;
  name: string;
  labels: Labels;
  nodeName: string | undefined;
  hostNetwork: boolean;
  phase: string | undefined;
  ips: IP[];
  ports: ContainerPort[];
  /** Where its name is written. */
  locate: Locate;
}

export interface Namespace {
  name: string;
  labels: Labels;
  locate: Locate;
}

export interface Node {
  name: string;
  labels: Labels;
  podCIDRs: CIDR[];
  internalIPs: IP[];
  externalIPs: IP[];
  locate: Locate;
}

export interface Cluster {
  services: Service[];
  endpointGroups: EndpointGroup[];
  pods: Pod[];
  namespaces: Namespace[];
  nodes: Node[];
  policies: NetworkPolicy[];
  /**
   * The service CIDRs of the cluster's ServiceCIDR objects, by object name, each object's in its
   * order (nftables mode drops traffic to unallocated addresses inside them).
   */
  serviceCIDRs: CIDR[];
}
