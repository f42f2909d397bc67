// Synthetic clusters for the benchmark, deterministic from a seed: the same options give the same
// bytes on every machine. Two kinds:
//
//   services  S Services with E endpoints each, as `kubectl get services,endpointslices -A`
//             prints them: ClusterIP, NodePort and LoadBalancer (status IPs, source ranges,
//             health-check node ports), externalIPs, one to three ports (a UDP one among them),
//             ClientIP affinity, Local external and internal traffic policies, ready, not-ready
//             and serving-terminating endpoints, one to three slices per service.
//   policy    P NetworkPolicies over pods in namespaces, as `kubectl get
//             namespaces,pods,networkpolicies -A` prints them: pod selectors with matchLabels and
//             matchExpressions, peers by namespace and pod selector, ipBlock with except, named
//             ports, port ranges (endPort), ingress and egress.
//
// Written as `kubectl get -o json` (a List, 4-space indent, fields in the API's order) and as
// `kubectl get -o yaml` (keys sorted, 2-space indent, sequences not indented, strings quoted only
// where YAML would read them as something else). Node ports are unique within a service and
// wrap around 30000-32767 across services (kube-rulec checks them per service, as the API server
// does per object; a real cluster of this size would use a wider range).
//
// Usage: node bench/generate.mjs --kind services --services 1000 --endpoints 10 [--seed 1]
//        [--format json|yaml] [-o FILE]
//        node bench/generate.mjs --kind policy --policies 1000 --pods 5000 --namespaces 50 ...
import { writeFileSync } from 'node:fs';

/** mulberry32: a small, fast PRNG with a 32-bit state. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** An integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    /** True with probability p. */
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
  };
}

