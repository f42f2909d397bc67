// src/plan/services/index.ts (with the model it reads): which endpoints each service port gets.
import { describe, expect, it } from 'vitest';
import { formatCIDR } from '../../../src/net/cidr.js';
import { formatIP } from '../../../src/net/ip.js';
import { at } from '../../helpers/check.js';
import { plan } from '../../helpers/plan.js';

const eps = (p: ReturnType<typeof plan>['plan'], key: string) =>
  p.servicePorts.find((sp) => sp.key === key)!.endpoints.map((e) => ({ ep: e.str, ready: e.ready, local: e.isLocal }));

describe('EndpointSlice ports', () => {
  // discovery/v1 SetDefaults_EndpointPort: a port without name is stored with name "".
  const t = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIP: 10.96.0.9, ports: [{port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.1]}]
ports: [{port: 8080}, {name: other}]
`;
  it('a port without a name is the unnamed port, as the API server defaults it', () => {
    const r = plan(t);
    expect(eps(r.plan, 'default/web')).toEqual([{ ep: '10.0.0.1:8080', ready: true, local: false }]);
  });
  it('only a port without a number is ignored, with a warning', () => {
    expect(plan(t).diagnostics).toEqual([
      {
        code: 'KR0404',
        severity: 'warning',
        ...at(t, '{name: other}'),
        message: 'EndpointSlice default/web-1: ports[1] has no port number; kube-proxy ignores it',
      },
    ]);
  });
});


describe('the same address twice (endpointslicecache.go addEndpoints)', () => {
  const svc = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIP: 10.96.0.9, ports: [{port: 80}]}
`;
  const slice = (name: string, endpoints: string) => `---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints:
${endpoints}ports: [{port: 8080}]
`;
  const flags = { hostnameOverride: 'node-a' };

  it('in one slice, the later copy wins: its readiness and node', () => {
    const t = svc + slice('web-1', '- {addresses: [10.0.0.1], nodeName: node-b, conditions: {ready: false}}\n- {addresses: [10.0.0.1], nodeName: node-a}\n');
    expect(eps(plan(t, flags).plan, 'default/web')).toEqual([{ ep: '10.0.0.1:8080', ready: true, local: true }]);
  });

  it('a later copy that is terminating does not replace the earlier one', () => {
    const t =
      svc +
      slice('web-1', '- {addresses: [10.0.0.1], nodeName: node-a}\n- {addresses: [10.0.0.1], nodeName: node-b, conditions: {ready: false, terminating: true}}\n');
    expect(eps(plan(t, flags).plan, 'default/web')).toEqual([{ ep: '10.0.0.1:8080', ready: true, local: true }]);
  });

  it('across slices, later means later by slice name, whatever the document order', () => {
    // kube-proxy walks a service's slices in Go map order; kube-rulec walks them by name.
    const a = slice('web-a', '- {addresses: [10.0.0.1], nodeName: node-b, conditions: {ready: false}}\n');
    const b = slice('web-b', '- {addresses: [10.0.0.1], nodeName: node-a}\n');
    const want = [{ ep: '10.0.0.1:8080', ready: true, local: true }];
    expect(eps(plan(svc + a + b, flags).plan, 'default/web')).toEqual(want);
    expect(eps(plan(svc + b + a, flags).plan, 'default/web')).toEqual(want);
  });
});

describe('IPv4-mapped IPv6 external addresses', () => {
  it('count as IPv4 externalIPs and load-balancer IPs, in the IPv4 rules only', () => {
    const t = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  clusterIPs: [10.96.0.9, "fd00::9"]
  ipFamilies: [IPv4, IPv6]
  externalIPs: ["::ffff:192.0.2.10", "2001:db8::10"]
  ports: [{port: 80, nodePort: 30080}]
status:
  loadBalancer: {ingress: [{ip: "::ffff:198.51.100.7"}]}
`;
    const v4 = plan(t).plan.servicePorts[0]!;
    expect(v4.externalIPs.map(formatIP)).toEqual(['192.0.2.10']);
    expect(v4.loadBalancerVIPs.map(formatIP)).toEqual(['198.51.100.7']);
    const v6 = plan(t, { ipFamily: 'ipv6' }).plan.servicePorts[0]!;
    expect(v6.externalIPs.map(formatIP)).toEqual(['2001:db8::10']);
    expect(v6.loadBalancerVIPs).toEqual([]);
  });
});

describe('the plan of a cluster', () => {
  const svc = (name: string, extra = '') =>
    `---\napiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: app}\nspec: {clusterIP: 10.96.0.${name.length}, ports: [{name: p, port: 80}]${extra}}\n`;

  it('lists service ports by key, whatever the order of the input', () => {
    const keys = (text: string) => plan(text).plan.servicePorts.map((sp) => sp.key);
    expect(keys(svc('ccc') + svc('a') + svc('bb'))).toEqual(['app/a:p', 'app/bb:p', 'app/ccc:p']);
    expect(keys(svc('bb') + svc('ccc') + svc('a'))).toEqual(['app/a:p', 'app/bb:p', 'app/ccc:p']);
  });

  it('keeps only the source ranges of the compiled family (a dual-stack LoadBalancer lists both)', () => {
    const lb = `apiVersion: v1
kind: Service
metadata: {name: lb, namespace: app}
spec:
  type: LoadBalancer
  ipFamilyPolicy: PreferDualStack
  ipFamilies: [IPv4, IPv6]
  clusterIP: 10.96.0.40
  clusterIPs: [10.96.0.40, "fd00::40"]
  ports: [{port: 80, nodePort: 30080}]
  loadBalancerSourceRanges: [192.0.2.0/24, "2001:db8::/64"]
`;
    const ranges = (family: 'ipv4' | 'ipv6') => plan(lb, { ipFamily: family }).plan.servicePorts[0]!.sourceRanges.map((c) => formatCIDR(c));
    expect(ranges('ipv4')).toEqual(['192.0.2.0/24']);
    expect(ranges('ipv6')).toEqual(['2001:db8::/64']);
  });

  it('an endpoint with nodeName "" is not local to a node without a name', () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec: {clusterIP: 10.96.0.9, ports: [{port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: app, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.1], nodeName: ""}]
ports: [{port: 8080}]
`;
    expect(eps(plan(text).plan, 'app/web')).toEqual([{ ep: '10.0.0.1:8080', ready: true, local: false }]);
  });
});
