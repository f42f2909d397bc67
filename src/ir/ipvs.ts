// The IPVS IR: virtual services with their real servers, as the kernel's IPVS table holds them
// and `ipvsadm-save -n` prints them. Backends build these values; formats/ipvsadm writes them as
// ipvsadm-save text (and reads such text back), formats/sh turns them into an ipvsadm -R
// update. Kept to what kube-proxy programs, plus what a live node shows for it (the `-g` that
// the kernel reports for a real server on a local address).
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Protocol } from './addr.js';

/**
 * The kernel's IPVS schedulers (net/netfilter/ipvs/ip_vs_<name>.c): ipvsadm 1.31's list
 * (SCHEDULERS: rr|wrr|lc|wlc|lblc|lblcr|dh|sh|sed|nq|fo|ovf|mh) and twos, which newer kernels
 * have and ipvsadm passes through by name.
 */
export const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh', 'fo', 'ovf', 'twos'] as const;
export type Scheduler = (typeof SCHEDULERS)[number];

export function isScheduler(name: string): name is Scheduler {
  return (SCHEDULERS as readonly string[]).includes(name);
}

/**
 * Scheduler flags by the names ipvsadm gives them (-b): the three IP_VS_SVC_F_SCHED bits are
 * sh-fallback/sh-port for sh, mh-fallback/mh-port for mh, flag-1..flag-3 for any other.
 */
export type SchedulerFlag = 'sh-fallback' | 'sh-port' | 'mh-fallback' | 'mh-port' | 'flag-1' | 'flag-2' | 'flag-3';

/** The flags a scheduler names, in the order ipvsadm prints them (print_sched_flags). */
export function schedulerFlags(scheduler: string): readonly SchedulerFlag[] {
  if (scheduler === 'sh') return ['sh-fallback', 'sh-port'];
  if (scheduler === 'mh') return ['mh-fallback', 'mh-port'];
  return ['flag-1', 'flag-2', 'flag-3'];
}

/** The named flags of sh and mh, which only their own scheduler takes (parse_sched_flags). */
export const NAMED_FLAGS: Readonly<Record<string, readonly SchedulerFlag[]>> = { sh: ['sh-fallback', 'sh-port'], mh: ['mh-fallback', 'mh-port'] };

/** How a real server is reached: -m masquerading (NAT), -g gatewaying (direct routing), -i ipip. */
export type Forwarding = 'masq' | 'gate' | 'ipip';

export interface RealServer {
  ip: IP;
  port: number;
  forwarding: Forwarding;
  /** 0..65535; kube-proxy writes 1 (0 only while it drains a removed endpoint). */
  weight: number;
}

export interface VirtualService {
  protocol: Protocol;
  ip: IP;
  port: number;
  scheduler: string;
  /** In any order; writers print them in ipvsadm's. */
  flags: SchedulerFlag[];
  /** Persistence timeout in seconds (`-p`), undefined when not persistent. */
  persistence: number | undefined;
  realServers: RealServer[];
}

/** `ipvsadm --set tcp tcpfin udp`: 0 keeps the kernel's current value. */
export interface IpvsTimeouts {
  tcp: number;
  tcpFin: number;
  udp: number;
}

export interface IpvsTable {
  family: IPFamily;
  services: VirtualService[];
  /** Global connection timeouts to set, when any is not 0. */
  timeouts?: IpvsTimeouts | undefined;
  /**
   * Virtual services on these addresses are never deleted by a reload, even when the table no
   * longer has them (kube-proxy's --ipvs-exclude-cidrs): someone else's services.
   */
  keep: CIDR[];
}
