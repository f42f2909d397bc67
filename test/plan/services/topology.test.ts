// Endpoint categorisation (CategorizeEndpoints, pkg/proxy/topology.go): which endpoints the
// Cluster and Local policies use, the union of both, and whether the service has endpoints
// anywhere. Upstream's table test transcribed case by case, run through kube-rulec's whole way in
// (YAML → check → model → settings → planServices), then kube-rulec's own cases for node hints.
import { describe, expect, it } from 'vitest';
import { plan } from '../../helpers/plan.js';

/** One endpoint as upstream's BaseEndpointInfo literal gives it: Go zero values are false/nil. */
interface Ep {
  endpoint: string;
  zoneHints?: string[];
  nodeHints?: string[];
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
  isLocal?: boolean;
}

interface Case {
  name: string;
  /** ProxyTerminatingEndpoints; the upstream test carries it but no longer reads it (the gate is GA). */
  pteEnabled?: boolean;
  /** The labels of the Node kube-proxy runs on; undefined: no Node object in the input. */
  nodeLabels?: Record<string, string>;
  serviceInfo: {
    internalPolicyLocal?: boolean;
    externalPolicyLocal?: boolean;
    nodePort?: number;
    /** kube-rulec's own cases only: a LoadBalancer VIP (no node port allocated) or an external IP. */
    loadBalancerIngress?: { ip: string; ipMode?: 'VIP' | 'Proxy' }[];
    externalIPs?: string[];
  };
  endpoints: Ep[];
  /** null: the service never uses this kind of endpoints (upstream's nil set). */
  clusterEndpoints: string[] | null;
  localEndpoints: string[] | null;
  /** Only needed when both lists are used (upstream's rule). */
  allEndpoints?: string[];
  /** hasAnyEndpoints is true although allEndpoints is empty. */
  onlyRemoteEndpoints?: boolean;
  /** Warnings kube-rulec gives for this input (codes); the categorisation itself is upstream's. */
  warnings?: string[];
  /** kube-rulec's own cases only: Nodes listed before the one kube-proxy runs on. */
  otherNodes?: { name: string; labels: Record<string, string> }[];
}

const NODE = 'node-a';

/** The case as cluster input: one Service, one EndpointSlice, and the Node when it has labels. */
function input(c: Case): string {
  const ports = new Set(c.endpoints.map((e) => e.endpoint.slice(e.endpoint.lastIndexOf(':') + 1)));
  if (ports.size > 1) throw new Error(`${c.name}: endpoints on several ports`);
  const port = Number([...ports][0] ?? '80');
  const { internalPolicyLocal, externalPolicyLocal, nodePort, loadBalancerIngress, externalIPs } = c.serviceInfo;
  const type = loadBalancerIngress ? 'LoadBalancer' : nodePort ? 'NodePort' : 'ClusterIP';
  const items: object[] = [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc', namespace: 'ns' },
      spec: {
        type,
        clusterIP: '172.30.0.41',
        ...(type === 'LoadBalancer' && !nodePort ? { allocateLoadBalancerNodePorts: false } : {}),
        ...(externalIPs ? { externalIPs } : {}),
        ...(externalPolicyLocal ? { externalTrafficPolicy: 'Local' } : {}),
        ...(internalPolicyLocal ? { internalTrafficPolicy: 'Local' } : {}),
        ports: [{ port: 80, ...(nodePort ? { nodePort } : {}) }],
      },
      ...(loadBalancerIngress ? { status: { loadBalancer: { ingress: loadBalancerIngress } } } : {}),
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'svc-1', namespace: 'ns', labels: { 'kubernetes.io/service-name': 'svc' } },
      addressType: 'IPv4',
      endpoints: c.endpoints.map((e) => ({
        addresses: [e.endpoint.slice(0, e.endpoint.lastIndexOf(':'))],
        conditions: { ready: e.ready ?? false, serving: e.serving ?? false, terminating: e.terminating ?? false },
        ...(e.isLocal ? { nodeName: NODE } : {}),
        ...(e.zoneHints || e.nodeHints
          ? {
              hints: {
                ...(e.zoneHints ? { forZones: e.zoneHints.map((name) => ({ name })) } : {}),
                ...(e.nodeHints ? { forNodes: e.nodeHints.map((name) => ({ name })) } : {}),
              },
            }
          : {}),
      })),
      ports: [{ port }],
    },
  ];
  for (const n of c.otherNodes ?? []) items.push({ apiVersion: 'v1', kind: 'Node', metadata: n });
  if (c.nodeLabels) items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, labels: c.nodeLabels } });
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1);
}

