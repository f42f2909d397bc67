// plan for policy mode: which local pods are isolated in which direction, by which policies,
// and every policy rule resolved to concrete pod IPs, ipBlocks and ports for one IP family.
// The warnings a user wants before trusting a policy set (policies that select no pod, peers
// that match nothing, named ports no pod has) are lint rules: src/lint/rules/.
import type { Settings } from '../config/settings.js';
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Direction, NetworkPolicy, PolicyPeer } from '../model/policy.js';
import { matches } from '../model/selector.js';
import { byteOrder } from '../net/order.js';
import type { Cluster, Labels, Pod, Protocol } from '../model/types.js';

import { NAMESPACE_NAME_LABEL } from '../check/labels.js';

export interface PodRef {
  /** "ns/name" */
  readonly id: string;
  readonly pod: Pod;
  readonly ip: IP;
}

export type ResolvedPeer = { kind: 'pods'; pods: PodRef[] } | { kind: 'ipBlock'; cidr: CIDR; except: CIDR[] };

/** A named port, resolved on one destination pod. */
export interface NamedDestination {
  readonly ip: IP;
  readonly port: number;
}

export type ResolvedPort =
  | { kind: 'number'; protocol: Protocol; port: number | undefined; endPort: number | undefined }
  /** byPeer[i]: the (pod IP, number) pairs for the rule's peer i, or [0] when it has no peers. */
  | { kind: 'named'; protocol: Protocol; name: string; byPeer: NamedDestination[][] };

export interface ResolvedRule {
  readonly index: number;
  /** undefined: any peer. An empty list matches nothing (e.g. an other-family ipBlock). */
  readonly peers: ResolvedPeer[] | undefined;
  /** undefined: every protocol and port. */
  readonly ports: ResolvedPort[] | undefined;
}

export interface PolicyDirection {
  readonly policy: NetworkPolicy;
  readonly direction: Direction;
  /** "ns/name" */
  readonly id: string;
  readonly rules: readonly ResolvedRule[];
  /** The local pods this policy isolates in this direction (named ports resolve on them for ingress). */
  readonly targets: readonly PodRef[];
}

export interface PodFirewall {
  readonly ref: PodRef;
  /** Policies that isolate the pod, sorted; undefined when not isolated in that direction. */
  readonly ingress: PolicyDirection[] | undefined;
  readonly egress: PolicyDirection[] | undefined;
}

export interface PolicyPlan {
  readonly family: IPFamily;
  /** Local pods isolated in at least one direction, sorted by namespace/name. */
  readonly pods: readonly PodFirewall[];
}


/** Pods without an IP, finished pods and hostNetwork pods are neither targets nor peers. */
export function eligible(p: Pod): boolean {
  return p.ips.length > 0 && !p.hostNetwork && p.phase !== 'Succeeded' && p.phase !== 'Failed';
}

/** Namespace labels, with kubernetes.io/metadata.name as the API server always sets it. */
function namespaceLabels(cluster: Cluster): (ns: string) => Labels {
  const known = new Map(cluster.namespaces.map((n) => [n.name, n.labels]));
  const cache = new Map<string, Labels>();
  return (ns) => {
    let l = cache.get(ns);
    if (!l) {
      l = new Map([...(known.get(ns) ?? new Map<string, string>()), [NAMESPACE_NAME_LABEL, ns]]);
      cache.set(ns, l);
    }
    return l;
  };
}

/** Container ports of a pod with this name and protocol (several containers may share a name). */
export function namedPortNumbers(pod: Pod, name: string, protocol: Protocol): number[] {
  return [...new Set(pod.ports.filter((p) => p.name === name && p.protocol === protocol).map((p) => p.port))].sort((a, b) => a - b);
}

/** Which pods a policy selects and which pods its peers match, over the eligible pods of a cluster. */
export interface PolicyScope {
  /** Eligible pods, by namespace/name. */
  readonly pods: Pod[];
  /** Policies, by namespace/name. */
  readonly policies: NetworkPolicy[];
  selects(policy: NetworkPolicy, pod: Pod): boolean;
  /** The pods a peer matches, in the order of `pods`. */
  peerPods(policy: NetworkPolicy, peer: Extract<PolicyPeer, { kind: 'pods' }>): Pod[];
}

