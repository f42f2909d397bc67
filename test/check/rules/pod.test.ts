// src/check/rules/pod.ts: Pods, Namespaces and Nodes.
import { describe, expect, it } from 'vitest';
import { at, check } from '../../helpers/check.js';

const pod = (body: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: shop
  labels: {app: web}
${body}`;

describe('Pod', () => {
  it('accepts a pod with named container ports, dual-stack IPs and a subdomain name', () => {
    const t = `apiVersion: v1
kind: Pod
metadata: {name: web-0.shop, namespace: shop, labels: {app: web, canary: "no"}}
spec:
  nodeName: node-a.example.com
  containers:
  - name: app
    ports:
    - {name: http, containerPort: 8080}
    - {name: y, containerPort: 8081}
  - name: sidecar
    ports:
    - {name: http, containerPort: 9090}
  initContainers:
  - name: init
    ports: [{containerPort: 1}]
status:
  phase: Running
  podIP: 10.244.0.11
  podIPs: [{ip: 10.244.0.11}, {ip: "fd00:10:244::b"}]
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    // YAML 1.2: `y` stays a port name, "no" a label value.
    expect(r.input.pods[0]!.obj.spec?.containers?.[0]?.ports?.[1]?.name).toBe('y');
  });

  it('rejects a nodeName that is not a DNS-1123 subdomain (KR0301)', () => {
    const t = pod('spec:\n  nodeName: node_a\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0301',
        severity: 'error',
        ...at(t, 'node_a'),
        message:
          'Pod shop/web-0: nodeName "node_a" must be a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit',
      },
    ]);
  });

  it('rejects containerPort 0 and 70000, in containers and initContainers (KR0307)', () => {
    const t = pod(`spec:
  containers:
  - name: app
    ports: [{containerPort: 0}]
  initContainers:
  - name: init
    ports: [{containerPort: 70000}]
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0307', severity: 'error', ...at(t, 'containerPort: ^0'), message: 'Pod shop/web-0: containerPort 0 must be between 1 and 65535' },
      { code: 'KR0307', severity: 'error', ...at(t, '70000'), message: 'Pod shop/web-0: containerPort 70000 must be between 1 and 65535' },
    ]);
  });

  it('rejects container port names that are not IANA service names (KR0309)', () => {
    const t = pod(`spec:
  containers:
  - name: app
    ports:
    - {name: http-metrics-extra, containerPort: 1}
    - {name: "9090", containerPort: 2}
    - {name: Http, containerPort: 3}
    - {name: -http, containerPort: 4}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0309', severity: 'error', ...at(t, 'http-metrics-extra'), message: 'Pod shop/web-0: port name "http-metrics-extra" must be no more than 15 characters' },
      { code: 'KR0309', severity: 'error', ...at(t, '"9090"'), message: 'Pod shop/web-0: port name "9090" must contain at least one letter' },
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'Http'),
        message: 'Pod shop/web-0: port name "Http" must contain only lower-case letters, digits and \'-\', starting and ending with a letter or digit',
      },
      { code: 'KR0309', severity: 'error', ...at(t, '-http'), message: expect.stringContaining('port name "-http" must contain only lower-case letters') },
    ]);
  });

  it('warns KR0305 on a pod IP with leading zeros and rejects a bad one (KR0303)', () => {
    const t = pod(`status:
  podIP: 10.244.0.011
  podIPs: [{ip: 10.244.0.011}, {ip: "fd00::zz"}]
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '10.244.0.011'),
        message: 'Pod shop/web-0: status.podIP: 10.244.0.011 has leading zeros; read as decimal 10.244.0.11, as kube-proxy reads it',
      },
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '10.244.0.011', 1),
        message: 'Pod shop/web-0: status.podIPs[0].ip: 10.244.0.011 has leading zeros; read as decimal 10.244.0.11, as kube-proxy reads it',
      },
      { code: 'KR0303', severity: 'error', ...at(t, '"fd00::zz"'), message: 'Pod shop/web-0: status.podIPs[1].ip: "fd00::zz" is not a valid IP address' },
    ]);
  });

  // BUG: in Go an empty name is no name: validateContainerPorts checks the name only when
  // len(port.Name) > 0. src/check/rules/pod.ts tests `p.name !== undefined` and reports
  // KR0309 'port name "" must contain only lower-case letters...' for `name: ""`.
  it('accepts an empty container port name, like an omitted one', () => {
    const t = pod('spec:\n  containers:\n  - name: app\n    ports: [{name: "", containerPort: 8080}]\n');
    expect(check(t).diagnostics).toEqual([]);
  });

  // BUG: validateContainerPorts rejects two ports with the same name in one container
  // (field.Duplicate). kube-rulec accepts them, so a NetworkPolicy's named port `http` resolves
  // to two different numbers inside one container, which the API never allows.
  it('rejects a port name used twice within one container (KR0308)', () => {
    const t = pod(`spec:
  containers:
  - name: app
    ports:
    - {name: http, containerPort: 8080}
    - {name: http, containerPort: 8081}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0308', severity: 'error', ...at(t, 'http', 1), message: expect.stringContaining('http') },
    ]);
  });
});

