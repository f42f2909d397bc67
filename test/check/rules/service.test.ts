// src/check/rules/service.ts: a Service's meaning, as the API server checks it, where it changes
// the rules. Every test parses real YAML and asserts on the exact diagnostics (code, severity,
// line, column, message); a valid counterpart next to each rule must give none.
import { describe, expect, it } from 'vitest';
import { checkObjects } from '../../../src/check/index.js';
import { parseSources } from '../../../src/load/parse.js';
import { runCli } from '../../helpers/run.js';
import { at, check } from '../../helpers/check.js';

/** A Service named web in namespace shop with the given spec body (indented by two). */
const service = (spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
${spec}`;

describe('Service: valid input', () => {
  it('accepts a dual-stack multi-port NodePort service with every field kube-rulec reads', async () => {
    const t = service(`  type: LoadBalancer
  clusterIP: 10.96.0.10
  clusterIPs: [10.96.0.10, "fd00:10:96::a"]
  ipFamilies: [IPv4, IPv6]
  ipFamilyPolicy: RequireDualStack
  externalIPs: [203.0.113.7, "2001:db8::7"]
  loadBalancerSourceRanges: [" 198.51.100.0/24 ", "2001:db8:1::/48"]
  externalTrafficPolicy: Local
  healthCheckNodePort: 32000
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86400}}
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 5353, nodePort: 30053}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: dns-tcp, nodePort: 30053}
  - {name: metrics, port: 9153, nodePort: 32767}
status:
  loadBalancer:
    ingress: [{ip: 192.0.2.1}, {hostname: lb.example.com}]
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.services.map((s) => s.obj.metadata.name)).toEqual(['web']);
  });

  it('accepts a single unnamed port, a headless service and an ExternalName service', async () => {
    const t = `${service(`  ports: [{port: 80}]\n`)}---
apiVersion: v1
kind: Service
metadata: {name: headless}
spec: {clusterIP: None, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec: {type: ExternalName, externalName: db.example.com}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.services).toHaveLength(3);
  });

  it('accepts the empty and absent forms the API server fills in or ignores', async () => {
    // clusterIP "" with clusterIPs (clusterIP is defaulted from it), clusterIPs alone, clusterIP
    // and clusterIPs both None (headless), an ExternalName with clusterIP None, no ports at all,
    // targetPort "" (defaulted to the port), healthCheckNodePort 0 (unallocated), a status
    // without loadBalancer, a load-balancer ingress with ip "", session affinity ClientIP without
    // clientIP settings or with a null timeout.
    const docs = [
      `  clusterIP: ""\n  clusterIPs: [10.96.0.10]\n  ports: [{port: 80, targetPort: ""}]\n`,
      `  clusterIPs: [10.96.0.10, "fd00::a"]\n  ports: [{port: 80}]\n`,
      `  clusterIP: None\n  clusterIPs: [None]\n  ports: [{port: 80}]\n`,
      `  type: ExternalName\n  externalName: db.example.com\n  clusterIP: None\n`,
      `  clusterIP: 10.96.0.10\n`,
      `  clusterIP: 10.96.0.10\n  ports: null\n`,
      `  type: LoadBalancer\n  healthCheckNodePort: 0\n  ports: [{port: 80}]\nstatus: {}\n`,
      `  type: LoadBalancer\n  ports: [{port: 80}]\nstatus: {loadBalancer: {ingress: [{ip: "", hostname: lb.example.com}]}}\n`,
      `  sessionAffinity: ClientIP\n  sessionAffinityConfig: {}\n  ports: [{port: 80}]\n`,
      `  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: null}}\n  ports: [{port: 80}]\n`,
    ];
    for (const spec of docs) expect({ spec, diagnostics: check(service(spec)).diagnostics }).toEqual({ spec, diagnostics: [] });
  });

  it('reads YAML 1.2: a port name y, a targetPort n and a label value no stay strings', async () => {
    const t = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {on: no, y: n}
spec:
  selector: {enabled: off}
  ports:
  - {name: y, port: 80, targetPort: n}
  - {name: on, port: 81, targetPort: yes}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    const svc = r.input.services[0]!.obj;
    expect(svc.metadata.labels).toEqual({ on: 'no', y: 'n' });
    expect(svc.spec?.ports?.map((p) => [p.name, p.targetPort])).toEqual([
      ['y', 'n'],
      ['on', 'yes'],
    ]);
  });
});

describe('Service: IP addresses', () => {
  it('warns KR0305 on IPv4 leading zeros and reads them as decimal, not octal', async () => {
    const t = service(`  clusterIP: 010.000.000.001\n  ports: [{port: 80}]\n`);
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '010.000.000.001'),
        message: 'Service shop/web: spec.clusterIP: 010.000.000.001 has leading zeros; read as decimal 10.0.0.1, as kube-proxy reads it',
      },
    ]);
    // A warning does not block: the service is kept.
    expect(r.input.services).toHaveLength(1);
  });

  it('rejects an IPv4-mapped IPv6 address with KR0317 and a hint', async () => {
    const t = service(`  clusterIP: "::ffff:10.96.0.1"\n  ports: [{port: 80}]\n`);
    const parsed = parseSources([{ name: 'in.yaml', text: t }]);
    const ds = checkObjects(parsed.objects).diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({
      code: 'KR0317',
      severity: 'error',
      ...at(t, '"::ffff:10.96.0.1"'),
      message: 'Service shop/web: spec.clusterIP: ::ffff:10.96.0.1 is an IPv4-mapped IPv6 address',
      hint: 'write the IPv4 address itself',
    });
  });

  // kube-proxy reads externalIPs and load-balancer IPs with MapIPsByIPFamily / GetIPFamilyFromIP
  // (pkg/proxy/util): ParseIPSloppy, then the family of Go's To4(), which is IPv4 for ::ffff:a.b.c.d.
  it('reads an IPv4-mapped externalIP or load-balancer IP as IPv4, with a warning (KR0321)', () => {
    const t = service(`  clusterIP: 10.96.0.10
  externalIPs: ["::ffff:192.0.2.10", "::ffff:127.0.0.1"]
  ports: [{port: 80}]
