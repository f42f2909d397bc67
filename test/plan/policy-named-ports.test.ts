// Named ports are resolved in the plan, per destination pod: for ingress on the pods the policy
// isolates, for egress on each peer's pods (every pod without `to`; none for an ipBlock).
import { describe, expect, it } from 'vitest';
import { resolveSettings } from '../../src/config/resolve/index.js';
import { formatIP } from '../../src/net/ip.js';
import { planPolicies } from '../../src/plan/policy.js';
import { model } from '../helpers/plan.js';

const pod = (name: string, ip: string, labels: string, ports: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: x, labels: {${labels}}}\nspec: {nodeName: n1, containers: [{name: c, ports: ${ports}}]}\nstatus: {podIP: ${ip}}\n---\n`;
const PODS =
  pod('a', '10.0.0.1', 'app: a', '[{name: web, containerPort: 8080}]') +
  pod('b', '10.0.0.2', 'app: b', '[{name: web, containerPort: 9090}, {name: dns, containerPort: 53, protocol: UDP}]') +
  pod('c', '10.0.0.3', 'app: c', '[]');
const policy = (spec: string) => `${PODS}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec: ${spec}\n`;

function named(text: string) {
  const m = model(text);
  const settings = resolveSettings({ hostnameOverride: 'n1' }, undefined, m.cluster).settings!;
  const plan = planPolicies(m.cluster, settings);
  const dir = plan.pods.flatMap((f) => [...(f.ingress ?? []), ...(f.egress ?? [])])[0]!;
  const port = dir.rules[0]!.ports![0]!;
  if (port.kind !== 'named') throw new Error('expected a named port');
  return port.byPeer.map((list) => list.map((d) => `${formatIP(d.ip)}:${d.port}`));
}

describe('named ports in the policy plan', () => {
  it('ingress: on every pod the policy isolates that has the port', () => {
    expect(named(policy('{podSelector: {}, ingress: [{ports: [{port: web}]}]}'))).toEqual([['10.0.0.1:8080', '10.0.0.2:9090']]);
  });

  it('egress: on the pods of each peer, by protocol; an ipBlock peer has none', () => {
    const spec = '{podSelector: {matchLabels: {app: c}}, policyTypes: [Egress], egress: [{to: [{podSelector: {matchLabels: {app: b}}}, {ipBlock: {cidr: 10.0.0.0/8}}, {podSelector: {}}], ports: [{port: dns, protocol: UDP}]}]}';
    expect(named(policy(spec))).toEqual([['10.0.0.2:53'], [], ['10.0.0.2:53']]);
  });

  it('egress without `to`: on every pod of the cluster', () => {
    expect(named(policy('{podSelector: {matchLabels: {app: c}}, policyTypes: [Egress], egress: [{ports: [{port: web}]}]}'))).toEqual([['10.0.0.1:8080', '10.0.0.2:9090']]);
  });
});
