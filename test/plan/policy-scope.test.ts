// src/plan/policy.ts policyScope: the pods a peer matches come from a label index and are shared
// by peers with the same selectors. Checked against the definition, pod by pod: every eligible
// pod (sorted by namespace/name) in a selected namespace whose labels the pod selector matches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { matches } from '../../src/model/selector.js';
import type { Cluster, Pod, Protocol } from '../../src/model/types.js';
import { eligible, namedPortNumbers, policyScope } from '../../src/plan/policy.js';
import { model } from '../helpers/plan.js';

const RUNS = Number(process.env.KUBE_RULEC_PROPERTY_RUNS ?? 40);

const KEYS = ['app', 'tier', 'env'];
const VALUES = ['a', 'b', 'c'];

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });
const matchLabels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 1 });
const expression = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('In', 'NotIn'), values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 3 }) }),
  fc.record({ key: fc.constantFrom(...KEYS), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
);
const selector = fc.record({ matchLabels, matchExpressions: fc.array(expression, { maxLength: 2 }) }, { requiredKeys: [] });
const randomPeer = fc.record({ podSelector: selector, namespaceSelector: selector }, { requiredKeys: [] }).filter((p) => Object.keys(p).length > 0);
// Peers that policies in several namespaces share, so that equal selectors meet often.
const commonPeer = fc.constantFrom(
  { podSelector: { matchLabels: { app: 'a' } } },
  { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] } },
  { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['c', 'b'] }, { key: 'tier', operator: 'In', values: ['a'] }] } },
  { podSelector: {} },
  { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a', 'c'] }] } },
  { namespaceSelector: { matchLabels: { env: 'a' } }, podSelector: { matchLabels: { tier: 'b' } } },
  { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a'] }] } },
);
const peer = fc.oneof(commonPeer, randomPeer);

const cluster = fc.record({
  namespaces: fc.array(labels, { minLength: 1, maxLength: 3 }),
  pods: fc.array(fc.record({ ns: fc.nat(2), labels, phase: fc.constantFrom('Running', 'Running', 'Succeeded') }), { maxLength: 24 }),
  // Several policies, so that equal selectors in different namespaces meet.
  policies: fc.array(fc.record({ ns: fc.nat(2), podSelector: selector, from: fc.array(peer, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
});

type Case = typeof cluster extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(c: Case): string {
  const ns = (i: number) => `ns${i % c.namespaces.length}`;
  const items: unknown[] = c.namespaces.map((l, i) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `ns${i}`, labels: l } }));
  c.pods.forEach((p, i) =>
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      // Names that do not sort in creation order.
      metadata: { name: `p${(i * 7) % 17}-${i}`, namespace: ns(p.ns), labels: p.labels },
      spec: { nodeName: 'n1', containers: [{ name: 'c' }] },
      status: { phase: p.phase, podIP: `10.0.${i >> 8}.${i & 255}` },
    }),
  );
  c.policies.forEach((p, i) =>
    items.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: ns(p.ns) }, spec: { podSelector: p.podSelector, ingress: [{ from: p.from }] } }),
  );
  return stringify({ apiVersion: 'v1', kind: 'List', items });
}

