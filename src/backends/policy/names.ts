// Chain and set names of policy mode. All are stable hashes (base32 of SHA-256, as kube-proxy
// names its chains) of what they stand for, so the same input always gives the same names and a
// reader can find a pod's chain from its IP.
import type { IPFamily } from '../../net/ip.js';
import { sha256Base32 } from '../../net/hash.js';
import type { Direction } from '../../model/policy.js';

export const POLICY_FORWARD = 'KR-POLICY-FORWARD';
export const POLICY_INPUT = 'KR-POLICY-INPUT';
export const POLICY_OUTPUT = 'KR-POLICY-OUTPUT';

const h = (s: string) => sha256Base32(s, 16);
const dirTag = (d: Direction) => (d === 'ingress' ? 'IN' : 'OUT');

/** One firewall chain per local pod and direction, keyed by the pod's IP. */
export function podChain(ip: string, d: Direction): string {
  return `KR-POD-${dirTag(d)}-${h(`${ip}/${d}`)}`;
}

/** One chain per policy and direction: the policy's rule set. */
export function policyChain(namespace: string, name: string, d: Direction): string {
  return `KR-NP-${dirTag(d)}-${h(`${namespace}/${name}/${d}`)}`;
}

/** An ipBlock peer with except ranges: returns for the excepts, marks the rest. */
export function exceptChain(namespace: string, name: string, d: Direction, rule: number, peer: number): string {
  return `KR-NPX-${h(`${namespace}/${name}/${d}/${rule}/${peer}`)}`;
}

/** With --ipset: the pod IPs of one peer of one rule. ipset names are global: the family is in them. */
export function peerSet(family: IPFamily, namespace: string, name: string, d: Direction, rule: number, peer: number): string {
  return `KR${family}-${h(`${namespace}/${name}/${d}/${rule}/${peer}`)}`;
}

/** The chains and sets a reload owns and deletes when the ruleset no longer has them. */
export const OWNED_CHAINS = { table: 'filter', prefixes: ['KR-POLICY-', 'KR-POD-', 'KR-NP-', 'KR-NPX-'] } as const;
export const ownedSetPrefix = (family: IPFamily) => `KR${family}-`;
