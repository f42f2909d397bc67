// Names of kube-proxy's IPVS mode: its dummy interface, its iptables chains, its ipsets (with
// their types and the comments its rules carry), as pkg/proxy/ipvs/proxier.go and ipset.go
// state them.
import type { IPFamily } from '../../net/ip.js';
import { MAX_SET_NAME, type IpSetKind } from '../../ir/ipset.js';

/** defaultDummyDevice: where virtual IPs are bound so the kernel takes their traffic as local. */
export const DUMMY_DEVICE = 'kube-ipvs0';

// proxier.go: the chains.
export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_SOURCE_RANGES_FIREWALL = 'KUBE-SOURCE-RANGES-FIREWALL';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_NODE_PORT = 'KUBE-NODE-PORT';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_LOAD_BALANCER = 'KUBE-LOAD-BALANCER';
export const KUBE_IPVS_FILTER = 'KUBE-IPVS-FILTER';
export const KUBE_IPVS_OUT_FILTER = 'KUBE-IPVS-OUT-FILTER';

/** iptablesChains: declared (and so flushed) on every sync, in this order. */
export const NAT_CHAINS = [KUBE_SERVICES, KUBE_POSTROUTING, KUBE_NODE_PORT, KUBE_LOAD_BALANCER, KUBE_MARK_MASQ] as const;
export const FILTER_CHAINS = [KUBE_FORWARD, KUBE_NODE_PORT, KUBE_PROXY_FIREWALL, KUBE_SOURCE_RANGES_FIREWALL, KUBE_IPVS_FILTER, KUBE_IPVS_OUT_FILTER] as const;

/** The sets of ipset.go, by their IPv4 names; `setName` gives a family's name. */
export type SetId =
  | 'KUBE-LOOP-BACK'
  | 'KUBE-CLUSTER-IP'
  | 'KUBE-EXTERNAL-IP'
  | 'KUBE-EXTERNAL-IP-LOCAL'
  | 'KUBE-LOAD-BALANCER'
  | 'KUBE-LOAD-BALANCER-FW'
  | 'KUBE-LOAD-BALANCER-LOCAL'
  | 'KUBE-LOAD-BALANCER-SOURCE-IP'
  | 'KUBE-LOAD-BALANCER-SOURCE-CIDR'
  | 'KUBE-NODE-PORT-TCP'
  | 'KUBE-NODE-PORT-LOCAL-TCP'
  | 'KUBE-NODE-PORT-UDP'
  | 'KUBE-NODE-PORT-LOCAL-UDP'
  | 'KUBE-NODE-PORT-SCTP-HASH'
  | 'KUBE-NODE-PORT-LOCAL-SCTP-HASH'
  | 'KUBE-HEALTH-CHECK-NODE-PORT'
  | 'KUBE-IPVS-IPS';

export interface SetInfo {
  id: SetId;
  kind: IpSetKind;
  /** What kube-proxy's rules say about it (`--comment`); never a comment on the set itself. */
  comment: string;
}

/** ipsetInfo: every set kube-proxy's IPVS mode creates, in its order. */
export const SETS: readonly SetInfo[] = [
  { id: 'KUBE-LOOP-BACK', kind: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { id: 'KUBE-CLUSTER-IP', kind: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { id: 'KUBE-EXTERNAL-IP', kind: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { id: 'KUBE-EXTERNAL-IP-LOCAL', kind: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { id: 'KUBE-LOAD-BALANCER', kind: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { id: 'KUBE-LOAD-BALANCER-FW', kind: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { id: 'KUBE-LOAD-BALANCER-LOCAL', kind: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { id: 'KUBE-LOAD-BALANCER-SOURCE-IP', kind: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { id: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', kind: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { id: 'KUBE-NODE-PORT-TCP', kind: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { id: 'KUBE-NODE-PORT-LOCAL-TCP', kind: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { id: 'KUBE-NODE-PORT-UDP', kind: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { id: 'KUBE-NODE-PORT-LOCAL-UDP', kind: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { id: 'KUBE-NODE-PORT-SCTP-HASH', kind: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { id: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', kind: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { id: 'KUBE-HEALTH-CHECK-NODE-PORT', kind: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { id: 'KUBE-IPVS-IPS', kind: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

/**
 * ipset.go NewIPSet: the IPv6 proxier's sets are KUBE-6-..., cut to 31 characters, so that both
 * families' sets live side by side (KUBE-LOAD-BALANCER-SOURCE-CIDR → KUBE-6-LOAD-BALANCER-SOURCE-CID).
 */
export function setName(id: SetId, family: IPFamily): string {
  return family === 4 ? id : `KUBE-6-${id.slice('KUBE-'.length)}`.slice(0, MAX_SET_NAME);
}
