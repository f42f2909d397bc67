// src/check/rules/endpoints.ts: EndpointSlices and legacy v1 Endpoints.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';
import { at, check } from '../../helpers/check.js';

const slice = (addressType: string, body: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc12
  namespace: shop
  labels: {kubernetes.io/service-name: web}
addressType: ${addressType}
${body}`;

describe('EndpointSlice: valid input', () => {
  it('accepts IPv4, IPv6 and FQDN slices (FQDN addresses are not read as IPs)', async () => {
    const t = `${slice(
      'IPv4',
      `endpoints:
- addresses: [10.244.0.11]
  conditions: {ready: true, serving: true, terminating: false}
  nodeName: node-a.example.com
  zone: eu-1a
ports:
- {name: http, port: 8080, protocol: TCP}
- {name: dns, port: 53, protocol: UDP}
`,
    )}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-v6, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv6
endpoints:
- addresses: ["fd00:10:244::b", "2001:db8::1"]
ports: [{port: 8080}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-fqdn, namespace: shop}
addressType: FQDN
endpoints:
- addresses: [db.example.com]
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.endpointSlices.map((s) => s.obj.metadata.name)).toEqual(['web-abc12', 'web-v6', 'web-fqdn']);
  });

  it('accepts a slice with no endpoints and no ports', async () => {
    expect(check(slice('IPv4', 'endpoints: []\nports: null\n')).diagnostics).toEqual([]);
  });
});

describe('EndpointSlice: addresses', () => {
  it('rejects an IPv6 address in an IPv4 slice, and the reverse (KR0311)', async () => {
    const t = `${slice('IPv4', 'endpoints:\n- addresses: ["fd00::1"]\n')}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-v6, namespace: shop}
addressType: IPv6
endpoints:
- addresses: [10.244.0.11]
`;
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0311',
        severity: 'error',
        ...at(t, '"fd00::1"'),
        message: "EndpointSlice shop/web-abc12: address fd00::1 is not an IPv4 address but the slice's addressType is IPv4",
      },
      {
        code: 'KR0311',
        severity: 'error',
        ...at(t, '10.244.0.11'),
        message: "EndpointSlice shop/web-v6: address 10.244.0.11 is not an IPv6 address but the slice's addressType is IPv6",
      },
    ]);
  });

  it('warns KR0305 on leading zeros, read as decimal (010.000.000.001 is 10.0.0.1)', async () => {
    const t = slice('IPv4', 'endpoints:\n- addresses: [010.000.000.001, 10.244.000.011]\n');
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '010.000.000.001'),
        message:
          'EndpointSlice shop/web-abc12: endpoints[0].addresses[0]: 010.000.000.001 has leading zeros; read as decimal 10.0.0.1, as kube-proxy reads it',
      },
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '10.244.000.011'),
        message: expect.stringContaining('10.244.000.011 has leading zeros; read as decimal 10.244.0.11,'),
      },
    ]);
    expect(r.input.endpointSlices).toHaveLength(1);
  });

  it('rejects IPv4-mapped IPv6 (KR0317), bad IPv4 and bad IPv6 text (KR0303)', async () => {
    const t = slice(
      'IPv6',
      `endpoints:
- addresses: ["::ffff:10.244.0.11", "fd00::zz", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "fd00:::1"]
- addresses: [10.244.0.256]
`,
    );
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0317',
        severity: 'error',
        ...at(t, '"::ffff:10.244.0.11"'),
        message: 'EndpointSlice shop/web-abc12: endpoints[0].addresses[0]: ::ffff:10.244.0.11 is an IPv4-mapped IPv6 address',
      },
      { code: 'KR0303', severity: 'error', ...at(t, '"fd00::zz"'), message: 'EndpointSlice shop/web-abc12: endpoints[0].addresses[1]: "fd00::zz" is not a valid IP address' },
      { code: 'KR0303', severity: 'error', ...at(t, '"fe80::1%eth0"'), message: expect.stringContaining('addresses[2]: "fe80::1%eth0" is not a valid IP address') },
      { code: 'KR0303', severity: 'error', ...at(t, '"1:2:3:4:5:6:7:8:9"'), message: expect.stringContaining('addresses[3]: "1:2:3:4:5:6:7:8:9" is not a valid IP address') },
      { code: 'KR0303', severity: 'error', ...at(t, '"fd00:::1"'), message: expect.stringContaining('addresses[4]: "fd00:::1" is not a valid IP address') },
      { code: 'KR0303', severity: 'error', ...at(t, '10.244.0.256'), message: expect.stringContaining('endpoints[1].addresses[0]: "10.244.0.256" is not a valid IP address') },
    ]);
  });

  it('rejects a nodeName that is not a DNS-1123 subdomain (KR0301)', async () => {
    const t = slice('IPv4', 'endpoints:\n- addresses: [10.0.0.1]\n  nodeName: Node_A\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0301',
        severity: 'error',
        ...at(t, 'Node_A'),
        message: expect.stringContaining('nodeName "Node_A" must be a DNS-1123 subdomain'),
      },
    ]);
  });

  it('rejects an endpoint without addresses in the schema (KR0204)', async () => {
    const t = slice('IPv4', 'endpoints:\n- addresses: []\n');
    const r = check(t);
    expect(r.diagnostics).toContainEqual({
      code: 'KR0204',
      severity: 'error',
      ...at(t, '[]'),
      message: 'EndpointSlice shop/web-abc12: endpoints[0].addresses must NOT have fewer than 1 items',
    });
    expect(r.input.endpointSlices).toEqual([]);
  });

  // BUG: the API server validates every IPv4/IPv6 slice address with ValidateEndpointIP, which
  // rejects unspecified, loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10) and
  // link-local multicast addresses. kube-rulec accepts them and DNATs service traffic to them.
  it('rejects loopback, link-local and unspecified endpoint addresses, as the API server does', async () => {
    const t = slice('IPv4', 'endpoints:\n- addresses: [127.0.0.1, 169.254.169.254, 0.0.0.0]\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0303', severity: 'error', ...at(t, '127.0.0.1'), message: expect.stringContaining('loopback') },
      { code: 'KR0303', severity: 'error', ...at(t, '169.254.169.254'), message: expect.stringContaining('link-local') },
      { code: 'KR0303', severity: 'error', ...at(t, '0.0.0.0'), message: expect.stringContaining('unspecified') },
    ]);
  });
});

