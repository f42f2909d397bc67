// Host setup a node needs besides its rules: kernel settings, nfacct counters, and (IPVS mode) a
// dummy interface with the addresses it binds. Backends state these as values, so the script
// writer, `diff` and `stats` see them like any rule.
import type { CIDR } from '../net/cidr.js';

export type HostStep =
  /** `sysctl -w key=value` (route_localnet for localhost NodePorts, IPVS's conntrack settings). */
  | { kind: 'sysctl'; key: string; value: string }
  /** An nfacct counter that rules count packets in (`nfacct add NAME`). */
  | { kind: 'nfacct'; name: string }
  /** A dummy network interface (IPVS mode's kube-ipvs0). */
  | { kind: 'dummy-link'; name: string }
  /** An address bound to an interface, so the kernel accepts traffic to it (IPVS virtual IPs). */
  | { kind: 'address'; link: string; address: CIDR };
