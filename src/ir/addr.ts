// Values every IR shares: protocols, addresses, ports. Here, below the model, so that an IR
// parsed from a live node (which has no model) can use them too.
import type { CIDR } from '../net/cidr.js';
import type { IP } from '../net/ip.js';

/** A transport protocol, in the lower case rules write it in. */
export type Protocol = 'tcp' | 'udp' | 'sctp';

/** IANA protocol numbers, as tools that print numbers print them (IPPROTO_TCP, _UDP, _SCTP). */
export const PROTOCOL_NUMBERS: Readonly<Record<Protocol, number>> = { tcp: 6, udp: 17, sctp: 132 };

/** An address match value: a single address (written without a prefix length by kube-proxy) or a CIDR. */
export type AddrValue = { kind: 'ip'; ip: IP } | { kind: 'cidr'; cidr: CIDR };

export const addr = {
  ip: (ip: IP): AddrValue => ({ kind: 'ip', ip }),
  cidr: (cidr: CIDR): AddrValue => ({ kind: 'cidr', cidr }),
};
