// Host setup a node needs besides its rules: kernel settings, nfacct counters, and (IPVS mode) a
// dummy interface with the addresses it binds. Backends state these as values, so the script
// writer, `diff` and `stats` see them like any rule.
import type { CIDR } from '../net/cidr.js';

export type HostStep =
  /**
   * `sysctl -w key=value` (route_localnet for localhost NodePorts, IPVS's conntrack settings);
   * with `kernel`, only on kernels of that version range (kube-proxy checks the running kernel).
   */
  | { kind: 'sysctl'; key: string; value: string; kernel?: KernelRange }
  /** An nfacct counter that rules count packets in (`nfacct add NAME`). */
  | { kind: 'nfacct'; name: string }
  /** A dummy network interface (IPVS mode's kube-ipvs0). */
  | { kind: 'dummy-link'; name: string }
  /**
   * An address bound to an interface, so the kernel accepts traffic to it (IPVS virtual IPs).
   * A link's addresses of the program's family are all listed: others on it are stale.
   */
  | { kind: 'address'; link: string; address: CIDR };

/** Kernel versions `major.minor`: at least `from` (when given) and below `below` (when given). */
export interface KernelRange {
  from?: string;
  below?: string;
}
