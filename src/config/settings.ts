// Node settings, named as kube-proxy names them. One resolved Settings value drives every
// backend; fields a backend does not use are simply ignored by it. Resolution order:
// built-in defaults < KubeProxyConfiguration (--config, or one in the input) < command-line flags.
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';

export type ProxyMode = 'iptables' | 'ipvs' | 'nftables' | 'policy' | 'userspace';
export const PROXY_MODES: readonly ProxyMode[] = ['iptables', 'ipvs', 'nftables', 'policy', 'userspace'];

export type OutputFormat = 'restore' | 'save' | 'script' | 'ipset';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['restore', 'save', 'script', 'ipset'];

export type DetectLocalMode = 'ClusterCIDR' | 'NodeCIDR' | 'BridgeInterface' | 'InterfaceNamePrefix';
export const DETECT_LOCAL_MODES: readonly DetectLocalMode[] = ['ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'];

/** How pod traffic is told apart from other traffic ("local traffic detector"). */
export type LocalDetector =
  | { kind: 'cidr'; cidr: CIDR }
  | { kind: 'bridge'; interface: string }
  | { kind: 'prefix'; prefix: string };

/** Where NodePorts are reachable: everywhere local, or on listed node addresses. */
export type NodePortDestinations = { kind: 'all' } | { kind: 'addresses'; ips: IP[] };

export interface IpvsSettings {
  scheduler: string;
  strictARP: boolean;
  excludeCIDRs: CIDR[];
  tcpTimeout: string;
  tcpFinTimeout: string;
  udpTimeout: string;
}

export interface Settings {
  mode: ProxyMode;
  outputFormat: OutputFormat;
  family: IPFamily;
  /** kube-proxy's node name; endpoints whose nodeName equals it are local. "" = none local. */
  hostname: string;
  /**
   * kube-proxy's node IP of this family (used for "node IP inside loadBalancerSourceRanges"):
   * 127.0.0.1 or ::1 when no node IP of the family is known, as kube-proxy assumes.
   */
  nodeIP: IP;
  localDetector: LocalDetector | undefined;
  masqueradeAll: boolean;
  masqueradeBit: number;
  nodePorts: NodePortDestinations;
  /** IPv4 only: NodePorts answer on 127.0.0.0/8 (route_localnet). */
  localhostNodePorts: boolean;
  /** MASQUERADE --random-fully (iptables >= 1.6.2). */
  randomFully: boolean;
  /** nfacct counter matches (needs the nfnetlink_acct counters on the node). */
  nfacct: boolean;
  /** sysctl nf_conntrack_tcp_be_liberal != 0: no INVALID drop rule. */
  conntrackTcpBeLiberal: boolean;
  ipvs: IpvsSettings;
  policy: PolicySettings;
}

export interface PolicySettings {
  /** Pod peers as ipsets (`--ipset`). */
  ipset: boolean;
  /** Mark bit for "a policy allowed this packet" (`--policy-mark-bit`, default 16). */
  markBit: number;
  /** What no policy allows is rejected (default) or dropped (`--policy-deny`). */
  deny: 'REJECT' | 'DROP';
}