describe('Namespace', () => {
  it('requires a DNS-1123 label name; a label value "no" stays a string', () => {
    const t = `apiVersion: v1
kind: Namespace
metadata: {name: shop.v2}
---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: no}}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0301',
        severity: 'error',
        ...at(t, 'shop.v2'),
        message: "Namespace shop.v2: name \"shop.v2\" must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit",
      },
    ]);
    expect(r.input.namespaces.map((n) => n.obj.metadata.labels)).toEqual([{ team: 'no' }]);
  });
});

describe('Node', () => {
  it('accepts a node with pod CIDRs and addresses', () => {
    const t = `apiVersion: v1
kind: Node
metadata: {name: node-a.example.com}
spec: {podCIDR: 10.244.0.0/24, podCIDRs: [10.244.0.0/24, "fd00:10:244::/64"]}
status:
  addresses:
  - {type: InternalIP, address: 192.168.1.10}
  - {type: Hostname, address: node-a}
`;
    expect(check(t).diagnostics).toEqual([]);
  });

  it('warns on host bits, rejects bad CIDRs and bad InternalIPs, ignores Hostname addresses', () => {
    const t = `apiVersion: v1
kind: Node
metadata: {name: Node-A}
spec:
  podCIDR: 10.244.0.1/24
  podCIDRs: [10.244.0.1/24, "fd00::/129"]
status:
  addresses:
  - {type: InternalIP, address: 192.168.1.300}
  - {type: ExternalIP, address: "::ffff:203.0.113.9"}
  - {type: Hostname, address: not-an-ip}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, 'Node-A'), message: expect.stringContaining('name "Node-A" must be a DNS-1123 subdomain') },
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.244.0.1/24'),
        message: 'Node Node-A: spec.podCIDR: 10.244.0.1/24 has host bits set; the network 10.244.0.0/24 is used',
      },
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.244.0.1/24', 1),
        message: 'Node Node-A: spec.podCIDRs[0]: 10.244.0.1/24 has host bits set; the network 10.244.0.0/24 is used',
      },
      { code: 'KR0304', severity: 'error', ...at(t, '"fd00::/129"'), message: 'Node Node-A: spec.podCIDRs[1]: "fd00::/129" is not a valid CIDR' },
      {
        code: 'KR0303',
        severity: 'error',
        ...at(t, '192.168.1.300'),
        message: 'Node Node-A: status.addresses[0].address: "192.168.1.300" is not a valid IP address',
      },
      { code: 'KR0317', severity: 'error', ...at(t, '"::ffff:203.0.113.9"'), message: expect.stringContaining('is an IPv4-mapped IPv6 address') },
    ]);
  });
});