export function policyScope(cluster: Cluster): PolicyScope {
  const nsLabels = namespaceLabels(cluster);
  const pods = cluster.pods.filter(eligible).sort((a, b) => byteOrder(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  const policies = [...cluster.policies].sort((a, b) => byteOrder(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`));
  // Pods by namespace, each with its place in `pods`: a peer looks at the pods of the namespaces
  // it selects only, instead of testing every pod of the cluster against every peer.
  const byNamespace = new Map<string, { pod: Pod; at: number }[]>();
  pods.forEach((pod, at) => {
    const list = byNamespace.get(pod.namespace);
    if (list) list.push({ pod, at });
    else byNamespace.set(pod.namespace, [{ pod, at }]);
  });
  const selects = (policy: NetworkPolicy, pod: Pod) => pod.namespace === policy.namespace && matches(policy.podSelector, pod.labels);
  const peerPods = (policy: NetworkPolicy, peer: Extract<PolicyPeer, { kind: 'pods' }>): Pod[] => {
    const nsSelector = peer.namespaceSelector;
    const namespaces = nsSelector ? [...byNamespace.keys()].filter((ns) => matches(nsSelector, nsLabels(ns))) : [policy.namespace];
    return namespaces
      .flatMap((ns) => byNamespace.get(ns) ?? [])
      .filter((e) => !peer.podSelector || matches(peer.podSelector, e.pod.labels))
      .sort((a, b) => a.at - b.at)
      .map((e) => e.pod);
  };
  return { pods, policies, selects, peerPods };
}

export function planPolicies(cluster: Cluster, settings: Settings): PolicyPlan {
  const family = settings.node.family;
  const { pods, policies, selects, peerPods } = policyScope(cluster);
  const refs = (list: Pod[]): PodRef[] =>
    list.flatMap((pod) => {
      const ip = pod.ips.find((i) => i.family === family);
      return ip ? [{ id: `${pod.namespace}/${pod.name}`, pod, ip }] : [];
    });
  const allPods = refs(pods);
  const local = allPods.filter((r) => settings.node.hostname === '' || r.pod.nodeName === settings.node.hostname);

  // Which local pods each policy isolates, per direction: named ports resolve on them (ingress).
  const isolating = local.map((ref) => ({ ref, applies: policies.filter((p) => selects(p, ref.pod)) }));
  const targets = new Map<string, PodRef[]>();
  const keyOf = (policy: NetworkPolicy, dir: Direction) => `${policy.namespace}/${policy.name}/${dir}`;
  for (const { ref, applies } of isolating) {
    for (const p of applies) {
      for (const dir of ['ingress', 'egress'] as const) {
        if (!p[dir]) continue;
        const list = targets.get(keyOf(p, dir));
        if (list) list.push(ref);
        else targets.set(keyOf(p, dir), [ref]);
      }
    }
  }

  const directions = new Map<string, PolicyDirection>();
  const direction = (policy: NetworkPolicy, dir: Direction): PolicyDirection => {
    const key = keyOf(policy, dir);
    const known = directions.get(key);
    if (known) return known;
    const dirTargets = targets.get(key) ?? [];
    const rules = (dir === 'ingress' ? policy.ingressRules : policy.egressRules).map((r): ResolvedRule => {
      const peers = r.peers?.flatMap((peer): ResolvedPeer[] => {
        if (peer.kind === 'ipBlock') {
          if (peer.cidr.family !== family) return [];
          return [{ kind: 'ipBlock', cidr: peer.cidr, except: peer.except.filter((e) => e.family === family) }];
        }
        return [{ kind: 'pods', pods: refs(peerPods(policy, peer)) }];
      });
      // A named port resolves on the destination pod's container ports: the isolated pods for
      // ingress; for egress the pods of each peer (every pod when there is no `to`; an ipBlock
      // has no named ports). One list per peer, in the order of `peers` (or one for "any").
      const destinationsOf = (peer: ResolvedPeer | undefined): PodRef[] =>
        dir === 'ingress' ? dirTargets : !peer ? allPods : peer.kind === 'pods' ? peer.pods : [];
      const ports = r.ports?.map((p): ResolvedPort => {
        if (p.kind !== 'named') return { kind: 'number', protocol: p.protocol, port: p.port, endPort: p.endPort };
        const byPeer = (peers ?? [undefined]).map((peer) =>
          destinationsOf(peer).flatMap((ref) => namedPortNumbers(ref.pod, p.name, p.protocol).map((port) => ({ ip: ref.ip, port }))),
        );
        return { kind: 'named', protocol: p.protocol, name: p.name, byPeer };
      });
      return { index: r.index, peers, ports };
    });
    const d: PolicyDirection = { policy, direction: dir, id: `${policy.namespace}/${policy.name}`, rules, targets: dirTargets };
    directions.set(key, d);
    return d;
  };

  const firewalls: PodFirewall[] = [];
  for (const { ref, applies } of isolating) {
    const ing = applies.filter((p) => p.ingress).map((p) => direction(p, 'ingress'));
    const eg = applies.filter((p) => p.egress).map((p) => direction(p, 'egress'));
    if (ing.length === 0 && eg.length === 0) continue;
    firewalls.push({ ref, ingress: ing.length ? ing : undefined, egress: eg.length ? eg : undefined });
  }
  return { family, pods: firewalls };
}