/** The definition, without index or memo. */
function expected(cl: Cluster, policyNs: string, p: { podSelector: Parameters<typeof matches>[0] | undefined; namespaceSelector: Parameters<typeof matches>[0] | undefined }): string[] {
  const nsLabels = (ns: string) => new Map([...(cl.namespaces.find((n) => n.name === ns)?.labels ?? new Map<string, string>()), ['kubernetes.io/metadata.name', ns]]);
  const id = (pod: Pod) => `${pod.namespace}/${pod.name}`;
  return cl.pods
    .filter(eligible)
    .filter((pod) => (p.namespaceSelector ? matches(p.namespaceSelector, nsLabels(pod.namespace)) : pod.namespace === policyNs))
    .filter((pod) => !p.podSelector || matches(p.podSelector, pod.labels))
    .map(id)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('policyScope peerPods', () => {
  it('matches the definition for any pods, labels and selectors, in the order of the pods', () => {
    fc.assert(
      fc.property(cluster, (c) => {
        const { cluster: cl } = model(yamlOf(c));
        const scope = policyScope(cl);
        for (const policy of scope.policies) {
          for (const rule of policy.ingressRules) {
            for (const p of rule.peers ?? []) {
              if (p.kind !== 'pods') continue;
              const got = scope.peerPods(policy, p).map((pod) => `${pod.namespace}/${pod.name}`);
              expect(got).toEqual(expected(cl, policy.namespace, p));
              // Asked again, the same list.
              expect(scope.peerPods(policy, p)).toBe(scope.peerPods(policy, p));
            }
          }
        }
        // The pods a policy selects: its namespace's pods its pod selector matches. The policies
        // select with the pod selectors of their peers (policySelecting below).
        for (const policy of scope.policies) {
          expect(scope.selected(policy).map((pod) => `${pod.namespace}/${pod.name}`)).toEqual(expected(cl, policy.namespace, { podSelector: policy.podSelector, namespaceSelector: undefined }));
          for (const pod of scope.pods) expect(scope.selects(policy, pod)).toBe(scope.selected(policy).includes(pod));
        }
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
  });

  it('an In requirement with several values takes the pods of each value, merged in order', () => {
    const { cluster: cl } = model(
      yamlOf({
        namespaces: [{}],
        pods: [
          { ns: 0, labels: { app: 'b' }, phase: 'Running' },
          { ns: 0, labels: { app: 'a' }, phase: 'Running' },
          { ns: 0, labels: { app: 'c' }, phase: 'Running' },
          { ns: 0, labels: { app: 'a' }, phase: 'Running' },
        ],
        policies: [{ ns: 0, podSelector: {}, from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'a'] }] } }] }],
      }),
    );
    const scope = policyScope(cl);
    const policy = scope.policies[0]!;
    const p = policy.ingressRules[0]!.peers![0]!;
    if (p.kind !== 'pods') throw new Error('a pod peer');
    // Pod names: p0-0 (b), p7-1 (a), p14-2 (c), p4-3 (a).
    expect(scope.peerPods(policy, p).map((pod) => pod.name)).toEqual(['p0-0', 'p4-3', 'p7-1']);
  });
});

describe('policyScope portNumbers', () => {
  it('is namedPortNumbers of that pod, name and protocol, asked once', () => {
    const pod = (name: string, containers: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x}\nspec: {nodeName: n1, containers: ${containers}}\nstatus: {podIP: 10.0.0.${name.length}}\n---\n`;
    const { cluster: cl } = model(
      pod('a', '[{name: c, ports: [{name: web, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]}, {name: d, ports: [{name: dns, containerPort: 5353}]}]') +
        pod('bb', '[{name: c, ports: [{name: web, containerPort: 9090}, {name: dns, containerPort: 54, protocol: UDP}]}]') +
        pod('ccc', '[{name: c}]'),
    );
    const scope = policyScope(cl);
    const asked: [string, Protocol][] = [['web', 'tcp'], ['dns', 'udp'], ['dns', 'tcp'], ['web', 'udp'], ['none', 'tcp']];
    const table = (order: [string, Protocol][], f: (pod: Pod, name: string, protocol: Protocol) => readonly number[]) =>
      scope.pods.flatMap((pod) => order.map(([n, p]) => `${pod.name} ${n}/${p}=${f(pod, n, p).join(',')}`)).sort();
    // Asked in two orders: a memo that mixes pods, names or protocols answers one of them wrong.
    const expected = table(asked, namedPortNumbers);
    expect(expected).toEqual([
      'a dns/tcp=5353', 'a dns/udp=53', 'a none/tcp=', 'a web/tcp=8080', 'a web/udp=',
      'bb dns/tcp=', 'bb dns/udp=54', 'bb none/tcp=', 'bb web/tcp=9090', 'bb web/udp=',
      'ccc dns/tcp=', 'ccc dns/udp=', 'ccc none/tcp=', 'ccc web/tcp=', 'ccc web/udp=',
    ]);
    expect(table(asked, scope.portNumbers)).toEqual(expected);
    expect(table([...asked].reverse(), scope.portNumbers)).toEqual(expected);
    expect(scope.portNumbers(scope.pods[0]!, 'web', 'tcp')).toBe(scope.portNumbers(scope.pods[0]!, 'web', 'tcp'));
  });
});
