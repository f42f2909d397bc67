// The JSON Schema of each kind kube-rulec reads.
import {
  arrayOf,
  bool,
  int,
  intOrString,
  kubeObject,
  labelSelector,
  nullable,
  obj,
  oneOfStrings,
  protocol,
  str,
  stringMap,
  type Schema,
} from './common.js';

export const serviceSchema: Schema = kubeObject(true, {
  spec: obj({
    type: oneOfStrings('ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'),
    clusterIP: str,
    clusterIPs: nullable(arrayOf(str)),
    ipFamilies: nullable({ ...arrayOf(oneOfStrings('IPv4', 'IPv6')), maxItems: 2 }),
    ipFamilyPolicy: nullable(oneOfStrings('SingleStack', 'PreferDualStack', 'RequireDualStack')),
    ports: nullable(
      arrayOf(
        obj(
          {
            name: str,
            protocol,
            port: int,
            targetPort: intOrString,
            nodePort: int,
            appProtocol: str,
          },
          ['port'],
        ),
      ),
    ),
    selector: nullable(stringMap),
    externalIPs: nullable(arrayOf(str)),
    externalName: str,
    sessionAffinity: oneOfStrings('None', 'ClientIP'),
    sessionAffinityConfig: nullable(obj({ clientIP: nullable(obj({ timeoutSeconds: nullable(int) })) })),
    externalTrafficPolicy: oneOfStrings('Cluster', 'Local'),
    internalTrafficPolicy: nullable(oneOfStrings('Cluster', 'Local')),
    healthCheckNodePort: int,
    loadBalancerIP: str,
    loadBalancerSourceRanges: nullable(arrayOf(str)),
    publishNotReadyAddresses: bool,
    trafficDistribution: nullable(str),
  }),
  status: nullable(
    obj({
      loadBalancer: nullable(
        obj({
          ingress: nullable(arrayOf(obj({ ip: str, hostname: str, ipMode: nullable(oneOfStrings('VIP', 'Proxy')) }))),
        }),
      ),
    }),
  ),
});

const endpointConditions = obj({ ready: nullable(bool), serving: nullable(bool), terminating: nullable(bool) });

export const endpointSliceSchema: Schema = kubeObject(
  true,
  {
    addressType: oneOfStrings('IPv4', 'IPv6', 'FQDN'),
    endpoints: nullable(
      arrayOf(
        obj(
          {
            addresses: { ...arrayOf(str), minItems: 1, maxItems: 100 },
            conditions: nullable(endpointConditions),
            hostname: nullable(str),
            nodeName: nullable(str),
            zone: nullable(str),
            hints: nullable(
              obj({
                forZones: nullable(arrayOf(obj({ name: str }, ['name']))),
                forNodes: nullable(arrayOf(obj({ name: str }, ['name']))),
              }),
            ),
          },
          ['addresses'],
        ),
      ),
    ),
    ports: nullable(arrayOf(obj({ name: nullable(str), port: nullable(int), protocol: nullable(protocol), appProtocol: nullable(str) }))),
  },
  ['addressType'],
);

const endpointAddress = obj({ ip: str, hostname: str, nodeName: nullable(str) }, ['ip']);

export const endpointsSchema: Schema = kubeObject(true, {
  subsets: nullable(
    arrayOf(
      obj({
        addresses: nullable(arrayOf(endpointAddress)),
        notReadyAddresses: nullable(arrayOf(endpointAddress)),
        ports: nullable(arrayOf(obj({ name: str, port: int, protocol }, ['port']))),
      }),
    ),
  ),
});

const containerPort = obj({ name: str, containerPort: int, protocol, hostPort: int, hostIP: str }, ['containerPort']);
const container = obj({ name: str, ports: nullable(arrayOf(containerPort)) }, ['name']);

export const podSchema: Schema = kubeObject(true, {
  spec: obj({
    nodeName: str,
    hostNetwork: bool,
    containers: nullable(arrayOf(container)),
    initContainers: nullable(arrayOf(container)),
  }),
  status: nullable(
    obj({
      phase: oneOfStrings('Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'),
      podIP: str,
      podIPs: nullable(arrayOf(obj({ ip: str }, ['ip']))),
    }),
  ),
});

export const namespaceSchema: Schema = kubeObject(false, {});

export const serviceCIDRSchema: Schema = kubeObject(false, { spec: nullable(obj({ cidrs: nullable(arrayOf(str)) })) });

export const nodeSchema: Schema = kubeObject(false, {
  spec: nullable(obj({ podCIDR: str, podCIDRs: nullable(arrayOf(str)) })),
  status: nullable(
    obj({ addresses: nullable(arrayOf(obj({ type: str, address: str }, ['type', 'address']))) }),
  ),
});

const policyPort = obj({ protocol, port: intOrString, endPort: int });
const policyPeer = obj({
  podSelector: nullable(labelSelector),
  namespaceSelector: nullable(labelSelector),
  ipBlock: nullable(obj({ cidr: str, except: nullable(arrayOf(str)) }, ['cidr'])),
});

export const networkPolicySchema: Schema = kubeObject(
  true,
  {
    spec: obj(
      {
        podSelector: labelSelector,
        policyTypes: nullable(arrayOf(oneOfStrings('Ingress', 'Egress'))),
        ingress: nullable(arrayOf(obj({ from: nullable(arrayOf(policyPeer)), ports: nullable(arrayOf(policyPort)) }))),
        egress: nullable(arrayOf(obj({ to: nullable(arrayOf(policyPeer)), ports: nullable(arrayOf(policyPort)) }))),
      },
      ['podSelector'],
    ),
  },
  ['spec'],
);

const syncSettings = { syncPeriod: str, minSyncPeriod: str };

// KubeProxyConfiguration has no metadata; it is a component config file.
export const kubeProxyConfigurationSchema: Schema = obj({
  apiVersion: str,
  kind: str,
  bindAddress: str,
  clusterCIDR: str,
  hostnameOverride: str,
  mode: oneOfStrings('', 'iptables', 'ipvs', 'nftables', 'kernelspace', 'userspace'),
  detectLocalMode: oneOfStrings('', 'ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'),
  detectLocal: nullable(obj({ bridgeInterface: str, interfaceNamePrefix: str })),
  nodePortAddresses: nullable(arrayOf(str)),
  featureGates: nullable({ type: 'object', additionalProperties: bool }),
  iptables: nullable(
    obj({ masqueradeAll: bool, masqueradeBit: nullable(int), localhostNodePorts: nullable(bool), ...syncSettings }),
  ),
  ipvs: nullable(
    obj({
      scheduler: str,
      excludeCIDRs: nullable(arrayOf(str)),
      strictARP: bool,
      tcpTimeout: str,
      tcpFinTimeout: str,
      udpTimeout: str,
      ...syncSettings,
    }),
  ),
  nftables: nullable(obj({ masqueradeAll: bool, masqueradeBit: nullable(int), ...syncSettings })),
  conntrack: nullable(obj({ tcpBeLiberal: bool })),
});
