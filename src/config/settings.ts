// Node settings, named as kube-proxy names them, grouped by who reads them: what every proxy of
// the node needs (NodeSettings), and one group per dataplane. Resolution order: built-in
// defaults < KubeProxyConfiguration (--config, or one in the input) < command-line flags.
// What to compile and in which output form is not a setting: see config/job.ts.
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Scheduler } from '../ir/ipvs.js';

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';
export const DETECT_LOCAL_MODES: readonly DetectLocalMode[] = ['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'];

/** How pod traffic is told apart from other traffic ("local traffic detector"). */
export type LocalDetector =
  | { kind: 'cidr'; cidr: CIDR }
  | { kind: 'bridge'; interface: string }
  | { kind: 'prefix'; prefix: string };

/** Where NodePorts are reachable: everywhere local, or on listed node addresses. */
export type NodePortDestinations = { kind: 'all' } | { kind: 'addresses'; ips: IP[] };

/** The node every proxy runs on: its name, addresses, pod traffic, and kernel facts. */
export interface NodeSettings {
  /** Which of a dual-stack node's two proxiers is compiled. */
  family: IPFamily;
  /** kube-proxy's node name; endpoints whose nodeName equals it are local. "" = none local. */
  hostname: string;
  /**
   * kube-proxy's node IP of this family (used for "node IP inside loadBalancerSourceRanges"):
   * 127.0.0.1 or ::1 when no node IP of the family is known, as kube-proxy assumes.
   */
  nodeIP: IP;
  /**
   * Every address the node is known to have, of both families (--node-ip, bindAddress, then
   * the Node object's InternalIPs and ExternalIPs): IPVS mode's NodePort virtual services.
   */
  addresses: IP[];
  localDetector: LocalDetector | undefined;
  nodePorts: NodePortDestinations;
  /** sysctl nf_conntrack_tcp_be_liberal != 0: no INVALID drop rule. */
  conntrackTcpBeLiberal: boolean;
  /** nfacct counter matches (needs the nfnetlink_acct counters on the node). */
  nfacct: boolean;
}

/** kube-proxy's `iptables` section; IPVS mode's companion rules read it too. */
export interface IptablesSettings {
  masqueradeAll: boolean;
  masqueradeBit: number;
  /** IPv4 only: NodePorts answer on 127.0.0.0/8 (route_localnet). */
  localhostNodePorts: boolean;
  /** MASQUERADE --random-fully (iptables >= 1.6.2). */
  randomFully: boolean;
}

/** kube-proxy's `nftables` section. */
export interface NftablesSettings {
  masqueradeAll: boolean;
  masqueradeBit: number;
  /**
   * The cluster's service CIDRs (--service-cidrs, else the ServiceCIDR objects of the input):
   * traffic to an address inside them that is no Service's cluster IP is dropped.
   */
  serviceCIDRs: CIDR[];
}

/** kube-proxy's `ipvs` section (and its --ipvs-* flags). */
export interface IpvsSettings {
  /** The scheduler of every virtual service ("" in the configuration is rr). */
  scheduler: Scheduler;
  /** arp_ignore=1, arp_announce=2: only the interface that has an address answers ARP for it. */
  strictARP: boolean;
  /** Virtual services on these addresses are someone else's: never deleted. */
  excludeCIDRs: CIDR[];
  /** IPVS connection timeouts in whole seconds; 0 keeps the kernel's value. */
  tcpTimeout: number;
  tcpFinTimeout: number;
  udpTimeout: number;
}

export interface PolicySettings {
  /** Pod peers as ipsets (`--ipset`). */
  ipset: boolean;
  /** Mark bit for "a policy allowed this packet" (`--policy-mark-bit`, default 16). */
  markBit: number;
  /** What no policy allows is rejected (default) or dropped (`--policy-deny`). */
  deny: 'REJECT' | 'DROP';
}

export interface Settings {
  node: NodeSettings;
  iptables: IptablesSettings;
  ipvs: IpvsSettings;
  nftables: NftablesSettings;
  policy: PolicySettings;
}
