// plan for policy mode: which local pods are isolated in which direction, by which policies,
// and every policy rule resolved to concrete pod IPs, ipBlocks and ports for one IP family.
// The warnings a user wants before trusting a policy set (policies that select no pod, peers
// that match nothing, named ports no pod has) are lint rules: src/lint/rules/.
import type { Settings } from '../config/settings.js';
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Direction, NetworkPolicy, PolicyPeer } from '../model/policy.js';
import { matches, type Selector } from '../model/selector.js';
import { byteOrder } from '../net/order.js';
import type { Cluster, Labels, Pod, Protocol } from '../model/types.js';

import { NAMESPACE_NAME_LABEL } from '../check/labels.js';

export interface PodRef {
  /** "ns/name" */
  readonly id: string;
  readonly pod: Pod;
  readonly ip: IP;
}

export type ResolvedPeer = { kind: 'pods'; pods: readonly PodRef[] } | { kind: 'ipBlock'; cidr: CIDR; except: CIDR[] };

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
  /** The pods a policy selects, in the order of `pods` (the same list on every call). */
  selected(policy: NetworkPolicy): readonly Pod[];
  /** The pods a peer matches, in the order of `pods` (the same list on every call). */
  peerPods(policy: NetworkPolicy, peer: Extract<PolicyPeer, { kind: 'pods' }>): readonly Pod[];
  /** namedPortNumbers, asked once per pod, name and protocol (the same list on every call). */
  portNumbers(pod: Pod, name: string, protocol: Protocol): readonly number[];
}

/** The scope of each cluster, made once: the lint rules and the plan ask the same questions of it. */
const scopes = new WeakMap<Cluster, PolicyScope>();

export function policyScope(cluster: Cluster): PolicyScope {
  let scope = scopes.get(cluster);
  if (!scope) {
    scope = makeScope(cluster);
    scopes.set(cluster, scope);
  }
  return scope;
}

/** Sorted by "namespace/name", each key made once. */
function byName<T extends { namespace: string; name: string }>(list: readonly T[]): T[] {
  return list
    .map((x) => ({ x, key: `${x.namespace}/${x.name}` }))
    .sort((a, b) => byteOrder(a.key, b.key))
    .map((k) => k.x);
}

function makeScope(cluster: Cluster): PolicyScope {
  const nsLabels = namespaceLabels(cluster);
  const pods = byName(cluster.pods.filter(eligible));
  const policies = byName(cluster.policies);
  // Pods by namespace. `pods` is sorted by namespace/name, so each namespace's pods are
  // contiguous and the namespaces, in the order they first appear, list the pods in the order
  // of `pods`: a peer looks at the namespaces it selects only, and needs no sort.
  const byNamespace = new Map<string, Pod[]>();
  for (const pod of pods) {
    const list = byNamespace.get(pod.namespace);
    if (list) list.push(pod);
    else byNamespace.set(pod.namespace, [pod]);
  }
  // Each namespace has its own label index: a selector with an In requirement looks only at the
  // pods of the namespace that have one of its values, and never at another namespace's pods.
  const indexes = new Map<string, LabelIndex>();
  for (const [ns, list] of byNamespace) indexes.set(ns, labelIndex(list));
  /** Appends the pods of one namespace a pod selector matches (all without one), in the order of `pods`. */
  const matchIn = (ns: string, selector: Selector | undefined, out: Pod[]): void => {
    const nsPods = byNamespace.get(ns);
    if (!nsPods) return;
    const candidates = selector ? narrowest(indexes.get(ns)!, selector) : undefined;
    if (candidates) {
      for (const i of candidates) if (matches(selector!, nsPods[i]!.labels)) out.push(nsPods[i]!);
    } else {
      for (const pod of nsPods) if (!selector || matches(selector, pod.labels)) out.push(pod);
    }
  };
  const selects = (policy: NetworkPolicy, pod: Pod) => pod.namespace === policy.namespace && matches(policy.podSelector, pod.labels);
  const selectedMemo = new WeakMap<NetworkPolicy, readonly Pod[]>();
  const selected = (policy: NetworkPolicy): readonly Pod[] => {
    let list = selectedMemo.get(policy);
    if (!list) {
      const found: Pod[] = [];
      matchIn(policy.namespace, policy.podSelector, found);
      list = found;
      selectedMemo.set(policy, list);
    }
    return list;
  };
  // Peers with the same selectors (many policies repeat `app: web`) share one list. A peer looks
  // at the namespaces it selects only.
  const byContent = new Map<string, readonly Pod[]>();
  const peerMemo = new WeakMap<Extract<PolicyPeer, { kind: 'pods' }>, readonly Pod[]>();
  const peerPods = (policy: NetworkPolicy, peer: Extract<PolicyPeer, { kind: 'pods' }>): readonly Pod[] => {
    let list = peerMemo.get(peer);
    if (list) return list;
    const nsSelector = peer.namespaceSelector;
    const podSelector = peer.podSelector;
    const key = JSON.stringify([nsSelector ? nsSelector.requirements : policy.namespace, podSelector?.requirements ?? null]);
    list = byContent.get(key);
    if (!list) {
      const namespaces = nsSelector ? [...byNamespace.keys()].filter((ns) => matches(nsSelector, nsLabels(ns))) : [policy.namespace];
      const found: Pod[] = [];
      for (const ns of namespaces) matchIn(ns, podSelector, found);
      list = found;
      byContent.set(key, list);
    }
    peerMemo.set(peer, list);
    return list;
  };
  // Many policies name the same port on the same pods: each pod's answer is made once per name.
  const portMemo = new Map<Pod, Map<string, readonly number[]>>();
  const portNumbers = (pod: Pod, name: string, protocol: Protocol): readonly number[] => {
    let byName = portMemo.get(pod);
    if (!byName) portMemo.set(pod, (byName = new Map()));
    const key = `${protocol} ${name}`;
    let list = byName.get(key);
    if (!list) byName.set(key, (list = namedPortNumbers(pod, name, protocol)));
    return list;
  };
  return { pods, policies, selects, selected, peerPods, portNumbers };
}