const sorted = (l: readonly string[]) => [...l].sort();
const strs = (l: readonly { str: string }[]) => sorted(l.map((e) => e.str));

function check(c: Case): void {
  const r = plan(input(c), { hostnameOverride: NODE });
  expect(r.diagnostics.map((d) => d.code)).toEqual(c.warnings ?? []);
  expect(r.plan.servicePorts).toHaveLength(1);
  const sp = r.plan.servicePorts[0]!;
  // The harness read every endpoint as written.
  expect(sp.endpoints.map((e) => ({ ep: e.str, ready: e.ready, serving: e.serving, terminating: e.terminating, local: e.isLocal }))).toEqual(
    [...c.endpoints]
      .sort((a, b) => (a.endpoint < b.endpoint ? -1 : 1))
      .map((e) => ({ ep: e.endpoint, ready: !!e.ready, serving: !!e.serving, terminating: !!e.terminating, local: !!e.isLocal })),
  );

  // Upstream tells "not used" (nil) from "used, but none" (empty set); kube-rulec says it with
  // the uses* predicates and keeps the lists empty.
  expect(sp.usesClusterEndpoints, 'usesClusterEndpoints').toBe(c.clusterEndpoints !== null);
  expect(strs(sp.clusterEndpoints), 'clusterEndpoints').toEqual(sorted(c.clusterEndpoints ?? []));
  expect(sp.usesLocalEndpoints, 'usesLocalEndpoints').toBe(c.localEndpoints !== null);
  expect(strs(sp.localEndpoints), 'localEndpoints').toEqual(sorted(c.localEndpoints ?? []));

  // Upstream's expectedAllEndpoints and expectedHasAnyEndpoints, as its test loop derives them.
  const all =
    c.clusterEndpoints !== null && c.localEndpoints === null
      ? c.clusterEndpoints
      : c.localEndpoints !== null && c.clusterEndpoints === null
        ? c.localEndpoints
        : (c.allEndpoints ?? []);
  expect(strs(sp.allReachable), 'allReachable').toEqual(sorted(all));
  expect(new Set(sp.allReachable.map((e) => e.str)).size, 'allReachable has no duplicates').toBe(sp.allReachable.length);
  expect(sp.hasEndpoints, 'hasEndpoints').toBe(all.length > 0 || !!c.onlyRemoteEndpoints);
}