status:
  loadBalancer: {ingress: [{ip: "::ffff:198.51.100.7"}]}
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0321',
        severity: 'warning',
        ...at(t, '"::ffff:192.0.2.10"'),
        message: 'Service shop/web: spec.externalIPs[0]: ::ffff:192.0.2.10 is an IPv4-mapped IPv6 address; read as the IPv4 address 192.0.2.10, as kube-proxy reads it',
      },
      // The API server's endpoint-IP rules apply to the IPv4 address it stands for.
      {
        code: 'KR0303',
        severity: 'error',
        ...at(t, '"::ffff:127.0.0.1"'),
        message: 'Service shop/web: spec.externalIPs[1]: ::ffff:127.0.0.1 is a loopback address, which the API server does not allow here',
      },
      {
        code: 'KR0321',
        severity: 'warning',
        ...at(t, '"::ffff:127.0.0.1"'),
        message: 'Service shop/web: spec.externalIPs[1]: ::ffff:127.0.0.1 is an IPv4-mapped IPv6 address; read as the IPv4 address 127.0.0.1, as kube-proxy reads it',
      },
      {
        code: 'KR0321',
        severity: 'warning',
        ...at(t, '"::ffff:198.51.100.7"'),
        message:
          'Service shop/web: status.loadBalancer.ingress[0].ip: ::ffff:198.51.100.7 is an IPv4-mapped IPv6 address; read as the IPv4 address 198.51.100.7, as kube-proxy reads it',
      },
    ]);
  });

  it('rejects invalid IPv4 and IPv6 text with KR0303', async () => {
    const t = service(`  clusterIP: 10.96.0.256
  clusterIPs: [10.96.0.256, "fd00::1::2"]
  externalIPs: ["fe80::1%eth0", 1.2.3]
  ports: [{port: 80}]
status:
  loadBalancer: {ingress: [{ip: "2001:db8:::1"}]}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([
      { code: 'KR0303', severity: 'error', ...at(t, '10.96.0.256'), message: 'Service shop/web: spec.clusterIP: "10.96.0.256" is not a valid IP address' },
      { code: 'KR0303', severity: 'error', ...at(t, '10.96.0.256', 1), message: 'Service shop/web: spec.clusterIPs[0]: "10.96.0.256" is not a valid IP address' },
      { code: 'KR0303', severity: 'error', ...at(t, '"fd00::1::2"'), message: 'Service shop/web: spec.clusterIPs[1]: "fd00::1::2" is not a valid IP address' },
      { code: 'KR0303', severity: 'error', ...at(t, '"fe80::1%eth0"'), message: 'Service shop/web: spec.externalIPs[0]: "fe80::1%eth0" is not a valid IP address' },
      { code: 'KR0303', severity: 'error', ...at(t, '1.2.3]'), message: 'Service shop/web: spec.externalIPs[1]: "1.2.3" is not a valid IP address' },
      {
        code: 'KR0303',
        severity: 'error',
        ...at(t, '"2001:db8:::1"'),
        message: 'Service shop/web: status.loadBalancer.ingress[0].ip: "2001:db8:::1" is not a valid IP address',
      },
    ]);
    expect(r.input.services).toEqual([]);
  });

  it('warns KR0316 on host bits in loadBalancerSourceRanges, rejects a bad range with KR0304', async () => {
    const t = service(`  type: LoadBalancer
  loadBalancerSourceRanges: [10.1.2.3/8, 10.0.0.0/33, "fd00::/64"]
  ports: [{port: 80}]
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.1.2.3/8'),
        message: 'Service shop/web: spec.loadBalancerSourceRanges[0]: 10.1.2.3/8 has host bits set; the network 10.0.0.0/8 is used',
      },
      {
        code: 'KR0304',
        severity: 'error',
        ...at(t, '10.0.0.0/33'),
        message: 'Service shop/web: spec.loadBalancerSourceRanges[1]: "10.0.0.0/33" is not a valid CIDR',
      },
    ]);
  });

  // BUG: ValidateEndpointIP (used by the API server for spec.externalIPs) rejects unspecified,
  // loopback, link-local and link-local-multicast addresses. kube-rulec accepts them and would
  // program `-d 127.0.0.1 --dport 80 -j KUBE-EXT-...`, capturing the node's own loopback traffic.
  it('rejects a loopback or unspecified externalIP, as the API server does', async () => {
    const t = service(`  externalIPs: [127.0.0.1, 0.0.0.0]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0303', severity: 'error', ...at(t, '127.0.0.1'), message: expect.stringContaining('loopback') },
      { code: 'KR0303', severity: 'error', ...at(t, '0.0.0.0'), message: expect.stringContaining('unspecified') },
    ]);
  });
});

describe('Service: clusterIP, clusterIPs and ipFamilies (KR0306)', () => {
  it('requires clusterIPs[0] to equal clusterIP', async () => {
    const t = service(`  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.11]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0306',
        severity: 'error',
        ...at(t, '10.96.0.11'),
        message: 'Service shop/web: clusterIPs[0] 10.96.0.11 must equal clusterIP 10.96.0.10',
      },
    ]);
  });

  it('requires two clusterIPs to be of different families, and at most two', async () => {
    const two = service(`  clusterIPs: [10.96.0.10, 10.96.0.11]\n  ports: [{port: 80}]\n`);
    expect(check(two).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(two, '10.96.0.11'), message: 'Service shop/web: clusterIPs must hold one IPv4 and one IPv6 address' },
    ]);
    const three = service(`  clusterIPs: [10.96.0.10, "fd00::a", "fd00::b"]\n  ports: [{port: 80}]\n`);
    expect(check(three).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(three, '[10.96.0.10'), message: 'Service shop/web: clusterIPs may hold at most two addresses' },
    ]);
  });

  it('requires ipFamilies[i] to match the family of clusterIPs[i]', async () => {
    const t = service(`  clusterIPs: [10.96.0.10, "fd00::a"]\n  ipFamilies: [IPv6, IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0306',
        severity: 'error',
        ...at(t, 'IPv6,'),
        message: 'Service shop/web: ipFamilies[0] is IPv6 but clusterIPs[0] is an IPv4 address',
      },
      {
        code: 'KR0306',
        severity: 'error',
        ...at(t, 'IPv4]'),
        message: 'Service shop/web: ipFamilies[1] is IPv4 but clusterIPs[1] is an IPv6 address',
      },
    ]);
  });

  it('rejects a repeated family and fewer families than addresses', async () => {
    const rep = service(`  ipFamilies: [IPv4, IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(rep).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(rep, 'IPv4]'), message: 'Service shop/web: ipFamilies must not repeat a family' },
    ]);
    const few = service(`  clusterIPs: [10.96.0.10, "fd00::a"]\n  ipFamilies: [IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(few).diagnostics).toEqual([
      {
        code: 'KR0306',
        severity: 'error',
        ...at(few, '[IPv4]'),
        message: expect.stringContaining('ipFamilies lists 1 family but clusterIPs holds 2 addresses'),
      },
    ]);
  });

  it('counts families and addresses in the plural, and names a lone clusterIP as clusterIP', async () => {
    const many = service(`  clusterIPs: [10.96.0.10, "fd00::a", 10.96.0.11]\n  ipFamilies: [IPv4, IPv6]\n  ports: [{port: 80}]\n`);
    expect(check(many).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(many, '[10.96.0.10'), message: 'Service shop/web: clusterIPs may hold at most two addresses' },
      {
        code: 'KR0306',
        severity: 'error',
        ...at(many, '[IPv4, IPv6]'),
        message: 'Service shop/web: ipFamilies lists 2 families but clusterIPs holds 3 addresses',
      },
    ]);
    const lone = service(`  clusterIP: "fd00::a"\n  ipFamilies: [IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(lone).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(lone, 'IPv4]'), message: 'Service shop/web: ipFamilies[0] is IPv4 but clusterIP is an IPv6 address' },
    ]);
  });

  it('only lets the first clusterIPs entry be None', async () => {
    const t = service(`  clusterIPs: [10.96.0.10, None]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(t, 'None'), message: 'Service shop/web: only the first clusterIPs entry may be None' },
    ]);
  });

  it('rejects more than two ipFamilies in the schema (KR0204)', async () => {
    const t = service(`  ipFamilies: [IPv4, IPv6, IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0204',
        severity: 'error',
        ...at(t, '[IPv4, IPv6, IPv4]'),
        message: 'Service shop/web: spec.ipFamilies must NOT have more than 2 items',
      },
    ]);
  });

  // BUG: the API server defaults clusterIPs to [clusterIP] and then checks it against ipFamilies
  // ("expected an IPv4 value as indicated by `ipFamilies[0]`"). src/check/rules/service.ts only
  // compares ipFamilies with an explicit clusterIPs list, so clusterIP fd00::1 + ipFamilies
  // [IPv4] passes, and src/model/build.ts files fd00::1 under IPv4: the IPv4 ruleset then holds
  // `-d fd00::1`, which iptables-restore refuses.
  it('checks clusterIP against ipFamilies when clusterIPs is omitted', async () => {
    const t = service(`  clusterIP: "fd00::1"\n  ipFamilies: [IPv4]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0306', severity: 'error', ...at(t, 'IPv4]'), message: expect.stringContaining('IPv6') },
    ]);
  });

  // BUG: `clusterIPs: [None]` without clusterIP is a headless service (the API server copies
  // clusterIPs[0] into clusterIP). The check phase accepts it, but src/model/build.ts then
  // parses "None" as an address: `kube-rulec compile` dies with internal error KR0900, exit 3.
  it('treats clusterIPs: [None] without clusterIP as headless instead of crashing', async () => {
    const t = service(`  clusterIPs: [None]\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([]);
    const r = await runCli(['compile', '--cluster-cidr', '10.0.0.0/8', '-'], t);
    expect({ exit: r.exit, stderr: r.stderr }).toEqual({ exit: 0, stderr: '' });
    expect(r.stdout).not.toContain('default/web');
  });
});

