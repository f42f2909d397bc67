// src/plan/policy.ts through planPolicies: which pods are local and eligible; and the lint rules
// over the whole policy set (KR0503 for egress, KR0504 and its hint).
import { describe, expect, it } from 'vitest';
import type { RawFlags } from '../../src/cli/flags.js';
import { resolveSettings } from '../../src/config/resolve/index.js';
import { runLint } from '../../src/lint/index.js';
import { planPolicies } from '../../src/plan/policy.js';
import { model, typed } from '../helpers/plan.js';

const pod = (ns: string, name: string, node: string, ip: string, ports = '[]', phase = 'Running') =>
  `- {apiVersion: v1, kind: Pod, metadata: {name: ${name}, namespace: ${ns}, labels: {pod: ${name}}}, spec: {nodeName: ${node}, containers: [{name: c, ports: ${ports}}]}, status: {phase: ${phase}, podIP: "${ip}"}}\n`;

// x/a (n1) serves "metrics" on 9100; x/b (n1) serves "web" on 8080; y/c (n2) serves "admin" on 7000.
const PODS =
  pod('x', 'a', 'n1', '10.0.0.1', '[{name: metrics, containerPort: 9100}]') +
  pod('x', 'b', 'n1', '10.0.0.2', '[{name: web, containerPort: 8080}]') +
  pod('y', 'c', 'n2', '10.0.1.3', '[{name: admin, containerPort: 7000}]');

function input(policySpec: string, pods = PODS): string {
  return `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Namespace, metadata: {name: y}}
${pods}- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec: ${policySpec}
`;
}

function run(text: string, flags: RawFlags = {}) {
  const m = model(text);
  const resolved = resolveSettings(typed(flags), m.config, m.cluster);
  expect(resolved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return {
    plan: planPolicies(m.cluster, resolved.settings!),
    diagnostics: runLint({ input: m.input, cluster: m.cluster, node: resolved.settings!.node }, 'policy'),
  };
}

const messages = (r: ReturnType<typeof run>, code: string) => r.diagnostics.filter((d) => d.code === code).map((d) => d.message);
const podIds = (r: ReturnType<typeof run>) => r.plan.pods.map((p) => p.ref.id);

describe('KR0503 for egress: the named port must be on a destination pod', () => {
  const egress = (rule: string) => input(`{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [${rule}]}`);

  it('warns when no `to` pod has the port, even though the selected pod has it', () => {
    expect(messages(run(egress('{to: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: metrics}]}'), { hostnameOverride: 'n1' }), 'KR0503')).toEqual([
      'NetworkPolicy x/p: no destination pod has a TCP port named metrics',
    ]);
  });

  it('does not warn when a `to` pod has it, though the selected pod does not', () => {
    expect(messages(run(egress('{to: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: web}]}'), { hostnameOverride: 'n1' }), 'KR0503')).toEqual([]);
  });

  it('looks at `to` pods of other namespaces through a namespace selector', () => {
    const r = run(egress('{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}], ports: [{port: admin}, {port: web}]}'));
    expect(messages(r, 'KR0503')).toEqual(['NetworkPolicy x/p: no destination pod has a TCP port named web']);
  });

  it('without `to`, every pod in every namespace is a destination', () => {
    const r = run(egress('{ports: [{port: admin}, {port: nowhere}]}'));
    expect(messages(r, 'KR0503')).toEqual(['NetworkPolicy x/p: no destination pod has a TCP port named nowhere']);
  });

  it('ipBlock destinations have no named ports', () => {
    const r = run(egress('{to: [{ipBlock: {cidr: 10.0.0.0/16}}], ports: [{port: web}]}'));
    expect(messages(r, 'KR0503')).toEqual(['NetworkPolicy x/p: no destination pod has a TCP port named web']);
  });

  it('the protocol must match too', () => {
    const r = run(egress('{ports: [{port: web, protocol: UDP}]}'));
    expect(messages(r, 'KR0503')).toEqual(['NetworkPolicy x/p: no destination pod has a UDP port named web']);
  });
});

describe('which pods count', () => {
  const all = '{podSelector: {}, ingress: [{from: [{podSelector: {}}]}]}';

  it('without --hostname-override every pod in the input is local, and there is no KR0504', () => {
    const r = run(input(all));
    expect(podIds(r)).toEqual(['x/a', 'x/b']);
    expect(messages(r, 'KR0504')).toEqual([]);
  });

  it('with --hostname-override only the pods of that node', () => {
    expect(podIds(run(input(all), { hostnameOverride: 'n2' }))).toEqual([]);
    expect(podIds(run(input(all), { hostnameOverride: 'n1' }))).toEqual(['x/a', 'x/b']);
  });

  it('KR0504 says how to fix it', () => {
    const r = run(input(all), { hostnameOverride: 'n9' });
    expect(r.diagnostics.filter((d) => d.code === 'KR0504').map((d) => ({ message: d.message, hint: d.hint }))).toEqual([
      { message: 'no pod in the input runs on node n9; no pod gets a firewall chain', hint: 'check --hostname-override against spec.nodeName' },
    ]);
  });

  it('a Failed pod is neither a target nor a peer', () => {
    const r = run(input(all, PODS + pod('x', 'd', 'n1', '10.0.0.4', '[]', 'Failed')));
    expect(podIds(r)).toEqual(['x/a', 'x/b']);
    const peer = r.plan.pods[0]!.ingress![0]!.rules[0]!.peers![0]!;
    expect(peer.kind === 'pods' && peer.pods.map((p) => p.id)).toEqual(['x/a', 'x/b']);
  });

  it('a pod without any address yet (Pending) is selected by no policy: KR0501 says so', () => {
    const pending = `- {apiVersion: v1, kind: Pod, metadata: {name: d, namespace: x, labels: {pod: d}}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Pending}}\n`;
    const r = run(input('{podSelector: {matchLabels: {pod: d}}, policyTypes: [Ingress]}', PODS + pending), { hostnameOverride: 'n1' });
    expect(podIds(r)).toEqual([]);
    expect(messages(r, 'KR0501')).toEqual(['NetworkPolicy x/p selects no pod']);
  });

  it('a pod without an address of the compiled family is neither a target nor a peer', () => {
    const dual = `- {apiVersion: v1, kind: Pod, metadata: {name: d, namespace: x, labels: {pod: d}}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.4, podIPs: [{ip: 10.0.0.4}, {ip: "fd00::4"}]}}\n`;
    const r = run(input(all, PODS + dual), { ipFamily: 'ipv6' });
    expect(podIds(r)).toEqual(['x/d']);
    const peer = r.plan.pods[0]!.ingress![0]!.rules[0]!.peers![0]!;
    expect(peer.kind === 'pods' && peer.pods.map((p) => `${p.id} ${p.ip.family}`)).toEqual(['x/d 6']);
  });
});