describe('EndpointSlice: ports', () => {
  it('rejects a bad name (KR0309), port 0 (KR0307) and repeated names, also unnamed (KR0308)', async () => {
    const t = slice(
      'IPv4',
      `ports:
- name: http
  port: 80
- name: http
  port: 0
- port: 81
- port: 82
- name: Bad
`,
    );
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0308', severity: 'error', ...at(t, 'http', 1), message: 'EndpointSlice shop/web-abc12: port name "http" is also used by ports[0]' },
      { code: 'KR0307', severity: 'error', ...at(t, 'port: ^0\n'), message: 'EndpointSlice shop/web-abc12: port 0 must be between 1 and 65535' },
      // ports[3] has no name key: the position falls back to the port entry itself.
      { code: 'KR0308', severity: 'error', ...at(t, 'port: 82'), message: 'EndpointSlice shop/web-abc12: port name "" is also used by ports[2]' },
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'name: ^Bad'),
        message: expect.stringContaining('port name "Bad" must be a DNS-1123 label'),
      },
    ]);
  });
});

describe('EndpointSlice: not attached to a Service (KR0402, from the model step)', () => {
  it('warns and skips a slice without the kubernetes.io/service-name label', async () => {
    const t = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: orphan
addressType: IPv4
endpoints:
- addresses: [10.0.0.1]
`;
    expect(check(t).diagnostics).toEqual([]);
    const r = await runCli(['validate', '--format', 'json', '-'], t);
    expect(r.exit).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        code: 'KR0402',
        severity: 'warning',
        message: 'EndpointSlice default/orphan has no kubernetes.io/service-name label; kube-proxy ignores it',
        file: '<stdin>',
        ...at(t, 'name: orphan'),
      },
    ]);
  });
});

describe('Endpoints (v1)', () => {
  const endpoints = (subsets: string) => `apiVersion: v1
kind: Endpoints
metadata: {name: web, namespace: shop}
subsets:
${subsets}`;

  it('accepts a valid object', async () => {
    const t = endpoints(`- addresses: [{ip: 10.244.0.11, nodeName: node-a}]
  notReadyAddresses: [{ip: "fd00::b"}]
  ports: [{name: http, port: 8080}, {name: dns, port: 53, protocol: UDP}]
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.endpoints).toHaveLength(1);
  });

  it('reports bad addresses, node names, ports and repeated port names', async () => {
    const t = endpoints(`- addresses: [{ip: 10.0.0.1, nodeName: Node_A}, {ip: "10.0.0.x"}]
  notReadyAddresses: [{ip: "::ffff:1.2.3.4"}, {ip: 010.0.0.2}]
  ports: [{name: a, port: 65536}, {name: a, port: 2}, {name: B, port: 3}]
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, 'Node_A'), message: expect.stringContaining('nodeName "Node_A" must be a DNS-1123 subdomain') },
      { code: 'KR0303', severity: 'error', ...at(t, '"10.0.0.x"'), message: 'Endpoints shop/web: subsets[0].addresses[1].ip: "10.0.0.x" is not a valid IP address' },
      {
        code: 'KR0317',
        severity: 'error',
        ...at(t, '"::ffff:1.2.3.4"'),
        message: 'Endpoints shop/web: subsets[0].notReadyAddresses[0].ip: ::ffff:1.2.3.4 is an IPv4-mapped IPv6 address',
      },
      {
        code: 'KR0305',
        severity: 'warning',
        ...at(t, '010.0.0.2'),
        message: expect.stringContaining('010.0.0.2 has leading zeros; read as decimal 10.0.0.2'),
      },
      { code: 'KR0307', severity: 'error', ...at(t, '65536'), message: 'Endpoints shop/web: port 65536 must be between 1 and 65535' },
      { code: 'KR0308', severity: 'error', ...at(t, 'name: ^a, port: 2'), message: 'Endpoints shop/web: port name "a" is also used by ports[0]' },
      { code: 'KR0309', severity: 'error', ...at(t, 'B, port'), message: expect.stringContaining('port name "B" must be a DNS-1123 label') },
    ]);
  });

  // BUG: the API server validates Endpoints names as DNS-1123 subdomains
  // (ValidateEndpointsName = NameIsDNSSubdomain); kube-rulec demands a DNS-1035 label and so
  // rejects, with an error that blocks the whole compile, an object the cluster accepts.
  it('accepts an Endpoints name that is a DNS-1123 subdomain', async () => {
    const t = `apiVersion: v1
kind: Endpoints
metadata: {name: web.v2, namespace: shop}
subsets: []
`;
    expect(check(t).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