/** The n-th address after base[0].base[1].0.0. */
const ipv4 = (base, n) => `${base[0]}.${base[1] + (n >>> 16)}.${(n >>> 8) & 255}.${n & 255}`;
const hex = (r, n) => Array.from({ length: n }, () => r.int(16).toString(16)).join('');
const uid = (r) => `${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;
const TIME = '2026-11-02T09:14:07Z';

/** The metadata kubectl prints for an object (fields in the API's order). */
function metadata(r, name, namespace, extra = {}) {
  const m = {};
  if (extra.annotations) m.annotations = extra.annotations;
  m.creationTimestamp = TIME;
  if (extra.generateName) m.generateName = extra.generateName;
  m.generation = extra.generation;
  if (m.generation === undefined) delete m.generation;
  if (extra.labels) m.labels = extra.labels;
  m.name = name;
  if (namespace !== undefined) m.namespace = namespace;
  if (extra.ownerReferences) m.ownerReferences = extra.ownerReferences;
  m.resourceVersion = String(100000 + r.int(9000000));
  m.uid = uid(r);
  return m;
}

/**
 * S services × E endpoints. `nodes` nodes named node-0 …; the compiled node is node-0 (give
 * `--hostname-override node-0`), so Local policies have local endpoints on some services.
 */
export function servicesCluster({ seed = 1, services = 1000, endpoints = 10, namespaces = 50, nodes = 100 } = {}) {
  const r = rng(seed);
  const svcItems = [];
  const sliceItems = [];
  let nodePort = 0;
  let endpointN = 0;
  for (let s = 0; s < services; s++) {
    const ns = `ns-${s % namespaces}`;
    const name = `svc-${s}`;
    const roll = r.next();
    const type = roll < 0.6 ? 'ClusterIP' : roll < 0.8 ? 'NodePort' : 'LoadBalancer';
    const ports = [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }];
    if (s % 5 === 0) ports.push({ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 });
    if (r.chance(0.15)) ports.push({ name: 'metrics', port: 9090, protocol: 'TCP', targetPort: 'metrics' });
    if (type !== 'ClusterIP') for (const p of ports) p.nodePort = 30000 + (nodePort++ % 2768);
    const clusterIP = ipv4([10, 96], 10 + s);
    const spec = {};
    if (type === 'NodePort' || type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts = type === 'LoadBalancer' ? true : undefined;
    if (spec.allocateLoadBalancerNodePorts === undefined) delete spec.allocateLoadBalancerNodePorts;
    spec.clusterIP = clusterIP;
    spec.clusterIPs = [clusterIP];
    const local = type !== 'ClusterIP' && r.chance(0.3);
    if (type !== 'ClusterIP') spec.externalTrafficPolicy = local ? 'Local' : 'Cluster';
    if (r.chance(0.04)) spec.externalIPs = [ipv4([203, 0], 1 + (s % 60000))];
    if (type === 'LoadBalancer' && local) spec.healthCheckNodePort = 30000 + (nodePort++ % 2768);
    spec.internalTrafficPolicy = r.chance(0.05) ? 'Local' : 'Cluster';
    spec.ipFamilies = ['IPv4'];
    spec.ipFamilyPolicy = 'SingleStack';
    if (type === 'LoadBalancer' && r.chance(0.5)) spec.loadBalancerSourceRanges = ['192.0.2.0/24', `198.51.${s % 256}.0/24`];
    spec.ports = ports;
    spec.selector = { app: name };
    const affinity = r.chance(0.1);
    spec.sessionAffinity = affinity ? 'ClientIP' : 'None';
    if (affinity) spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: r.pick([10800, 3600, 600]) } };
    spec.type = type;
    const status = { loadBalancer: type === 'LoadBalancer' ? { ingress: [{ ip: ipv4([172, 20], s), ipMode: 'VIP' }] } : {} };
    svcItems.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: metadata(r, name, ns, { labels: { app: name } }),
      spec,
      status,
    });

    // Endpoints, split over one to three slices.
    const eps = [];
    for (let e = 0; e < endpoints; e++) {
      const n = endpointN++;
      const state = r.next();
      const conditions =
        state < 0.05
          ? { ready: false, serving: true, terminating: true }
          : state < 0.07
            ? { ready: false, serving: false, terminating: false }
            : { ready: true, serving: true, terminating: false };
      eps.push({
        addresses: [ipv4([10, 128], n)],
        conditions,
        nodeName: `node-${r.int(nodes)}`,
      });
    }
    const slices = Math.min(Math.max(1, endpoints), 1 + r.int(3));
    const per = Math.ceil(endpoints / slices);
    for (let k = 0; k < slices; k++) {
      const sliceName = `${name}-${hex(r, 5)}`;
      sliceItems.push({
        addressType: 'IPv4',
        apiVersion: 'discovery.k8s.io/v1',
        endpoints: eps.slice(k * per, (k + 1) * per),
        kind: 'EndpointSlice',
        metadata: metadata(r, sliceName, ns, {
          labels: {
            'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
            'kubernetes.io/service-name': name,
          },
        }),
        ports: ports.map((p) => ({ name: p.name, port: typeof p.targetPort === 'number' ? p.targetPort : 9090, protocol: p.protocol })),
      });
    }
  }
  return list([...svcItems, ...sliceItems]);
}

const APPS = ['web', 'api', 'db', 'cache', 'queue', 'auth', 'search', 'billing', 'mail', 'metrics'];
const TIERS = ['frontend', 'backend', 'data'];
const ENVS = ['prod', 'staging', 'dev'];

/**
 * P policies over `pods` pods in `namespaces` namespaces, the pods spread over `nodes` nodes
 * (node-0 is the compiled one: give `--hostname-override node-0`).
 */
export function policyCluster({ seed = 1, policies = 1000, pods = 5000, namespaces = 50, nodes = 50 } = {}) {
  const r = rng(seed);
  const nsItems = [];
  for (let i = 0; i < namespaces; i++) {
    const name = `ns-${i}`;
    nsItems.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: metadata(r, name, undefined, { labels: { env: ENVS[i % 3], 'kubernetes.io/metadata.name': name, team: `team-${i % 7}` } }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }
  const podItems = [];
  for (let i = 0; i < pods; i++) {
    const ns = `ns-${i % namespaces}`;
    const app = APPS[r.int(APPS.length)];
    const name = `${app}-${hex(r, 10)}-${hex(r, 5)}`;
    const ip = ipv4([10, 128], i + 2);
    podItems.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: metadata(r, name, ns, { labels: { app, tier: TIERS[r.int(3)], version: `v${1 + r.int(3)}` } }),
      spec: {
        containers: [
          {
            image: `registry.example/${app}:1.${r.int(20)}`,
            name: app,
            ports: [
              { containerPort: 8080, name: 'http', protocol: 'TCP' },
              { containerPort: 9090 + r.int(2), name: 'metrics', protocol: 'TCP' },
              ...(r.chance(0.3) ? [{ containerPort: 9000, name: 'grpc', protocol: 'TCP' }] : []),
            ],
          },
        ],
        nodeName: `node-${i % nodes}`,
      },
      status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
    });
  }
  const policyItems = [];
  for (let i = 0; i < policies; i++) {
    const ns = `ns-${i % namespaces}`;
    const app = APPS[r.int(APPS.length)];
    const podSelector = r.chance(0.7)
      ? { matchLabels: { app } }
      : { matchExpressions: [{ key: 'tier', operator: 'In', values: [TIERS[r.int(3)], TIERS[r.int(3)]].filter((v, k, a) => a.indexOf(v) === k) }] };
    const port = () =>
      r.pick([
        { port: 'http', protocol: 'TCP' },
        { port: 8080, protocol: 'TCP' },
        { endPort: 9100, port: 9000, protocol: 'TCP' },
        { port: 'metrics', protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ]);
    // Peers as policies write them: a team's app, the same namespace's pods by expression, one
    // tier of the production namespaces, or an address block with a hole.
    const peer = () => {
      const k = r.next();
      if (k < 0.4) return { namespaceSelector: { matchLabels: { team: `team-${r.int(7)}` } }, podSelector: { matchLabels: { app: APPS[r.int(APPS.length)] } } };
      if (k < 0.63) return { podSelector: { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }, { key: 'app', operator: 'In', values: [APPS[r.int(APPS.length)], APPS[r.int(APPS.length)]] }] } };
      if (k < 0.85) return { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, podSelector: { matchLabels: { tier: TIERS[r.int(3)] } } };
      const b = 16 + r.int(16);
      return { ipBlock: { cidr: `172.${b}.0.0/16`, except: [`172.${b}.${r.int(256)}.0/24`] } };
    };
    const rules = (n) => Array.from({ length: n }, () => ({ from: Array.from({ length: 1 + r.int(2) }, peer), ports: Array.from({ length: 1 + r.int(2), }, port) }));
    const ingress = rules(1 + r.int(2));
    const spec = { ingress, podSelector, policyTypes: ['Ingress'] };
    if (r.chance(0.4)) {
      spec.egress = rules(1).map((x) => ({ ports: x.ports, to: x.from }));
      spec.policyTypes = ['Ingress', 'Egress'];
    }
    // Fields in the API's order: egress, ingress, podSelector, policyTypes.
    const ordered = {};
    for (const k of ['egress', 'ingress', 'podSelector', 'policyTypes']) if (spec[k] !== undefined) ordered[k] = spec[k];
    policyItems.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(r, `np-${i}`, ns, { generation: 1 }),
      spec: ordered,
    });
  }
  return list([...nsItems, ...podItems, ...policyItems]);
}

function list(items) {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `kubectl get -o json`: 4-space indent, a final newline. */
export function toJson(obj) {
  return JSON.stringify(obj, null, 4) + '\n';
}

// Plain scalars YAML 1.1 or 1.2 would read as something other than a string are quoted, as
// kubectl (go-yaml) does.
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const NOT_STRING = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|0[xXoObB][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

function scalar(v) {
  if (typeof v === 'string') return PLAIN.test(v) && !NOT_STRING.test(v) ? v : JSON.stringify(v);
  return String(v);
}

/** `kubectl get -o yaml`: keys sorted, 2-space indent, sequences at their key's indent. */
export function toYaml(obj) {
  const out = [];
  const emitMap = (m, indent, firstPrefix) => {
    const keys = Object.keys(m).sort();
    if (keys.length === 0) return false;
    keys.forEach((k, i) => {
      const pad = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(indent);
      emitValue(`${pad}${scalar(k)}:`, m[k], indent, true);
    });
    return true;
  };
  const emitValue = (head, v, indent, inMap) => {
    if (Array.isArray(v)) {
      if (v.length === 0) return void out.push(`${head} []`);
      out.push(head);
      // A sequence under a mapping key sits at the key's indent (kubectl's style).
      const at = inMap ? indent : indent + 2;
      for (const item of v) emitItem(item, at);
    } else if (v !== null && typeof v === 'object') {
      if (Object.keys(v).length === 0) return void out.push(`${head} {}`);
      out.push(head);
      emitMap(v, indent + 2);
    } else {
      out.push(`${head} ${scalar(v)}`);
    }
  };
  const emitItem = (item, indent) => {
    const dash = `${' '.repeat(indent)}- `;
    if (Array.isArray(item)) {
      if (item.length === 0) return void out.push(`${dash}[]`);
      out.push(`${' '.repeat(indent)}-`);
      for (const x of item) emitItem(x, indent + 2);
    } else if (item !== null && typeof item === 'object') {
      if (!emitMap(item, indent + 2, dash)) out.push(`${dash}{}`);
    } else {
      out.push(`${dash}${scalar(item)}`);
    }
  };
  emitMap(obj, 0);
  return out.join('\n') + '\n';
}

function main() {
  const args = process.argv.slice(2);
  const opt = (n, d) => {
    const i = args.indexOf(n);
    return i >= 0 ? args[i + 1] : d;
  };
  const kind = opt('--kind', 'services');
  const seed = Number(opt('--seed', 1));
  const cluster =
    kind === 'policy'
      ? policyCluster({ seed, policies: Number(opt('--policies', 1000)), pods: Number(opt('--pods', 5000)), namespaces: Number(opt('--namespaces', 50)) })
      : servicesCluster({ seed, services: Number(opt('--services', 1000)), endpoints: Number(opt('--endpoints', 10)) });
  const text = opt('--format', 'json') === 'yaml' ? toYaml(cluster) : toJson(cluster);
  const out = opt('-o', '-');
  if (out === '-') process.stdout.write(text);
  else writeFileSync(out, text);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
