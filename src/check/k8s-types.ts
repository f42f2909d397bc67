// TypeScript shapes of the objects once they have passed their JSON Schema. Only fields that
// kube-rulec reads are listed; the schemas in schemas/kinds.ts guarantee these types.
type Maybe<T> = T | null | undefined;

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Maybe<Record<string, string>>;
  annotations?: Maybe<Record<string, string>>;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePortSpec {
  name?: string;
  protocol?: Protocol;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceObject {
  metadata: ObjectMeta;
  spec?: {
    type?: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
    clusterIP?: string;
    clusterIPs?: Maybe<string[]>;
    ipFamilies?: Maybe<('IPv4' | 'IPv6')[]>;
    ports?: Maybe<ServicePortSpec[]>;
    selector?: Maybe<Record<string, string>>;
    externalIPs?: Maybe<string[]>;
    sessionAffinity?: 'None' | 'ClientIP';
    sessionAffinityConfig?: Maybe<{ clientIP?: Maybe<{ timeoutSeconds?: Maybe<number> }> }>;
    externalTrafficPolicy?: 'Cluster' | 'Local';
    internalTrafficPolicy?: Maybe<'Cluster' | 'Local'>;
    healthCheckNodePort?: number;
    loadBalancerSourceRanges?: Maybe<string[]>;
    publishNotReadyAddresses?: boolean;
  };
  status?: Maybe<{
    loadBalancer?: Maybe<{ ingress?: Maybe<{ ip?: string; hostname?: string; ipMode?: Maybe<'VIP' | 'Proxy'> }[]> }>;
  }>;
}

export interface EndpointSliceObject {
  metadata: ObjectMeta;
  addressType: 'IPv4' | 'IPv6' | 'FQDN';
  endpoints?: Maybe<
    {
      addresses: string[];
      conditions?: Maybe<{ ready?: Maybe<boolean>; serving?: Maybe<boolean>; terminating?: Maybe<boolean> }>;
      nodeName?: Maybe<string>;
      zone?: Maybe<string>;
      hints?: Maybe<{ forZones?: Maybe<{ name: string }[]>; forNodes?: Maybe<{ name: string }[]> }>;
    }[]
  >;
  ports?: Maybe<{ name?: Maybe<string>; port?: Maybe<number>; protocol?: Maybe<Protocol> }[]>;
}

export interface EndpointAddressSpec {
  ip: string;
  nodeName?: Maybe<string>;
}

export interface EndpointsObject {
  metadata: ObjectMeta;
  subsets?: Maybe<
    {
      addresses?: Maybe<EndpointAddressSpec[]>;
      notReadyAddresses?: Maybe<EndpointAddressSpec[]>;
      ports?: Maybe<{ name?: string; port: number; protocol?: Protocol }[]>;
    }[]
  >;
}

export interface ContainerSpec {
  name: string;
  ports?: Maybe<{ name?: string; containerPort: number; protocol?: Protocol }[]>;
}

export interface PodObject {
  metadata: ObjectMeta;
  spec?: { nodeName?: string; hostNetwork?: boolean; containers?: Maybe<ContainerSpec[]>; initContainers?: Maybe<ContainerSpec[]> };
  status?: Maybe<{ phase?: string; podIP?: string; podIPs?: Maybe<{ ip: string }[]> }>;
}

export interface NamespaceObject {
  metadata: ObjectMeta;
}

/** networking.k8s.io/v1 ServiceCIDR: a range cluster IPs are allocated from. */
export interface ServiceCIDRObject {
  metadata: ObjectMeta;
  spec?: Maybe<{ cidrs?: Maybe<string[]> }>;
}

export interface NodeObject {
  metadata: ObjectMeta;
  spec?: Maybe<{ podCIDR?: string; podCIDRs?: Maybe<string[]> }>;
  status?: Maybe<{ addresses?: Maybe<{ type: string; address: string }[]> }>;
}

export interface LabelSelectorSpec {
  matchLabels?: Maybe<Record<string, string>>;
  matchExpressions?: Maybe<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: Maybe<string[]> }[]>;
}

export interface PolicyPeerSpec {
  podSelector?: Maybe<LabelSelectorSpec>;
  namespaceSelector?: Maybe<LabelSelectorSpec>;
  ipBlock?: Maybe<{ cidr: string; except?: Maybe<string[]> }>;
}

export interface PolicyPortSpec {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyObject {
  metadata: ObjectMeta;
  spec: {
    podSelector: LabelSelectorSpec;
    policyTypes?: Maybe<('Ingress' | 'Egress')[]>;
    ingress?: Maybe<{ from?: Maybe<PolicyPeerSpec[]>; ports?: Maybe<PolicyPortSpec[]> }[]>;
    egress?: Maybe<{ to?: Maybe<PolicyPeerSpec[]>; ports?: Maybe<PolicyPortSpec[]> }[]>;
  };
}

export interface KubeProxyConfigurationObject {
  bindAddress?: string;
  clusterCIDR?: string;
  hostnameOverride?: string;
  mode?: string;
  detectLocalMode?: string;
  detectLocal?: Maybe<{ bridgeInterface?: string; interfaceNamePrefix?: string }>;
  nodePortAddresses?: Maybe<string[]>;
  featureGates?: Maybe<Record<string, boolean>>;
  iptables?: Maybe<{ masqueradeAll?: boolean; masqueradeBit?: Maybe<number>; localhostNodePorts?: Maybe<boolean> }>;
  ipvs?: Maybe<{ scheduler?: string; excludeCIDRs?: Maybe<string[]>; strictARP?: boolean; tcpTimeout?: string; tcpFinTimeout?: string; udpTimeout?: string }>;
  nftables?: Maybe<{ masqueradeAll?: boolean; masqueradeBit?: Maybe<number> }>;
  conntrack?: Maybe<{ tcpBeLiberal?: boolean }>;
}
