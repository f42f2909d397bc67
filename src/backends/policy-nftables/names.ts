// Names of policy mode's nftables table, and of the chains, sets and maps in it. The table is
// ours alone (inet kube-rulec-policy): a load owns everything in it. Pod, policy and set names
// are stable hashes (base32 of SHA-256, as iptables mode names its chains) of what they stand
// for; a policy's chain has the hash of its KR-NP-* chain in iptables mode.
import type { Direction } from '../../model/policy.js';
import { sha256Base32 } from '../../net/hash.js';
import type { IPFamily } from '../../net/ip.js';

export const TABLE = 'kube-rulec-policy';
export const FAMILY = 'inet';

/** Base chains: one per hook and direction (see docs/policy-nftables.md for why two). */
export const EGRESS_FORWARD = 'egress-forward';
export const EGRESS_INPUT = 'egress-input';
export const INGRESS_FORWARD = 'ingress-forward';
export const INGRESS_OUTPUT = 'ingress-output';

/** Priorities: `filter` for egress, `filter + 1` for ingress; both after kube-proxy's DNAT (-100). */
export const EGRESS_PRIORITY = 0;
export const INGRESS_PRIORITY = 1;

const h = (s: string) => sha256Base32(s, 16);
const dirTag = (d: Direction) => (d === 'ingress' ? 'in' : 'out');

/** The verdict map from a local pod's IP to its chain for one direction. */
export function podMap(d: Direction, family: IPFamily): string {
  return `${d}-ip${family}`;
}

/** One chain per local pod and direction, reached from each of its IPs. */
export function podChain(namespace: string, name: string, d: Direction): string {
  return `pod-${dirTag(d)}-${h(`${namespace}/${name}/${d}`)}`;
}

/** One chain per policy and direction: its rules, each accepting what it allows. */
export function policyChain(namespace: string, name: string, d: Direction): string {
  return `np-${dirTag(d)}-${h(`${namespace}/${name}/${d}`)}`;
}

/** The pod IPs of one rule's pod peers, per family. */
export function peerSet(namespace: string, name: string, d: Direction, rule: number, family: IPFamily): string {
  return `peer-ip${family}-${h(`${namespace}/${name}/${d}/${rule}`)}`;
}

/** The (destination IP . protocol . port) of one rule's named ports, per family. */
export function namedPortSet(namespace: string, name: string, d: Direction, rule: number, family: IPFamily): string {
  return `named-ip${family}-${h(`${namespace}/${name}/${d}/${rule}`)}`;
}

/** nft keeps at most 128 bytes of a comment; a longer one (long names) is cut, with "...". */
export function clip(comment: string): string {
  return comment.length <= 128 ? comment : `${comment.slice(0, 125)}...`;
}
