// CategorizeEndpoints (pkg/proxy/topology.go): which endpoints a service port uses for traffic
// policy Cluster and for Local, after topology hints, with the serving-terminating fallback.
import type { Node } from '../../model/types.js';
import type { PlannedEndpoint } from './endpoints.js';

export interface Categorized {
  clusterEndpoints: readonly PlannedEndpoint[];
  localEndpoints: readonly PlannedEndpoint[];
  /** cluster ∪ local: the endpoints that get their own chain. */
  allReachable: readonly PlannedEndpoint[];
  hasEndpoints: boolean;
}

export function categorize(
  eps: readonly PlannedEndpoint[],
  uses: { cluster: boolean; local: boolean },
  hostname: string,
  node: Node | undefined,
): Categorized {
  const none: Categorized = { clusterEndpoints: [], localEndpoints: [], allReachable: [], hasEndpoints: false };
  if (eps.length === 0) return none;
  let clusterEndpoints: readonly PlannedEndpoint[] = [];
  if (uses.cluster) {
    const topo = topologyMode(eps, hostname, node?.labels.get('topology.kubernetes.io/zone') ?? '');
    clusterEndpoints = eps.filter((e) => e.ready && availableForTopology(e, topo));
    if (clusterEndpoints.length === 0) clusterEndpoints = eps.filter((e) => e.serving && e.terminating);
  }
  if (!uses.local) return { clusterEndpoints, localEndpoints: [], allReachable: clusterEndpoints, hasEndpoints: clusterEndpoints.length > 0 };
  // With Local traffic, a service has endpoints when any endpoint anywhere could serve it; the
  // local list falls back on its own, independently of the cluster list.
  const anyUsable = eps.some((e) => e.ready || (e.serving && e.terminating));
  const localReady = eps.filter((e) => e.isLocal && e.ready);
  const localEndpoints = localReady.length > 0 ? localReady : eps.filter((e) => e.isLocal && e.serving && e.terminating);
  const hasEndpoints = clusterEndpoints.length > 0 || anyUsable;
  if (!uses.cluster) return { clusterEndpoints, localEndpoints, allReachable: localEndpoints, hasEndpoints };
  const seen = new Set(clusterEndpoints.map((e) => e.str));
  return { clusterEndpoints, localEndpoints, allReachable: [...clusterEndpoints, ...localEndpoints.filter((e) => !seen.has(e.str))], hasEndpoints };
}

type Topology = { kind: 'none' } | { kind: 'node'; node: string } | { kind: 'zone'; zone: string };

function topologyMode(eps: readonly PlannedEndpoint[], hostname: string, zone: string): Topology {
  let hasForNode = false;
  let allNodeHints = true;
  let hasForZone = false;
  let allZoneHints = true;
  for (const e of eps) {
    if (!e.ready) continue;
    if (!e.nodeHints || e.nodeHints.length === 0) allNodeHints = false;
    else if (e.nodeHints.includes(hostname)) hasForNode = true;
    if (!e.zoneHints || e.zoneHints.length === 0) allZoneHints = false;
    else if (e.zoneHints.includes(zone)) hasForZone = true;
  }
  if (allNodeHints && hasForNode && hostname !== '') return { kind: 'node', node: hostname };
  if (allZoneHints && hasForZone && zone !== '') return { kind: 'zone', zone };
  return { kind: 'none' };
}

function availableForTopology(e: PlannedEndpoint, t: Topology): boolean {
  if (t.kind === 'node') return e.nodeHints?.includes(t.node) ?? false;
  if (t.kind === 'zone') return e.zoneHints?.includes(t.zone) ?? false;
  return true;
}