// kubernetes/kubernetes pkg/proxy/topology_test.go, TestCategorizeEndpoints, at commit
// 6c039d9075ef18d200bb0ba7dbdb362f4d0deef0, whose pkg/proxy/topology.go has the same
// signature, CategorizeEndpoints(endpoints, svcInfo, topologyLabels). All 26 cases, in order.
//
// How the upstream literals become input:
// - serviceInfo: externalPolicyLocal/internalPolicyLocal are externalTrafficPolicy and
//   internalTrafficPolicy: Local; a nodePort makes the Service type NodePort.
// - endpoints: "ip:port" is the address and the slice port; ready/serving/terminating are
//   written out as conditions with Go's zero value false where the literal omits them (so
//   `ready: true` alone is ready and not serving, which CategorizeEndpoints never reads);
//   isLocal is nodeName = --hostname-override; zoneHints are hints.forZones.
// - nodeLabels are the labels of a Node named as --hostname-override; without nodeLabels there
//   is no Node object.
// Input differences (the results are upstream's in every case):
// - nodePort 8080 is outside 30000-32767: the API server would refuse it, kube-proxy uses it,
//   and kube-rulec warns (KR0315).
// - pteEnabled (ProxyTerminatingEndpoints) is GA and no gate in kube-rulec; upstream's test loop
//   does not read it either.
const upstream: Case[] = [
  {
    name: "should use topology since all endpoints have hints, node has a zone label and and there are endpoints for the node's zone",
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'externalTrafficPolicy: Local, topology ignored for Local endpoints',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: { externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true, isLocal: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true, isLocal: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    allEndpoints: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'internalTrafficPolicy: Local, topology ignored for Local endpoints',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: false, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true, isLocal: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true, isLocal: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    allEndpoints: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'empty node labels',
    nodeLabels: {},
    serviceInfo: {},
    endpoints: [{ endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true }],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'empty zone label',
    nodeLabels: { 'topology.kubernetes.io/zone': '' },
    serviceInfo: {},
    endpoints: [{ endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true }],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'node in different zone, no endpoint filtering',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-b' },
    serviceInfo: {},
    endpoints: [{ endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true }],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'unready endpoint',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: false }, // unready
    ],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'only unready endpoints in same zone (should not filter)',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: false },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: false },
    ],
    clusterEndpoints: ['10.1.2.4:80', '10.1.2.5:80'],
    localEndpoints: null,
  },
  {
    name: 'missing hints, no filtering applied',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.5:80', ready: true }, // Endpoint is missing hint.
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.5:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'multiple hints per endpoint, filtering includes any endpoint with zone included',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-c' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a', 'zone-b', 'zone-c'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b', 'zone-c'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-b', 'zone-d'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-c'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'conflicting topology and localness require merging allEndpoints',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-a' },
    serviceInfo: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', zoneHints: ['zone-a'], ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', zoneHints: ['zone-b'], ready: true, isLocal: true },
      { endpoint: '10.0.0.2:80', zoneHints: ['zone-a'], ready: true, isLocal: false },
      { endpoint: '10.0.0.3:80', zoneHints: ['zone-b'], ready: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.2:80'],
    localEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80', '10.0.0.2:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'internalTrafficPolicy: Local, with empty endpoints',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [],
    clusterEndpoints: null,
    localEndpoints: [],
  },
  {
    name: 'internalTrafficPolicy: Local, but all endpoints are remote',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: null,
    localEndpoints: [],
    onlyRemoteEndpoints: true,
  },
  {
    name: 'internalTrafficPolicy: Local, all endpoints are local',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
    ],
    clusterEndpoints: null,
    localEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
  },
  {
    name: 'internalTrafficPolicy: Local, some endpoints are local',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: null,
    localEndpoints: ['10.0.0.0:80'],
  },
  {
    name: 'Cluster traffic policy, endpoints not Ready',
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: false },
      { endpoint: '10.0.0.1:80', ready: false },
    ],
    clusterEndpoints: [],
    localEndpoints: null,
  },
  {
    name: 'Cluster traffic policy, some endpoints are Ready',
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: false },
      { endpoint: '10.0.0.1:80', ready: true },
    ],
    clusterEndpoints: ['10.0.0.1:80'],
    localEndpoints: null,
  },
  {
    name: 'Cluster traffic policy, all endpoints are terminating',
    pteEnabled: true,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: false, serving: true, terminating: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: null,
  },
  {
    name: 'iTP: Local, eTP: Cluster, some endpoints local',
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: false, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: ['10.0.0.0:80'],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'iTP: Cluster, eTP: Local, some endpoints local',
    serviceInfo: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: ['10.0.0.0:80'],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'iTP: Local, eTP: Local, some endpoints local',
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: ['10.0.0.0:80'],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote',
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: [],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    warnings: ['KR0315'],
  },
  {
    name: 'iTP: Local, eTP: Local, all endpoints remote and terminating',
    pteEnabled: true,
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: false, serving: true, terminating: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: [],
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    onlyRemoteEndpoints: true,
    warnings: ['KR0315'],
  },
  {
    name: 'iTP: Cluster, eTP: Local, with terminating endpoints',
    pteEnabled: true,
    serviceInfo: { internalPolicyLocal: false, externalPolicyLocal: true, nodePort: 8080 },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: false, serving: false, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: false, serving: true, terminating: true, isLocal: true },
      { endpoint: '10.0.0.3:80', ready: false, serving: true, terminating: true, isLocal: false },
    ],
    clusterEndpoints: ['10.0.0.0:80'],
    localEndpoints: ['10.0.0.2:80'],
    allEndpoints: ['10.0.0.0:80', '10.0.0.2:80'],
    warnings: ['KR0315'],
  },
  {
    // Upstream sets externalPolicyLocal on a service that is not externally accessible, which the
    // API server refuses. As input that is externalTrafficPolicy: Local on a ClusterIP service
    // without externalIPs: kube-rulec warns (KR0319) and, as kube-proxy's ExternalPolicyLocal
    // does, reads it as Cluster. The categorisation is upstream's.
    name: 'externalTrafficPolicy ignored if not externally accessible',
    serviceInfo: { externalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
    ],
    clusterEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    localEndpoints: null,
    allEndpoints: ['10.0.0.0:80', '10.0.0.1:80'],
    warnings: ['KR0319'],
  },
  {
    name: 'no cluster endpoints for iTP:Local internal-only service',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.0:80', ready: true, isLocal: false },
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
    ],
    clusterEndpoints: null,
    localEndpoints: ['10.0.0.1:80'],
    allEndpoints: ['10.0.0.1:80'],
  },
];

