// ipsets: typed kinds and typed members, for the sets policy mode (hash:ip) and IPVS mode
// (hash:ip,port, hash:ip,port,ip, hash:ip,port,net, hash:net, bitmap:port) match on.
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Protocol } from './addr.js';

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
  members: IpSetMember[];
  /** Why the set exists (written as a comment line of the restore text). */
  comment: string;
}