describe('Service: ports', () => {
  it('rejects out-of-range port, targetPort, nodePort and healthCheckNodePort with KR0307', async () => {
    const t = service(`  type: LoadBalancer
  healthCheckNodePort: 65536
  ports:
  - {name: a, port: 0}
  - {name: b, port: 65536, targetPort: 70000}
  - {name: c, port: 82, nodePort: 70000}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0307', severity: 'error', ...at(t, '65536'), message: 'Service shop/web: healthCheckNodePort 65536 must be between 1 and 65535' },
      { code: 'KR0307', severity: 'error', ...at(t, '0}'), message: 'Service shop/web: port 0 must be between 1 and 65535' },
      { code: 'KR0307', severity: 'error', ...at(t, '65536', 1), message: 'Service shop/web: port 65536 must be between 1 and 65535' },
      { code: 'KR0307', severity: 'error', ...at(t, '70000'), message: 'Service shop/web: targetPort 70000 must be between 1 and 65535' },
      // nodePort 70000 is an error (KR0307), not merely outside the default range (KR0315).
      { code: 'KR0307', severity: 'error', ...at(t, '70000', 1), message: 'Service shop/web: nodePort 70000 must be between 1 and 65535' },
    ]);
  });

  it('quotes out-of-range targetPort and healthCheckNodePort as the input wrote them', async () => {
    const t = service(`  type: LoadBalancer
  healthCheckNodePort: 9007199254740993
  ports: [{port: 80, targetPort: 9007199254740995}]
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0307',
        severity: 'error',
        ...at(t, '9007199254740993'),
        message: 'Service shop/web: healthCheckNodePort 9007199254740993 must be between 1 and 65535',
      },
      {
        code: 'KR0307',
        severity: 'error',
        ...at(t, '9007199254740995'),
        message: 'Service shop/web: targetPort 9007199254740995 must be between 1 and 65535',
      },
    ]);
  });

  it('accepts the boundaries 1 and 65535', async () => {
    const t = service(`  ports:\n  - {name: a, port: 1, targetPort: 65535}\n  - {name: b, port: 65535, targetPort: 1}\n`);
    expect(check(t).diagnostics).toEqual([]);
  });

  it('rejects the same port and protocol twice (KR0308), TCP being the default protocol', async () => {
    const t = service(`  ports:
  - {name: a, port: 80}
  - {name: b, port: 80, protocol: TCP}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0308', severity: 'error', ...at(t, '80', 1), message: 'Service shop/web: port 80/TCP is also used by spec.ports[0]' },
    ]);
  });

  it('accepts the same port number with different protocols', async () => {
    const t = service(`  ports:
  - {name: dns, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
  - {name: dns-sctp, port: 53, protocol: SCTP}
`);
    expect(check(t).diagnostics).toEqual([]);
  });

  it('rejects a repeated port name and a repeated nodePort of the same protocol', async () => {
    const t = service(`  type: NodePort
  ports:
  - {name: http, port: 80, nodePort: 30080}
  - {name: http, port: 81, nodePort: 30080}
  - {name: udp, port: 82, protocol: UDP, nodePort: 30080}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0308', severity: 'error', ...at(t, 'http', 1), message: 'Service shop/web: port name http is also used by spec.ports[0]' },
      { code: 'KR0308', severity: 'error', ...at(t, '30080', 1), message: 'Service shop/web: nodePort 30080/TCP is also used by spec.ports[0]' },
    ]);
  });

  it('requires a name on every port of a multi-port service (KR0309 at the port entry)', async () => {
    const t = service(`  ports:
  - port: 80
  - port: 443
    name: https
  - port: 8080
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'port: 80\n'),
        message: 'Service shop/web: spec.ports[0] needs a name: a service with several ports must name each one',
      },
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'port: 8080'),
        message: 'Service shop/web: spec.ports[2] needs a name: a service with several ports must name each one',
      },
    ]);
  });

  it('rejects port names that are not DNS-1123 labels and bad named targetPorts', async () => {
    const t = service(`  ports:
  - {name: Bad_Name, port: 80, targetPort: http--x}
  - {name: "http -j ACCEPT", port: 81, targetPort: "8080"}
  - {name: c, port: 82, targetPort: a-very-long-port-name}
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'Bad_Name'),
        message:
          'Service shop/web: port name "Bad_Name" must be a DNS-1123 label: lower-case letters, digits and \'-\', starting and ending with a letter or digit',
      },
      { code: 'KR0309', severity: 'error', ...at(t, 'http--x'), message: 'Service shop/web: targetPort "http--x" must not contain consecutive \'-\'' },
      { code: 'KR0309', severity: 'error', ...at(t, '"http -j ACCEPT"'), message: expect.stringContaining('port name "http -j ACCEPT" must be a DNS-1123 label') },
      { code: 'KR0309', severity: 'error', ...at(t, '"8080"'), message: 'Service shop/web: targetPort "8080" must contain at least one letter' },
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'a-very-long-port-name'),
        message: 'Service shop/web: targetPort "a-very-long-port-name" must be no more than 15 characters',
      },
    ]);
  });

  // BUG: the API server defaults targetPort 0 (and "") to the value of port
  // (SetDefaults_Service) before validating, so `targetPort: 0` is a valid manifest. kube-rulec
  // rejects it with KR0307 "targetPort 0 must be between 1 and 65535".
  it('accepts targetPort 0, which the API server defaults to port', async () => {
    const t = service(`  ports: [{port: 80, targetPort: 0}]\n`);
    expect(check(t).diagnostics).toEqual([]);
  });

  it('warns KR0315 for a nodePort outside 30000-32767; it is a warning, not an error', async () => {
    const t = service(`  type: NodePort\n  ports: [{port: 80, nodePort: 8080}]\n`);
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0315',
        severity: 'warning',
        ...at(t, '8080'),
        message: 'Service shop/web: nodePort 8080 is outside 30000-32767; kube-proxy still programs it',
      },
    ]);
    expect(r.input.services).toHaveLength(1);
  });

  it('warns KR0315 for a nodePort above the range too (32768)', async () => {
    const t = service(`  type: NodePort\n  ports: [{port: 80, nodePort: 32768}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0315',
        severity: 'warning',
        ...at(t, '32768'),
        message: 'Service shop/web: nodePort 32768 is outside 30000-32767; kube-proxy still programs it',
      },
    ]);
  });

  it('accepts nodePort 30000 and 32767, and nodePort 0 (unallocated)', async () => {
    const t = service(`  type: NodePort
  ports:
  - {name: a, port: 80, nodePort: 30000}
  - {name: b, port: 81, nodePort: 32767}
  - {name: c, port: 82, nodePort: 0}
`);
    expect(check(t).diagnostics).toEqual([]);
  });
});

describe('Service: session affinity (KR0310)', () => {
  const affinity = (timeout: number | string) =>
    service(`  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: ${timeout}\n  ports: [{port: 80}]\n`);

  it.each([0, 86401])('rejects timeoutSeconds %i', (timeout) => {
    const t = affinity(timeout);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0310',
        severity: 'error',
        ...at(t, `${timeout}\n`),
        message: `Service shop/web: timeoutSeconds ${timeout} must be between 1 and 86400`,
      },
    ]);
  });

  it.each([1, 10800, 86400])('accepts timeoutSeconds %i', (timeout) => {
    expect(check(affinity(timeout)).diagnostics).toEqual([]);
  });

  it('quotes timeoutSeconds as the input wrote it', () => {
    const t = affinity('9007199254740993');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0310',
        severity: 'error',
        ...at(t, '9007199254740993'),
        message: 'Service shop/web: timeoutSeconds 9007199254740993 must be between 1 and 86400',
      },
    ]);
  });

  it('ignores timeoutSeconds when affinity is not ClientIP, as kube-proxy does', () => {
    expect(check(affinity(0).replace('ClientIP', 'None')).diagnostics).toEqual([]);
  });
});

describe('Service: fields without effect (KR0319)', () => {
  it('warns about a nodePort on a ClusterIP service', async () => {
    const t = service(`  ports: [{port: 80, nodePort: 30080}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0319',
        severity: 'warning',
        ...at(t, '30080'),
        message: 'Service shop/web: nodePort is set on a ClusterIP service; kube-proxy programs it anyway',
      },
    ]);
  });

  it('hints at type: NodePort for a nodePort on a ClusterIP service', async () => {
    const t = service(`  ports: [{port: 80, nodePort: 30080}]\n`);
    const ds = checkObjects(parseSources([{ name: 'in.yaml', text: t }]).objects).diagnostics;
    expect(ds.map((d) => [d.code, d.hint])).toEqual([['KR0319', 'use type: NodePort']]);
  });

  it('warns about externalTrafficPolicy: Local on a ClusterIP service without externalIPs', async () => {
    const t = service(`  externalTrafficPolicy: Local\n  ports: [{port: 80}]\n`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0319',
        severity: 'warning',
        ...at(t, 'Local'),
        message: 'Service shop/web: externalTrafficPolicy has no effect on a ClusterIP service without externalIPs',
      },
    ]);
    const withIPs = service(`  externalTrafficPolicy: Local\n  externalIPs: [203.0.113.7]\n  ports: [{port: 80}]\n`);
    expect(check(withIPs).diagnostics).toEqual([]);
  });
});

