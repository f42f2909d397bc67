// Policy verdicts checked on the rules themselves: what the lab cannot send (SCTP) and the
// semantics that are easy to get wrong (defaulting, named-port protocols, except scope).
import { describe, expect, it } from 'vitest';
import { part } from '../../../src/ir/program.js';
import { compileProgram } from '../../../src/pipeline/compile.js';
import { typed } from '../../helpers/plan.js';
import { runCli } from '../../helpers/run.js';

const NS = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Namespace, metadata: {name: y}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: serve-81-udp, containerPort: 81, protocol: UDP}, {name: web, containerPort: 8080}]}]}, status: {phase: Running, podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: web, containerPort: 9090}]}]}, status: {phase: Running, podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: c, namespace: y, labels: {pod: c}}, spec: {nodeName: n2, containers: [{name: c, ports: [{name: web, containerPort: 7070}]}]}, status: {phase: Running, podIP: 10.0.1.3}}
`;

function policy(spec: string, ns = 'x'): string {
  return `${NS}- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: p, namespace: ${ns}}\n  spec: ${spec}\n`;
}

async function rules(input: string): Promise<string[]> {
  const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '-'], input);
  expect(r.exit, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('-A KR-NP-'))
    .map(anonymous);
}

/** Chain-name hashes are tested elsewhere; here "#" stands for them. */
function anonymous(line: string): string {
  return line.replace(/KR-(NP-IN|NP-OUT|NPX|POD-IN|POD-OUT)-[A-Z2-7]{16}/g, 'KR-$1-#');
}

describe('policy rules', () => {
  it('an SCTP-only policy opens SCTP and nothing else, and still isolates the pod', async () => {
    const input = policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{ports: [{protocol: SCTP, port: 80}]}]}');
    expect((await rules(input))).toEqual([
      '-A KR-NP-IN-# -p sctp -m comment --comment "x/p ingress rule 0" -m sctp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
    ]);
    const out = (await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '-'], input)).stdout;
    expect(out).toMatch(/-A KR-POD-IN-\S+ -m comment --comment "x\/a: no ingress policy allows this" -j REJECT/);
  });

  it('a port without protocol is TCP only; {} is every TCP port', async () => {
    expect((await rules(policy('{podSelector: {}, ingress: [{ports: [{port: 80}, {}]}]}')))).toEqual([
      '-A KR-NP-IN-# -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -p tcp -m comment --comment "x/p ingress rule 0" -m tcp -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('a named port needs the protocol to match: serve-81-udp under the default TCP matches nothing', async () => {
    expect((await rules(policy('{podSelector: {}, ingress: [{ports: [{port: serve-81-udp}]}]}')))).toEqual([]);
    expect((await rules(policy('{podSelector: {}, ingress: [{ports: [{port: serve-81-udp, protocol: UDP}]}]}')))).toEqual([
      '-A KR-NP-IN-# -d 10.0.0.1/32 -p udp -m comment --comment "x/p ingress rule 0" -m udp --dport 81 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('an ingress named port resolves on each target pod to its own number', async () => {
    expect((await rules(policy('{podSelector: {}, ingress: [{ports: [{port: web}]}]}')))).toEqual([
      '-A KR-NP-IN-# -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -d 10.0.0.2/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 9090 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('an egress named port without `to` resolves over every pod in every namespace', async () => {
    expect((await rules(policy('{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{ports: [{port: web}]}]}')))).toEqual([
      '-A KR-NP-OUT-# -d 10.0.0.1/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-OUT-# -d 10.0.0.2/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 9090 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-OUT-# -d 10.0.1.3/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 7070 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('a port name several containers share gives each distinct number once, in ascending order', async () => {
    const pod = `- {apiVersion: v1, kind: Pod, metadata: {name: d, namespace: y, labels: {pod: d}}, spec: {nodeName: n2, containers: [{name: c1, ports: [{name: multi, containerPort: 9090}]}, {name: c2, ports: [{name: multi, containerPort: 8080}]}, {name: c3, ports: [{name: multi, containerPort: 9090}]}]}, status: {phase: Running, podIP: 10.0.1.4}}\n`;
    const input = policy('{podSelector: {matchLabels: {pod: a}}, policyTypes: [Egress], egress: [{ports: [{port: multi}]}]}').replace('- apiVersion: networking.k8s.io/v1', `${pod}- apiVersion: networking.k8s.io/v1`);
    expect(await rules(input)).toEqual([
      '-A KR-NP-OUT-# -d 10.0.1.4/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-OUT-# -d 10.0.1.4/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 9090 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('egress rules without policyTypes also isolate ingress, with no ingress rule', async () => {
    const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '-'], policy('{podSelector: {matchLabels: {pod: a}}, egress: [{}]}'));
    expect(r.stdout).toMatch(/-A KR-POLICY-FORWARD -d 10\.0\.0\.1\/32 -m comment --comment "x\/a ingress" -j KR-POD-IN-/);
    expect(r.stdout).toMatch(/-A KR-POLICY-FORWARD -s 10\.0\.0\.1\/32 -m comment --comment "x\/a egress" -j KR-POD-OUT-/);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('-A KR-NP-IN-'))).toEqual([]);
  });

  it('an except belongs to its own peer only', async () => {
    expect(
      (await rules(
        policy(
          '{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/24]}}, {ipBlock: {cidr: 10.0.0.2/32}}]}]}',
        ),
      )),
    ).toEqual([
      '-A KR-NP-IN-# -s 10.0.0.0/16 -m comment --comment "x/p ingress rule 0" -j KR-NPX-#',
      '-A KR-NP-IN-# -s 10.0.0.2/32 -m comment --comment "x/p ingress rule 0" -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('a pod selector peer stays in the policy namespace unless a namespace selector is given', async () => {
    expect((await rules(policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{podSelector: {}}]}]}')))).toEqual([
      '-A KR-NP-IN-# -s 10.0.0.1/32 -m comment --comment "x/p ingress rule 0" -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -s 10.0.0.2/32 -m comment --comment "x/p ingress rule 0" -j MARK --set-xmark 0x10000/0x10000',
    ]);
    expect(
      (await rules(policy('{podSelector: {matchLabels: {pod: a}}, ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]}'))),
    ).toEqual([
      '-A KR-NP-IN-# -s 10.0.1.3/32 -m comment --comment "x/p ingress rule 0" -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('warns when no pod runs on the --hostname-override node', async () => {
    const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n9', '-'], policy('{podSelector: {}}'));
    expect(r.exit).toBe(0);
    expect(r.stderr).toContain('<command line>: warning KR0504: no pod in the input runs on node n9; no pod gets a firewall chain');
    expect(r.stdout).not.toContain('KR-POD-');
  });

  it('only pods on the --hostname-override node get firewall chains', async () => {
    const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n2', '-'], policy('{podSelector: {}}', 'y'));
    expect(r.stdout.match(/^-A KR-POLICY-FORWARD .*$/gm)!.map(anonymous)).toEqual([
      '-A KR-POLICY-FORWARD -d 10.0.1.3/32 -m comment --comment "y/c ingress" -j KR-POD-IN-#',
      '-A KR-POLICY-FORWARD -j MARK --set-xmark 0x0/0x10000',
    ]);
  });
});

const ALL_PATHS = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: web, containerPort: 8080}]}]}, status: {phase: Running, podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.2}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec:
    podSelector: {}
    policyTypes: [Ingress, Egress]
    ingress:
    - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.1.0.0/16, 10.2.0.0/16]}}, {podSelector: {matchLabels: {pod: none}}}]
      ports: [{port: 80, endPort: 80}, {port: 81, endPort: 90}]
    egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.9.0.0/16]}}]
`;

