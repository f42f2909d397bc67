// Policy verdicts on the nftables table itself: what the lab cannot send (SCTP) and the semantics
// that are easy to get wrong (defaulting, named-port protocols, except scope, families), read
// from the ruleset form (what nft lists). The lab checks the same cases with real traffic.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';

const NS = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Namespace, metadata: {name: y}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: serve-81-udp, containerPort: 81, protocol: UDP}, {name: web, containerPort: 8080}]}]}, status: {phase: Running, podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}, {ip: "fd00::1"}]}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: web, containerPort: 9090}]}]}, status: {phase: Running, podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: c, namespace: y, labels: {pod: c}}, spec: {nodeName: n2, containers: [{name: c, ports: [{name: web, containerPort: 7070}]}]}, status: {phase: Running, podIP: 10.0.1.3}}
`;

function policy(spec: string, ns = 'x'): string {
  return `${NS}- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: p, namespace: ${ns}}\n  spec: ${spec}\n`;
}

async function ruleset(input: string, ...flags: string[]): Promise<string> {
  const r = await runCli(['compile', '--mode', 'policy', '--backend', 'nftables', '--output-format', 'ruleset', '--hostname-override', 'n1', ...flags, '-'], input);
  expect(r.exit, r.stderr).toBe(0);
  return r.stdout;
}

/** Chain, set and hash names are tested elsewhere; here "#" stands for the hashes. */
const anonymous = (line: string) => line.replace(/\b(np-in|np-out|pod-in|pod-out|peer-ip4|peer-ip6|named-ip4|named-ip6)-[A-Z2-7]{16}\b/g, '$1-#');

/** The rules of the policy chains (np-*), in order, without indentation. */
async function rules(input: string): Promise<string[]> {
  const out: string[] = [];
  let inPolicy = false;
  for (const line of (await ruleset(input)).split('\n')) {
    if (/^\tchain /.test(line)) inPolicy = /^\tchain np-/.test(line);
    else if (inPolicy && line.startsWith('\t\t')) out.push(anonymous(line.trim()));
  }
  return out;
}

/** One set's or map's elements line. */
async function elements(input: string, name: RegExp): Promise<string | undefined> {
  const text = anonymous(await ruleset(input));
  const block = text.split('\n\n').find((b) => b.split('\n').some((l) => /^\t(set|map) /.test(l) && name.test(l)));
  return block?.split('\n').find((l) => l.includes('elements ='))?.trim();
}

describe('policy nftables rules', () => {
  it('an SCTP-only policy opens SCTP and nothing else, and still isolates the pod', async () => {
    const input = policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{ports: [{protocol: SCTP, port: 80}]}]}');
    expect(await rules(input)).toEqual(['sctp dport 80 accept comment "x/p ingress rule 0"']);
    expect(await elements(input, /map ingress-ip4/)).toBe('elements = { 10.0.0.1 : jump pod-in-# }');
    expect(await ruleset(input)).toContain('\t\treject comment "x/a: no ingress policy allows this"\n');
  });

  it('a port without protocol is TCP only; {} is every TCP port; a protocol alone is every port of it', async () => {
    expect(await rules(policy('{podSelector: {}, ingress: [{ports: [{port: 80}]}]}'))).toEqual(['tcp dport 80 accept comment "x/p ingress rule 0"']);
    expect(await rules(policy('{podSelector: {}, ingress: [{ports: [{port: 80}, {}]}]}'))).toEqual(['meta l4proto tcp accept comment "x/p ingress rule 0"']);
    expect(await rules(policy('{podSelector: {}, ingress: [{ports: [{protocol: UDP}, {port: 53, protocol: UDP}, {port: 80}]}]}'))).toEqual([
      'meta l4proto udp accept comment "x/p ingress rule 0"',
      'tcp dport 80 accept comment "x/p ingress rule 0"',
    ]);
  });

  it('ports and endPort ranges of one protocol are one match, merged as nft lists them', async () => {
    expect(await rules(policy('{podSelector: {}, ingress: [{ports: [{port: 90, endPort: 99}, {port: 80}, {port: 81, endPort: 85}, {port: 443}]}]}'))).toEqual([
      'tcp dport { 80-85, 90-99, 443 } accept comment "x/p ingress rule 0"',
    ]);
  });

  it('excepts merged as nft lists them (adjacent, contained, a prefix, an address, a range), both families; ports contained in a range', async () => {
    const spec =
      '{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.128/25, 10.0.1.0/25, 10.0.4.0/24, 10.0.3.0/24, 10.0.2.5/32, 10.0.2.5/32, 10.0.5.0/26, 10.0.5.16/28]}}, {ipBlock: {cidr: "fd00::/64", except: ["fd00::8/125", "fd00::/125", "fd00::20/128"]}}], ports: [{port: 85, endPort: 90}, {port: 80, endPort: 100}, {port: 100}, {port: 101, protocol: UDP}, {protocol: SCTP}, {protocol: UDP}]}]}';
    const v4 = 'ip saddr 10.0.0.0/16 ip saddr != { 10.0.1.0/24, 10.0.2.5, 10.0.3.0-10.0.5.63 }';
    const v6 = 'ip6 saddr fd00::/64 ip6 saddr != { fd00::/124, fd00::20 }';
    expect(await rules(policy(spec))).toEqual([
      `${v4} meta l4proto { udp, sctp } accept comment "x/p ingress rule 0"`,
      `${v4} tcp dport 80-100 accept comment "x/p ingress rule 0"`,
      `${v6} meta l4proto { udp, sctp } accept comment "x/p ingress rule 0"`,
      `${v6} tcp dport 80-100 accept comment "x/p ingress rule 0"`,
    ]);
  });

  it('a named port needs the protocol to match: serve-81-udp under the default TCP matches nothing', async () => {
    expect(await rules(policy('{podSelector: {}, ingress: [{ports: [{port: serve-81-udp}]}]}'))).toEqual([]);
    const udp = policy('{podSelector: {}, ingress: [{ports: [{port: serve-81-udp, protocol: UDP}]}]}');
    expect(await rules(udp)).toEqual(['ip daddr . meta l4proto . th dport @named-ip4-# accept comment "x/p ingress rule 0"', 'ip6 daddr . meta l4proto . th dport @named-ip6-# accept comment "x/p ingress rule 0"']);
    expect(await elements(udp, /set named-ip4/)).toBe('elements = { 10.0.0.1 . udp . 81 }');
  });

  it('an ingress named port resolves on each target pod to its own number, and keeps the peer match', async () => {
    const input = policy('{podSelector: {}, ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: web}]}]}');
    expect(await rules(input)).toEqual(['ip saddr @peer-ip4-# ip daddr . meta l4proto . th dport @named-ip4-# accept comment "x/p ingress rule 0"']);
    // nft lists a concatenation by its last bytes first: 9090 (0x2382) before 8080 (0x1f90).
    expect(await ruleset(input)).toContain('elements = { 10.0.0.2 . tcp . 9090,\n\t\t\t     10.0.0.1 . tcp . 8080 }');
  });

  it('an egress named port without `to` resolves over every pod in every namespace, as its own peer match', async () => {
    const input = policy('{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{ports: [{port: web}]}]}');
    expect(await rules(input)).toEqual([
      'ip daddr . meta l4proto . th dport @named-ip4-# accept comment "x/p egress rule 0"',
      'ip6 daddr . meta l4proto . th dport @named-ip6-# accept comment "x/p egress rule 0"',
    ]);
    const text = await ruleset(input);
    // Listed by the port's low byte first: 9090 (0x82), 8080 (0x90), 7070 (0x9e).
    expect(text).toContain('elements = { 10.0.0.2 . tcp . 9090,\n\t\t\t     10.0.0.1 . tcp . 8080,\n\t\t\t     10.0.1.3 . tcp . 7070 }');
    expect(text).toContain('elements = { fd00::1 . tcp . 8080 }');
  });

  it('egress rules without policyTypes also isolate ingress, with no ingress rule', async () => {
    const input = policy('{podSelector: {matchLabels: {pod: a}}, egress: [{}]}');
    expect(await elements(input, /map ingress-ip4/)).toBe('elements = { 10.0.0.1 : jump pod-in-# }');
    expect(await elements(input, /map egress-ip4/)).toBe('elements = { 10.0.0.1 : jump pod-out-# }');
    const text = anonymous(await ruleset(input));
    expect(text).toContain('\tchain np-in-# {\n\t}\n');
    expect(text).toContain('\tchain np-out-# {\n\t\taccept comment "x/p egress rule 0"\n\t}\n');
  });

  it('an except belongs to its own peer only: in the same rule, never in a set shared with another peer', async () => {
    expect(
      await rules(policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/24]}}, {ipBlock: {cidr: 10.0.0.2/32}}]}]}')),
    ).toEqual(['ip saddr 10.0.0.0/16 ip saddr != 10.0.0.0/24 accept comment "x/p ingress rule 0"', 'ip saddr 10.0.0.2 accept comment "x/p ingress rule 0"']);
  });

  it('a pod selector peer stays in the policy namespace unless a namespace selector is given', async () => {
    const same = policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {}}]}]}');
    expect(await elements(same, /set peer-ip4/)).toBe('elements = { 10.0.0.1, 10.0.0.2 }');
    expect(await elements(same, /set peer-ip6/)).toBe('elements = { fd00::1 }');
    const other = policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]}');
    expect(await elements(other, /set peer-ip4/)).toBe('elements = { 10.0.1.3 }');
    expect(await rules(other)).toEqual(['ip saddr @peer-ip4-# accept comment "x/p ingress rule 0"']);
  });

  it('one table for both families: addresses per family, an ipBlock only in its own', async () => {
    const input = policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}, {ipBlock: {cidr: "::/0"}}], ports: [{port: 80}]}, {}]}');
    expect(await rules(input)).toEqual([
      'ip saddr 0.0.0.0/0 tcp dport 80 accept comment "x/p ingress rule 0"',
      'ip6 saddr ::/0 tcp dport 80 accept comment "x/p ingress rule 0"',
      'accept comment "x/p ingress rule 1"',
    ]);
    expect(await elements(input, /map ingress-ip6/)).toBe('elements = { fd00::1 : jump pod-in-# }');
  });

  it('only pods on the --hostname-override node are in the maps; --policy-deny DROP drops', async () => {
    const input = policy('{podSelector: {}}', 'y');
    expect(await elements(input, /map ingress-ip4/)).toBeUndefined();
    const r = await runCli(['compile', '--mode', 'policy', '--backend', 'nftables', '--output-format', 'ruleset', '--hostname-override', 'n2', '--policy-deny', 'DROP', '-'], input);
    expect(anonymous(r.stdout)).toContain('elements = { 10.0.1.3 : jump pod-in-# }');
    expect(r.stdout).toContain('\t\tdrop comment "y/c: no ingress policy allows this"\n');
    expect(r.stdout).not.toContain('reject');
  });

  it('hooks after kube-proxy DNAT, replies first, and no mark: an accept ends only its own base chain', async () => {
    const text = await ruleset(policy('{podSelector: {}}'));
    expect(text.match(/^\t\ttype filter.*$/gm)).toEqual([
      '\t\ttype filter hook forward priority filter; policy accept;',
      '\t\ttype filter hook input priority filter; policy accept;',
      '\t\ttype filter hook forward priority filter + 1; policy accept;',
      '\t\ttype filter hook output priority filter + 1; policy accept;',
    ]);
    expect(text).not.toMatch(/mark/);
    expect(text.match(/^\tchain (egress|ingress)-\w+ \{\n\t\ttype .*\n\t\tct state \{ established, related \} accept/gm)).toHaveLength(4);
  });
});