/** For each label key and value, the indexes (ascending) into a list of pods of the pods that have it. */
type LabelIndex = Map<string, Map<string, number[]>>;

function labelIndex(pods: readonly Pod[]): LabelIndex {
  const index: LabelIndex = new Map();
  pods.forEach((pod, i) => {
    for (const [k, v] of pod.labels) {
      let values = index.get(k);
      if (!values) index.set(k, (values = new Map()));
      const list = values.get(v);
      if (list) list.push(i);
      else values.set(v, [i]);
    }
  });
  return index;
}

/**
 * The pods (indexes, ascending) that can match a selector, from its most selective In
 * requirement; undefined when it has none (every pod is a candidate). Every pod a selector
 * matches is among them: an In requirement matches only pods with one of its values.
 */
function narrowest(index: LabelIndex, selector: Selector): Iterable<number> | undefined {
  let best: number[][] | undefined;
  let bestSize = Infinity;
  for (const r of selector.requirements) {
    if (r.op !== 'In') continue;
    const values = index.get(r.key);
    const lists: number[][] = [];
    let size = 0;
    for (const v of new Set(r.values)) {
      const list = values?.get(v);
      if (list) {
        lists.push(list);
        size += list.length;
      }
    }
    if (size < bestSize) {
      best = lists;
      bestSize = size;
    }
  }
  if (!best) return undefined;
  return best.length === 1 ? best[0]! : Int32Array.from(best.flat()).sort();
}

/** The plans of the families a backend asked for (one, or both for a table that sees both). */
export type PolicyPlans = readonly PolicyPlan[];

/** The plan of one IP family: the node's (--ip-family) unless another is asked for. */
export function planPolicies(cluster: Cluster, settings: Settings, family: IPFamily = settings.node.family): PolicyPlan {
  const { pods, policies, selects, peerPods, portNumbers } = policyScope(cluster);
  // One PodRef per pod, made on first use and shared by every list it is in; and one list of refs
  // per list of pods (the scope gives peers with the same selectors the same list).
  const refOf = new Map<Pod, PodRef | null>();
  const refLists = new Map<readonly Pod[], PodRef[]>();
  const refs = (list: readonly Pod[]): readonly PodRef[] => {
    const known = refLists.get(list);
    if (known) return known;
    const out: PodRef[] = [];
    for (const pod of list) {
      let ref = refOf.get(pod);
      if (ref === undefined) {
        const ip = pod.ips.find((i) => i.family === family);
        ref = ip ? { id: `${pod.namespace}/${pod.name}`, pod, ip } : null;
        refOf.set(pod, ref);
      }
      if (ref) out.push(ref);
    }
    refLists.set(list, out);
    return out;
  };
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
      const destinationsOf = (peer: ResolvedPeer | undefined): readonly PodRef[] =>
        dir === 'ingress' ? dirTargets : !peer ? allPods : peer.kind === 'pods' ? peer.pods : [];
      const ports = r.ports?.map((p): ResolvedPort => {
        if (p.kind !== 'named') return { kind: 'number', protocol: p.protocol, port: p.port, endPort: p.endPort };
        const byPeer = (peers ?? [undefined]).map((peer) =>
          destinationsOf(peer).flatMap((ref) => portNumbers(ref.pod, p.name, p.protocol).map((port) => ({ ip: ref.ip, port }))),
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