const EMPTY_PEER_SET = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: web, containerPort: 8080}]}]}, status: {phase: Running, podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n2, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.2}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec:
    podSelector: {matchLabels: {pod: a}}
    ingress:
    - from: [{podSelector: {matchLabels: {pod: none}}}, {podSelector: {matchLabels: {pod: b}}}]
      ports: [{port: web}]
`;

const EGRESS_NAMED_TO = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c, ports: [{name: web, containerPort: 8080}]}]}, status: {phase: Running, podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n2, containers: [{name: c, ports: [{name: web, containerPort: 9090}]}]}, status: {phase: Running, podIP: 10.0.0.2}}
- {apiVersion: v1, kind: Pod, metadata: {name: c, namespace: x, labels: {pod: c}}, spec: {nodeName: n2, containers: [{name: c, ports: [{name: web, containerPort: 7070}]}]}, status: {phase: Running, podIP: 10.0.0.3}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec:
    podSelector: {matchLabels: {pod: a}}
    policyTypes: [Egress]
    egress:
    - to: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: c}}}]
      ports: [{port: web}]
`;

describe('policy chains (backends/policy/program.ts), the whole output', () => {
  it('--policy-deny DROP and --policy-mark-bit; a range of one port, a /0 ipBlock, a peer of no pod, excepts shared by two ports, one policy chain for two pods', async () => {
    const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '--policy-deny', 'DROP', '--policy-mark-bit', '3', '-'], ALL_PATHS);
    expect(r.exit, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '*filter',
      ':KR-NP-IN-VDW2PSGGTEGJPJLC - [0:0]',
      ':KR-NP-OUT-UQF4OM3FFKVW2MXO - [0:0]',
      ':KR-NPX-QNKB66XQO7DIVYRV - [0:0]',
      ':KR-NPX-ZTS32FIYOZOM5MCU - [0:0]',
      ':KR-POD-IN-EZQXDNCUQ7ZBBAIP - [0:0]',
      ':KR-POD-IN-YIWTBYPNFUNBPZYM - [0:0]',
      ':KR-POD-OUT-G2BQYT667BDKEMAR - [0:0]',
      ':KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 - [0:0]',
      ':KR-POLICY-FORWARD - [0:0]',
      ':KR-POLICY-INPUT - [0:0]',
      ':KR-POLICY-OUTPUT - [0:0]',
      '-A KR-NP-IN-VDW2PSGGTEGJPJLC -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 80 -j KR-NPX-ZTS32FIYOZOM5MCU',
      '-A KR-NP-IN-VDW2PSGGTEGJPJLC -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 81:90 -j KR-NPX-ZTS32FIYOZOM5MCU',
      '-A KR-NP-OUT-UQF4OM3FFKVW2MXO -d 10.0.0.0/8 -m comment --comment "x/p egress rule 0" -j KR-NPX-QNKB66XQO7DIVYRV',
      '-A KR-NPX-QNKB66XQO7DIVYRV -d 10.9.0.0/16 -m comment --comment "x/p egress rule 0: except" -j RETURN',
      '-A KR-NPX-QNKB66XQO7DIVYRV -m comment --comment "x/p egress rule 0" -j MARK --set-xmark 0x8/0x8',
      '-A KR-NPX-ZTS32FIYOZOM5MCU -s 10.1.0.0/16 -m comment --comment "x/p ingress rule 0: except" -j RETURN',
      '-A KR-NPX-ZTS32FIYOZOM5MCU -s 10.2.0.0/16 -m comment --comment "x/p ingress rule 0: except" -j RETURN',
      '-A KR-NPX-ZTS32FIYOZOM5MCU -m comment --comment "x/p ingress rule 0" -j MARK --set-xmark 0x8/0x8',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m comment --comment "replies and related traffic" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m conntrack --ctstate INVALID -j DROP',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m comment --comment "from this node" -m addrtype --src-type LOCAL -j RETURN',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -j MARK --set-xmark 0x0/0x8',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m comment --comment "policy x/p" -j KR-NP-IN-VDW2PSGGTEGJPJLC',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m mark --mark 0x8/0x8 -j RETURN',
      '-A KR-POD-IN-EZQXDNCUQ7ZBBAIP -m comment --comment "x/a: no ingress policy allows this" -j DROP',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m comment --comment "replies and related traffic" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m conntrack --ctstate INVALID -j DROP',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m comment --comment "from this node" -m addrtype --src-type LOCAL -j RETURN',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -j MARK --set-xmark 0x0/0x8',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m comment --comment "policy x/p" -j KR-NP-IN-VDW2PSGGTEGJPJLC',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m mark --mark 0x8/0x8 -j RETURN',
      '-A KR-POD-IN-YIWTBYPNFUNBPZYM -m comment --comment "x/b: no ingress policy allows this" -j DROP',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -m comment --comment "replies and related traffic" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -m conntrack --ctstate INVALID -j DROP',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -j MARK --set-xmark 0x0/0x8',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -m comment --comment "policy x/p" -j KR-NP-OUT-UQF4OM3FFKVW2MXO',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -m mark --mark 0x8/0x8 -j RETURN',
      '-A KR-POD-OUT-G2BQYT667BDKEMAR -m comment --comment "x/b: no egress policy allows this" -j DROP',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -m comment --comment "replies and related traffic" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -m conntrack --ctstate INVALID -j DROP',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -j MARK --set-xmark 0x0/0x8',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -m comment --comment "policy x/p" -j KR-NP-OUT-UQF4OM3FFKVW2MXO',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -m mark --mark 0x8/0x8 -j RETURN',
      '-A KR-POD-OUT-UYYCR7Y4LKZ5Q3D2 -m comment --comment "x/a: no egress policy allows this" -j DROP',
      '-A KR-POLICY-FORWARD -s 10.0.0.1/32 -m comment --comment "x/a egress" -j KR-POD-OUT-UYYCR7Y4LKZ5Q3D2',
      '-A KR-POLICY-FORWARD -d 10.0.0.1/32 -m comment --comment "x/a ingress" -j KR-POD-IN-EZQXDNCUQ7ZBBAIP',
      '-A KR-POLICY-FORWARD -s 10.0.0.2/32 -m comment --comment "x/b egress" -j KR-POD-OUT-G2BQYT667BDKEMAR',
      '-A KR-POLICY-FORWARD -d 10.0.0.2/32 -m comment --comment "x/b ingress" -j KR-POD-IN-YIWTBYPNFUNBPZYM',
      '-A KR-POLICY-FORWARD -j MARK --set-xmark 0x0/0x8',
      '-A KR-POLICY-INPUT -s 10.0.0.1/32 -m comment --comment "x/a egress" -j KR-POD-OUT-UYYCR7Y4LKZ5Q3D2',
      '-A KR-POLICY-INPUT -s 10.0.0.2/32 -m comment --comment "x/b egress" -j KR-POD-OUT-G2BQYT667BDKEMAR',
      '-A KR-POLICY-INPUT -j MARK --set-xmark 0x0/0x8',
      '-A KR-POLICY-OUTPUT -d 10.0.0.1/32 -m comment --comment "x/a ingress" -j KR-POD-IN-EZQXDNCUQ7ZBBAIP',
      '-A KR-POLICY-OUTPUT -d 10.0.0.2/32 -m comment --comment "x/b ingress" -j KR-POD-IN-YIWTBYPNFUNBPZYM',
      '-A KR-POLICY-OUTPUT -j MARK --set-xmark 0x0/0x8',
      'COMMIT',
      '',
    ]);
  });

  it('with --ipset: a set for each peer that selects pods, none for a peer of no pod', async () => {
    const args = ['compile', '--mode', 'policy', '--hostname-override', 'n1', '--ipset', '-'];
    const restore = await runCli(args, EMPTY_PEER_SET);
    expect(restore.stdout.split('\n').filter((l) => l.startsWith('-A KR-NP-'))).toEqual([
      '-A KR-NP-IN-VDW2PSGGTEGJPJLC -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m set --match-set KR4-JB2CQZ3KJAFZCC2U src -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
    ]);
    expect((await runCli([...args, '--output-format', 'ipset'], EMPTY_PEER_SET)).stdout).toBe(
      '# x/p ingress rule 0 peer 1\n' +
        'create KR4-JB2CQZ3KJAFZCC2U hash:ip family inet -exist\n' +
        'create KR4-JB2CQZ3KJAFZCC2U-new hash:ip family inet -exist\n' +
        'flush KR4-JB2CQZ3KJAFZCC2U-new\n' +
        'add KR4-JB2CQZ3KJAFZCC2U-new 10.0.0.2\n' +
        'swap KR4-JB2CQZ3KJAFZCC2U-new KR4-JB2CQZ3KJAFZCC2U\n' +
        'destroy KR4-JB2CQZ3KJAFZCC2U-new\n',
    );
  });

  it('an egress named port with `to` peers: each peer pod once, with its own number, and no set (the port names the pod)', async () => {
    const want = [
      '-A KR-NP-OUT-UQF4OM3FFKVW2MXO -d 10.0.0.2/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 9090 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-OUT-UQF4OM3FFKVW2MXO -d 10.0.0.3/32 -p tcp -m comment --comment "x/p egress rule 0" -m tcp --dport 7070 -j MARK --set-xmark 0x10000/0x10000',
    ];
    for (const ipset of [[], ['--ipset']]) {
      const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', ...ipset, '-'], EGRESS_NAMED_TO);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('-A KR-NP-')), ipset.join()).toEqual(want);
    }
    expect((await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '--ipset', '--output-format', 'ipset', '-'], EGRESS_NAMED_TO)).stdout).toBe('');
  });
});

