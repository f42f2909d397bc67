// backends/policy-nftables/program, read on the program (the IR) rather than the text: the
// ruleset and script writers merge an anonymous interval set of addresses again when they write
// it (as nft does when it loads), so the text alone cannot show that the program already holds
// the merged form, which is what the transaction and the ruleset must agree on.
import { describe, expect, it } from 'vitest';
import { parseCompileArgs } from '../../../src/cli/compile.js';
import { parseFlags } from '../../../src/cli/flags.js';
import type { NftValue } from '../../../src/ir/nftables.js';
import { part } from '../../../src/ir/program.js';
import { formatIP } from '../../../src/net/ip.js';
import { compileProgram } from '../../../src/pipeline/compile.js';

const NS = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}, {ip: "fd00::1"}]}}
`;

function table(spec: string, pods = '') {
  const input = `${NS}${pods}- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: p, namespace: x}\n  spec: ${spec}\n`;
  const args = parseCompileArgs(['--mode', 'policy', '--backend', 'nftables', '--hostname-override', 'n1', '-']);
  const { program } = compileProgram({ paths: args.paths, configPath: args.configPath, stdin: { text: input }, cwd: '/' }, parseFlags(args.flags).flags);
  return part(program, 'nftables')!.table;
}

/** A value as plain text, without any merging: sets as arrays. */
function show(v: NftValue): unknown {
  switch (v.kind) {
    case 'ip':
      return formatIP(v.ip);
    case 'cidr':
      return `${formatIP(v.cidr.ip)}/${v.cidr.prefix}`;
    case 'range':
      return `${formatIP(v.from)}-${formatIP(v.to)}`;
    case 'port':
      return v.port;
    case 'port-range':
      return `${v.from}-${v.to}`;
    case 'set':
      return v.elements.map(show);
    default:
      return v;
  }
}

/** The right-hand values of the `!=` matches (the excepts) of the policy chain's rules. */
function excepts(spec: string): unknown[] {
  const chain = table(spec).chains.find((c) => c.name.startsWith('np-in-'))!;
  return chain.rules.flatMap((r) => r.statements.flatMap((s) => (s.kind === 'match' && s.op === '!=' ? [show(s.right)] : [])));
}

describe('policy nftables program: excepts as merged intervals', () => {
  it('adjacent, contained, duplicated; a prefix, an address, a range aligned but not a power of two, a power of two not aligned', () => {
    const spec =
      '{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.128/25, 10.0.1.0/25, 10.0.4.0/24, 10.0.3.0/24, 10.0.2.5/32, 10.0.2.5/32, 10.0.5.0/26, 10.0.5.16/28, 10.0.6.128/25, 10.0.7.0/25, 10.0.8.0/24, 10.0.9.0/24, 10.0.10.0/24]}}, {ipBlock: {cidr: "fd00::/64", except: ["fd00::8/125", "fd00::/125", "fd00::20/128"]}}]}]}';
    expect(excepts(spec)).toEqual([
      ['10.0.1.0/24', '10.0.2.5', '10.0.3.0-10.0.5.63', '10.0.6.128-10.0.7.127', '10.0.8.0-10.0.10.255'],
      ['fd00::/124', 'fd00::20'],
    ]);
  });

  it('one except is its value alone; a /32 except is an address', () => {
    expect(excepts('{podSelector: {}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.2.0/23]}}, {ipBlock: {cidr: 10.1.0.0/16, except: [10.1.0.7/32]}}]}]}')).toEqual([
      '10.0.2.0/23',
      '10.1.0.7',
    ]);
  });

  it('ports: adjacent and contained ranges merged, one port as a port', () => {
    const chain = table('{podSelector: {}, ingress: [{ports: [{port: 85, endPort: 90}, {port: 80, endPort: 100}, {port: 101}, {port: 103}, {port: 53, protocol: UDP}]}]}').chains.find((c) =>
      c.name.startsWith('np-in-'),
    )!;
    expect(chain.rules.map((r) => r.statements.flatMap((s) => (s.kind === 'match' ? [show(s.right)] : [])))).toEqual([[['80-101', 103]], [53]]);
  });
});

describe('policy nftables program: origins', () => {
  it('pod chains carry the pod and direction, policy chains the policy; base chains nothing', () => {
    const t = table('{podSelector: {}, ingress: [{ports: [{port: 80}]}]}');
    const of = (prefix: string) => t.chains.filter((c) => c.name.startsWith(prefix)).flatMap((c) => c.rules.map((r) => r.origin));
    const pod = { kind: 'pod', namespace: 'x', name: 'a', direction: 'ingress' };
    expect(of('pod-in-')).toEqual([pod, pod, pod, pod]);
    expect(of('np-in-')).toEqual([{ kind: 'policy', namespace: 'x', name: 'p', direction: 'ingress' }]);
    expect(t.chains.filter((c) => c.base).flatMap((c) => c.rules.filter((r) => 'origin' in r))).toEqual([]);
  });
});

describe('policy nftables program: peer sets', () => {
  it('each pod address once, whatever peers select it, and addresses alike as text kept apart', () => {
    const pods = ['10.1.11.5', '10.11.1.5'].map((ip, i) => `- {apiVersion: v1, kind: Pod, metadata: {name: p${i}, namespace: x, labels: {pod: p}}, spec: {nodeName: n2, containers: [{name: c}]}, status: {phase: Running, podIP: ${ip}}}\n`).join('');
    const t = table('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {}}, {podSelector: {matchLabels: {pod: p}}}, {podSelector: {matchLabels: {pod: a}}}]}]}', pods);
    const sets = t.containers.filter((c) => c.kind === 'set').map((c) => ({ name: c.name.slice(0, 8), elements: c.elements.map((e) => e.key.map(show)) }));
    expect(sets).toEqual([
      { name: 'peer-ip4', elements: [['10.0.0.1'], ['10.1.11.5'], ['10.11.1.5']] },
      { name: 'peer-ip6', elements: [['fd00::1']] },
    ]);
  });
});

describe('policy nftables program: named port sets', () => {
  it('(address, protocol, port) each once, by address, protocol number, then port', () => {
    const pod = (name: string, ip: string, ports: string) =>
      `- {apiVersion: v1, kind: Pod, metadata: {name: ${name}, namespace: x, labels: {pod: q}}, spec: {nodeName: n1, containers: [{name: c, ports: [${ports}]}]}, status: {phase: Running, podIP: ${ip}}}\n`;
    const pods =
      pod('q1', '10.0.1.19', '{name: x, containerPort: 9001}') +
      pod('q2', '10.0.11.9', '{name: x, containerPort: 9001}, {name: y, containerPort: 53, protocol: UDP}, {name: z, containerPort: 80}');
    const t = table('{podSelector: {matchLabels: {pod: q}}, ingress: [{ports: [{port: x}, {port: y, protocol: UDP}, {port: z}]}]}', pods);
    const named = t.containers.filter((c) => c.name.startsWith('named-')).map((c) => c.elements.map((e) => e.key.map((k) => (k.kind === 'protocol' ? k.protocol : show(k)))));
    expect(named).toEqual([
      [
        ['10.0.1.19', 'tcp', 9001],
        ['10.0.11.9', 'tcp', 80],
        ['10.0.11.9', 'tcp', 9001],
        ['10.0.11.9', 'udp', 53],
      ],
    ]);
  });
});
