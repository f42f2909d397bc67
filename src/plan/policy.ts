// plan for policy mode: which local pods are isolated in which direction, by which policies,
// and every policy rule resolved to concrete pod IPs, ipBlocks and ports for one IP family.
// The warnings a user wants before trusting a policy set (policies that select no pod, peers
// that match nothing, named ports no pod has) are lint rules: src/lint/rules/.
import type { Settings } from '../config/settings.js';
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Direction, NetworkPolicy, PolicyPeer } from '../model/policy.js';
import { matches } from '../model/selector.js';
import type { Cluster, Labels, Pod, Protocol } from '../model/types.js';

import { NAMESPACE_NAME_LABEL } from '../check/labels.js';

export interface PodRef {
  /** "ns/name" */
  id: string;
  pod: Pod;
  ip: IP;
}

export type ResolvedPeer = { kind: 'pods'; pods: PodRef[] } | { kind: 'ipBlock'; cidr: CIDR; except: CIDR[] };

export type ResolvedPort =
  | { kind: 'number'; protocol: Protocol; port: number | undefined; endPort: number | undefined }
  | { kind: 'named'; protocol: Protocol; name: string };

export interface ResolvedRule {
  index: number;
  /** undefined: any peer. An empty list matches nothing (e.g. an other-family ipBlock). */
  peers: ResolvedPeer[] | undefined;
  /** undefined: every protocol and port. */
  ports: ResolvedPort[] | undefined;
}

export interface PolicyDirection {
  policy: NetworkPolicy;
  direction: Direction;
  /** "ns/name" */
  id: string;
  rules: ResolvedRule[];
  /** The local pods this policy isolates in this direction (named ports resolve on them for ingress). */
  targets: PodRef[];
}

export interface PodFirewall {
  ref: PodRef;
  /** Policies that isolate the pod, sorted; undefined when not isolated in that direction. */
  ingress: PolicyDirection[] | undefined;
  egress: PolicyDirection[] | undefined;
}

export interface PolicyPlan {
  family: IPFamily;
  /** Local pods isolated in at least one direction, sorted by namespace/name. */
  pods: PodFirewall[];
  /** Every eligible pod of the family, cluster-wide (egress named ports without `to`). */
  allPods: PodRef[];
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
  pods: Pod[];
  /** Policies, by namespace/name. */
  policies: NetworkPolicy[];
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

  const directions = new Map<string, PolicyDirection>();
  const direction = (policy: NetworkPolicy, dir: Direction): PolicyDirection => {
    const key = `${policy.namespace}/${policy.name}/${dir}`;
    let d = directions.get(key);
    if (!d) {
      const rules = (dir === 'ingress' ? policy.ingressRules : policy.egressRules).map(
        (r): ResolvedRule => ({
          index: r.index,
          peers: r.peers?.flatMap((peer): ResolvedPeer[] => {
            if (peer.kind === 'ipBlock') {
              if (peer.cidr.family !== family) return [];
              return [{ kind: 'ipBlock', cidr: peer.cidr, except: peer.except.filter((e) => e.family === family) }];
            }
            return [{ kind: 'pods', pods: refs(peerPods(policy, peer)) }];
          }),
          ports: r.ports?.map(
            (p): ResolvedPort =>
              p.kind === 'named'
                ? { kind: 'named', protocol: p.protocol, name: p.name }
                : { kind: 'number', protocol: p.protocol, port: p.port, endPort: p.endPort },
          ),
        }),
      );
      d = { policy, direction: dir, id: `${policy.namespace}/${policy.name}`, rules, targets: [] };
      directions.set(key, d);
    }
    return d;
  };

  const firewalls: PodFirewall[] = [];
  for (const ref of local) {
    const applies = policies.filter((p) => selects(p, ref.pod));
    const ing = applies.filter((p) => p.ingress).map((p) => direction(p, 'ingress'));
    const eg = applies.filter((p) => p.egress).map((p) => direction(p, 'egress'));
    for (const d of [...ing, ...eg]) d.targets.push(ref);
    if (ing.length === 0 && eg.length === 0) continue;
    firewalls.push({ ref, ingress: ing.length ? ing : undefined, egress: eg.length ? eg : undefined });
  }
  return { family, pods: firewalls, allPods };
}