describe('policy chains with --ipset: one set per peer of a rule, made when a rule first uses it', () => {
  // Rule 0: two peers and two ports (a named one first); rule 1: the same first peer again; rule
  // 2: a named port that no selected pod has, so the rule writes nothing and needs no set.
  const input = policy(
    '{podSelector: {matchLabels: {pod: a}}, ingress: [' +
      '{from: [{podSelector: {matchLabels: {pod: b}}}, {podSelector: {matchLabels: {pod: a}}}], ports: [{port: web}, {port: 80}]}, ' +
      '{from: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: 81}]}, ' +
      '{from: [{podSelector: {matchLabels: {pod: b}}}], ports: [{port: nosuch}]}]}',
  );
  const args = ['compile', '--mode', 'policy', '--hostname-override', 'n1', '--ipset', '-'];

  it('each rule and peer has its own set, used by every port of the rule, and no set is made for a rule that writes nothing', async () => {
    const sets = (await runCli([...args, '--output-format', 'ipset'], input)).stdout.split('\n');
    // The set of each name: its comment (the line before its create) and its members.
    const byName = new Map<string, string>();
    sets.forEach((l, i) => {
      const create = /^create (KR4-[A-Z2-7]+) hash:ip /.exec(l);
      if (create) byName.set(create[1]!, `${sets[i - 1]}: ${sets.filter((a) => a.startsWith(`add ${create[1]}-new `)).map((a) => a.split(' ')[2]).join(' ')}`);
    });
    expect([...byName.values()].sort()).toEqual(['# x/p ingress rule 0 peer 0: 10.0.0.2', '# x/p ingress rule 0 peer 1: 10.0.0.1', '# x/p ingress rule 1 peer 0: 10.0.0.2']);
    const r = await runCli(args, input);
    expect(r.exit, r.stderr).toBe(0);
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('-A KR-NP-'))
      .map((l) => anonymous(l).replace(/--match-set (\S+)/, (_, name: string) => `--match-set <${byName.get(name)?.split(':')[0] ?? name}>`));
    expect(lines).toEqual([
      '-A KR-NP-IN-# -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m set --match-set <# x/p ingress rule 0 peer 0> src -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m set --match-set <# x/p ingress rule 0 peer 1> src -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -p tcp -m comment --comment "x/p ingress rule 0" -m set --match-set <# x/p ingress rule 0 peer 0> src -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -p tcp -m comment --comment "x/p ingress rule 0" -m set --match-set <# x/p ingress rule 0 peer 1> src -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -p tcp -m comment --comment "x/p ingress rule 1" -m set --match-set <# x/p ingress rule 1 peer 0> src -m tcp --dport 81 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('without --ipset: each peer pod for every port of its rule', async () => {
    expect(await rules(input)).toEqual([
      '-A KR-NP-IN-# -s 10.0.0.2/32 -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -s 10.0.0.1/32 -d 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 8080 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -s 10.0.0.2/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -s 10.0.0.1/32 -p tcp -m comment --comment "x/p ingress rule 0" -m tcp --dport 80 -j MARK --set-xmark 0x10000/0x10000',
      '-A KR-NP-IN-# -s 10.0.0.2/32 -p tcp -m comment --comment "x/p ingress rule 1" -m tcp --dport 81 -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });
});

const EGRESS_POD_PEER = `apiVersion: v1
kind: List
items:
- {apiVersion: v1, kind: Namespace, metadata: {name: x}}
- {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: x, labels: {pod: a}}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.1}}
- {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: x, labels: {pod: b}}, spec: {nodeName: n2, containers: [{name: c}]}, status: {phase: Running, podIP: 10.0.0.2}}
- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: p, namespace: x}
  spec:
    podSelector: {matchLabels: {pod: a}}
    policyTypes: [Egress]
    egress:
    - to: [{podSelector: {matchLabels: {pod: b}}}]
`;

describe('policy chains (backends/policy/program.ts), the program', () => {
  it('an ipBlock of every address (0.0.0.0/0) matches no address at all (not a /0 match the text leaves out)', () => {
    const { program } = compileProgram({ paths: ['-'], stdin: { text: ALL_PATHS } }, typed({ mode: 'policy', hostnameOverride: 'n1' }));
    const chains = part(program, 'iptables')!.ruleset.tables[0]!.chains;
    const np = chains.find((c) => c.name.startsWith('KR-NP-IN-'))!;
    expect(np.rules.map((r) => r.matches.map((mt) => mt.kind))).toEqual([
      ['comment', 'protocol', 'dport'],
      ['comment', 'protocol', 'dport'],
    ]);
    const out = chains.find((c) => c.name.startsWith('KR-NP-OUT-'))!;
    expect(out.rules.map((r) => r.matches.map((mt) => mt.kind))).toEqual([['comment', 'addr']]);
  });

  it('an egress pod peer as a set matches it by destination', async () => {
    const r = await runCli(['compile', '--mode', 'policy', '--hostname-override', 'n1', '--ipset', '-'], EGRESS_POD_PEER);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('-A KR-NP-'))).toEqual([
      '-A KR-NP-OUT-UQF4OM3FFKVW2MXO -m comment --comment "x/p egress rule 0" -m set --match-set KR4-QNKB66XQO7DIVYRV dst -j MARK --set-xmark 0x10000/0x10000',
    ]);
  });

  it('has an ipsets part only with --ipset, and the jumps into its chains from filter FORWARD, INPUT and OUTPUT', () => {
    const compiled = (flags: Record<string, unknown>) => compileProgram({ paths: ['-'], stdin: { text: EGRESS_POD_PEER } }, typed({ mode: 'policy', hostnameOverride: 'n1', ...flags })).program;
    const plain = compiled({});
    expect(plain.parts.map((pt) => pt.kind)).toEqual(['iptables']);
    expect(compiled({ ipset: true }).parts.map((pt) => pt.kind)).toEqual(['ipsets', 'iptables']);
    const jump = (chain: string, target: string) => ({ table: 'filter', chain, rule: { matches: [{ kind: 'comment', text: 'kube-rulec network policy' }], target: { kind: 'jump', chain: target } } });
    expect(part(plain, 'iptables')!.ruleset.builtinJumps).toEqual([jump('FORWARD', 'KR-POLICY-FORWARD'), jump('INPUT', 'KR-POLICY-INPUT'), jump('OUTPUT', 'KR-POLICY-OUTPUT')]);
  });

  it("marks each rule with what produced it: the pod's chain and its jumps with the pod, a policy's chain with the policy", () => {
    const { program } = compileProgram({ paths: ['-'], stdin: { text: EGRESS_POD_PEER } }, typed({ mode: 'policy', hostnameOverride: 'n1' }));
    const origins = part(program, 'iptables')!.ruleset.tables[0]!.chains.map((c) => [c.name.replace(/-[A-Z2-7]{16}$/, '-#'), ...new Set(c.rules.map((r) => JSON.stringify(r.origin ?? null)))]);
    const pod = JSON.stringify({ kind: 'pod', namespace: 'x', name: 'a', direction: 'egress' });
    expect(origins).toEqual([
      ['KR-NP-OUT-#', JSON.stringify({ kind: 'policy', namespace: 'x', name: 'p', direction: 'egress' })],
      ['KR-POD-OUT-#', pod],
      ['KR-POLICY-FORWARD', pod, 'null'],
      ['KR-POLICY-INPUT', pod, 'null'],
      ['KR-POLICY-OUTPUT', 'null'],
    ]);
  });
});
