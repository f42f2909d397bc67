// ipsets: typed kinds and typed members, for the sets policy mode (hash:ip) and IPVS mode
// (hash:ip,port, hash:ip,port,ip, hash:ip,port,net, hash:net, bitmap:port) match on.
import { formatCIDR, type CIDR } from '../net/cidr.js';
import { formatIP, type IP, type IPFamily } from '../net/ip.js';
import type { Protocol } from './addr.js';

/** The longest set name the kernel takes (IPSET_MAXNAMELEN 32, with the NUL). */
export const MAX_SET_NAME = 31;

export type IpSetKind = 'hash:ip' | 'hash:net' | 'hash:ip,port' | 'hash:ip,port,ip' | 'hash:ip,port,net' | 'bitmap:port';

/** One member, shaped by the set's kind. */
export type IpSetMember =
  | { kind: 'hash:ip'; ip: IP }
  | { kind: 'hash:net'; cidr: CIDR }
  | { kind: 'hash:ip,port'; ip: IP; protocol: Protocol; port: number }
  | { kind: 'hash:ip,port,ip'; ip: IP; protocol: Protocol; port: number; ip2: IP }
  | { kind: 'hash:ip,port,net'; ip: IP; protocol: Protocol; port: number; cidr: CIDR }
  | { kind: 'bitmap:port'; port: number };

export interface IpSet {
  name: string;
  kind: IpSetKind;
  /** inet or inet6 (bitmap:port sets have no family; undefined there). */
  family: IPFamily | undefined;
  /** bitmap:port only: the port range the set covers. */
  range?: { from: number; to: number };
  /** Hash sets: `hashsize` and `maxelem`, when the owner creates the set with them (kube-proxy does). */
  hashSize?: number;
  maxElem?: number;
  members: IpSetMember[];
  /** Why the set exists (written as a comment line of the restore text), or "" for none. */
  comment: string;
}

/**
 * A member as `ipset add` takes it and kube-proxy keeps it (ipset.go Entry.String):
 * 10.0.0.1,tcp:80,10.0.0.2 for hash:ip,port,ip.
 */
export function memberText(m: IpSetMember): string {
  switch (m.kind) {
    case 'hash:ip':
      return formatIP(m.ip);
    case 'hash:net':
      return formatCIDR(m.cidr);
    case 'hash:ip,port':
      return `${formatIP(m.ip)},${m.protocol}:${m.port}`;
    case 'hash:ip,port,ip':
      return `${formatIP(m.ip)},${m.protocol}:${m.port},${formatIP(m.ip2)}`;
    case 'hash:ip,port,net':
      return `${formatIP(m.ip)},${m.protocol}:${m.port},${formatCIDR(m.cidr)}`;
    case 'bitmap:port':
      return String(m.port);
  }
}