describe('TestCategorizeEndpoints (upstream pkg/proxy/topology_test.go @ 6c039d90)', () => {
  it('has all 26 upstream cases, each name once', () => {
    expect(upstream).toHaveLength(26);
    expect(new Set(upstream.map((c) => c.name)).size).toBe(26);
  });
  it.each(upstream.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
});

// kube-rulec's own cases, in the same form. Node hints (hints.forNodes) follow
// topologyModeFromHints in pkg/proxy/topology.go (stored version 008b3652959c) with the
// PreferSameTrafficDistribution gate on, which kube-rulec always assumes: when every ready
// endpoint has a node hint and one names this node, only the endpoints hinted for this node
// are used; otherwise zone hints decide, as above.
const zoneA = { 'topology.kubernetes.io/zone': 'zone-a' };
const own: Case[] = [
  {
    name: 'node hints: every ready endpoint has one and one names this node, so only that endpoint (zone hints would give two)',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], nodeHints: ['node-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], nodeHints: ['node-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-c'], nodeHints: ['node-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], nodeHints: ['node-d', 'node-a'], ready: true },
      { endpoint: '10.1.2.7:80', zoneHints: ['zone-a'], nodeHints: ['node-d'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'node hints, none for this node: zone hints decide',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], nodeHints: ['node-b'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], nodeHints: ['node-c'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], nodeHints: ['node-d'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'node hints, none for this node and no zone hints: every ready endpoint',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', nodeHints: ['node-b'], ready: true },
      { endpoint: '10.1.2.4:80', nodeHints: ['node-c'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    localEndpoints: null,
  },
  {
    name: 'a ready endpoint without a node hint: node hints ignored, zone hints decide',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], nodeHints: ['node-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], nodeHints: ['node-d'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'an empty forNodes list is no node hint',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], nodeHints: ['node-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], nodeHints: [], ready: true },
      { endpoint: '10.1.2.6:80', zoneHints: ['zone-a'], nodeHints: ['node-d'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.6:80'],
    localEndpoints: null,
  },
  {
    name: 'an empty forZones list is no zone hint',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: [], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    localEndpoints: null,
  },
  {
    name: 'an unready endpoint without node hints does not stop them',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', nodeHints: ['node-a'], ready: true },
      { endpoint: '10.1.2.4:80', nodeHints: ['node-b'], ready: true },
      { endpoint: '10.1.2.5:80', ready: false, serving: true, terminating: true },
    ],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'a node hint for this node on an unready endpoint only does not count',
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], nodeHints: ['node-a'], ready: false },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-a'], nodeHints: ['node-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-b'], nodeHints: ['node-c'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.4:80'],
    localEndpoints: null,
  },
  {
    name: 'node hints filter the Cluster list only: eTP Local keeps every local endpoint, and all reachable is the union',
    nodeLabels: zoneA,
    serviceInfo: { externalPolicyLocal: true, nodePort: 30080 },
    endpoints: [
      { endpoint: '10.1.2.3:80', nodeHints: ['node-a'], ready: true, isLocal: true },
      { endpoint: '10.1.2.4:80', nodeHints: ['node-b'], ready: true, isLocal: true },
      { endpoint: '10.1.2.5:80', nodeHints: ['node-c'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    allEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
  },
  {
    name: 'zone hints mismatch: none names this zone, so every ready endpoint',
    nodeLabels: { 'topology.kubernetes.io/zone': 'zone-c' },
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
      { endpoint: '10.1.2.5:80', zoneHints: ['zone-a'], ready: false, serving: true, terminating: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    localEndpoints: null,
  },
  {
    name: 'zone hints without a Node object: no zone, every ready endpoint',
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80', '10.1.2.4:80'],
    localEndpoints: null,
  },
  {
    name: "the zone is that of the Node named by --hostname-override, not the first Node's",
    otherNodes: [{ name: 'node-0', labels: { 'topology.kubernetes.io/zone': 'zone-b' } }],
    nodeLabels: zoneA,
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.1.2.3:80', zoneHints: ['zone-a'], ready: true },
      { endpoint: '10.1.2.4:80', zoneHints: ['zone-b'], ready: true },
    ],
    clusterEndpoints: ['10.1.2.3:80'],
    localEndpoints: null,
  },
  {
    name: 'Cluster fallback takes only serving AND terminating endpoints',
    serviceInfo: {},
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: false },
      { endpoint: '10.0.0.2:80', ready: false, serving: false, terminating: true },
      { endpoint: '10.0.0.3:80', ready: false, serving: true, terminating: true },
    ],
    clusterEndpoints: ['10.0.0.3:80'],
    localEndpoints: null,
  },
  {
    name: 'Local fallback takes only local serving AND terminating endpoints',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: false, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: false, serving: false, terminating: true, isLocal: true },
      { endpoint: '10.0.0.3:80', ready: false, serving: true, terminating: true, isLocal: true },
      { endpoint: '10.0.0.4:80', ready: false, serving: true, terminating: true },
    ],
    clusterEndpoints: null,
    localEndpoints: ['10.0.0.3:80'],
  },
  {
    name: 'iTP Local, internal only: endpoints that are neither ready nor serving-terminating are no endpoints at all',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: false, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: false, serving: false, terminating: true, isLocal: true },
      { endpoint: '10.0.0.3:80', ready: false, serving: false, terminating: true },
    ],
    clusterEndpoints: null,
    localEndpoints: [],
  },
  {
    name: 'iTP Local, internal only: remote serving-terminating endpoints are endpoints somewhere, not here',
    serviceInfo: { internalPolicyLocal: true },
    endpoints: [{ endpoint: '10.0.0.1:80', ready: false, serving: true, terminating: true }],
    clusterEndpoints: null,
    localEndpoints: [],
    onlyRemoteEndpoints: true,
  },
  {
    name: 'a LoadBalancer VIP without a node port makes the service externally accessible: eTP Local uses local endpoints',
    serviceInfo: { externalPolicyLocal: true, loadBalancerIngress: [{ ip: '192.0.2.1' }] },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: true },
    ],
    clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
    localEndpoints: ['10.0.0.1:80'],
    allEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  },
  {
    name: 'a LoadBalancer VIP without a node port: iTP Local still needs the Cluster list for external traffic',
    serviceInfo: { internalPolicyLocal: true, loadBalancerIngress: [{ ip: '192.0.2.1' }] },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: true },
    ],
    clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
    localEndpoints: ['10.0.0.1:80'],
    allEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  },
  {
    name: 'an ipMode Proxy VIP gets no rules, so it does not make the service externally accessible',
    serviceInfo: { internalPolicyLocal: true, externalPolicyLocal: true, loadBalancerIngress: [{ ip: '192.0.2.1', ipMode: 'Proxy' }] },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: true },
    ],
    clusterEndpoints: null,
    localEndpoints: ['10.0.0.1:80'],
  },
  {
    name: 'an external IP makes a ClusterIP service externally accessible: eTP Local uses local endpoints',
    serviceInfo: { externalPolicyLocal: true, externalIPs: ['192.0.2.7'] },
    endpoints: [
      { endpoint: '10.0.0.1:80', ready: true, isLocal: true },
      { endpoint: '10.0.0.2:80', ready: true },
    ],
    clusterEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
    localEndpoints: ['10.0.0.1:80'],
    allEndpoints: ['10.0.0.1:80', '10.0.0.2:80'],
  },
];

describe("kube-rulec's own categorisation cases: node hints, fallbacks, external accessibility", () => {
  it.each(own.map((c) => [c.name, c] as const))('%s', (_name, c) => check(c));
});