describe("Service: kube-rulec's IPVS scheduler annotations (KR0322, at the annotation's value)", () => {
  const annotated = (annotations: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
${annotations}
spec:
  clusterIP: 10.96.0.10
  ports: [{port: 80}]
`;
  const S = 'Service shop/web: ';
  const SCHED = 'kube-rulec.io/ipvs-scheduler';
  const FLAGS = 'kube-rulec.io/ipvs-scheduler-flags';

  it.each([
    `    ${SCHED}: rr`,
    `    ${SCHED}: twos`,
    `    ${SCHED}: sh\n    ${FLAGS}: sh-port,sh-fallback`,
    `    ${SCHED}: mh\n    ${FLAGS}: mh-fallback`,
    `    ${SCHED}: mh\n    ${FLAGS}: ""`,
    `    ${SCHED}: wrr\n    ${FLAGS}: ""`,
  ])('accepts %j', (a) => {
    expect(check(annotated(a)).diagnostics).toEqual([]);
  });

  it.each([
    [`    ${SCHED}: RR`, 'RR', `annotation ${SCHED}: "RR" is not an IPVS scheduler`],
    [`    ${SCHED}: ""`, '""', `annotation ${SCHED}: "" is not an IPVS scheduler`],
    [`    ${SCHED}: "rr -b x"`, '"rr -b x"', `annotation ${SCHED}: "rr -b x" is not an IPVS scheduler`],
    [`    ${FLAGS}: sh-port`, 'sh-port', `annotation ${FLAGS} needs ${SCHED} on the same Service`],
    [`    ${SCHED}: sh\n    ${FLAGS}: mh-port`, 'mh-port', `annotation ${FLAGS}: "mh-port" is not a flag of scheduler sh (sh-fallback, sh-port)`],
    [`    ${SCHED}: sh\n    ${FLAGS}: "sh-port, sh-fallback"`, '"sh-port,', `annotation ${FLAGS}: " sh-fallback" is not a flag of scheduler sh (sh-fallback, sh-port)`],
    [`    ${SCHED}: sh\n    ${FLAGS}: sh-port,`, 'sh-port,', `annotation ${FLAGS}: "" is not a flag of scheduler sh (sh-fallback, sh-port)`],
    [`    ${SCHED}: mh\n    ${FLAGS}: mh-port,mh-port`, 'mh-port,', `annotation ${FLAGS}: mh-port is given twice`],
    [`    ${SCHED}: rr\n    ${FLAGS}: flag-1`, 'flag-1', `annotation ${FLAGS}: scheduler rr takes no flags`],
    [`    ${SCHED}: mh\n    ${FLAGS}: "mh-port\\n-A -t 1.2.3.4:80"`, '"mh-port', `annotation ${FLAGS}: "mh-port\\n-A -t 1.2.3.4:80" is not a flag of scheduler mh (mh-fallback, mh-port)`],
  ])('rejects %j', (a, needle, message) => {
    const t = annotated(a);
    const ds = check(t).diagnostics;
    expect(ds).toEqual([{ code: 'KR0322', severity: 'error', ...at(t, needle), message: S + message }]);
  });

  it('stops the command: exit 2, no output', async () => {
    const r = await runCli(['compile', '--mode', 'ipvs', '--output-format', 'ipvsadm', '-'], annotated(`    ${SCHED}: fastest`));
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('KR0322');
    expect(r.stderr).toContain("<stdin>:7:35: error KR0322");
  });
});
