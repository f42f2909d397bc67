// src/model/build.ts: what kube-proxy (and the controllers in front of it) never get to see.
import { describe, expect, it } from 'vitest';
import { at } from '../helpers/check.js';
import { plan } from '../helpers/plan.js';

const service = (name: string, ip: string, labels = '') => `apiVersion: v1
kind: Service
metadata: {name: ${name}${labels ? `, labels: {${labels}}` : ''}}
spec: {clusterIP: ${ip}, ports: [{port: 80}]}
---
`;
const slice = (name: string, svc: string, ip: string, labels = '') => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}, labels: {kubernetes.io/service-name: ${svc}${labels ? `, ${labels}` : ''}}}
addressType: IPv4
endpoints: [{addresses: [${ip}]}]
ports: [{port: 8080}]
---
`;
const keys = (p: ReturnType<typeof plan>['plan']) => p.servicePorts.map((sp) => `${sp.key} ${sp.endpoints.map((e) => e.str).join(',')}`);

describe("kube-proxy's informer label selector (cmd/kube-proxy/app/server.go)", () => {
  it('a Service labelled service.kubernetes.io/service-proxy-name gets no rules, whatever the value', () => {
    const t =
      service('web', '10.96.0.1') +
      slice('web-1', 'web', '10.0.0.1') +
      service('mesh', '10.96.0.2', 'service.kubernetes.io/service-proxy-name: ""') +
      slice('mesh-1', 'mesh', '10.0.0.2');
    const r = plan(t);
    expect(keys(r.plan)).toEqual(['default/web 10.0.0.1:8080']);
    // Its endpoints do not count toward the large-cluster threshold either.
    expect(r.plan.totalEndpoints).toBe(1);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0407',
        severity: 'info',
        ...at(t, 'service.kubernetes.io/service-proxy-name'),
        message: 'Service default/mesh has the service.kubernetes.io/service-proxy-name label: kube-proxy does not watch it (another proxy serves it), so it gets no rules',
      },
      {
        code: 'KR0410',
        severity: 'info',
        ...at(t, 'mesh-1'),
        message: 'EndpointSlice default/mesh-1 is for Service default/mesh, which kube-proxy does not watch',
      },
    ]);
  });

  it('an EndpointSlice labelled service.kubernetes.io/headless (or with a service proxy name) is ignored', () => {
    const t =
      service('web', '10.96.0.1') +
      slice('web-1', 'web', '10.0.0.1') +
      slice('web-2', 'web', '10.0.0.2', 'service.kubernetes.io/headless: ""') +
      slice('web-3', 'web', '10.0.0.3', 'service.kubernetes.io/service-proxy-name: other');
    const r = plan(t);
    expect(keys(r.plan)).toEqual(['default/web 10.0.0.1:8080']);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.line, d.column, d.message])).toEqual([
      [
        'KR0407',
        'info',
        ...Object.values(at(t, 'service.kubernetes.io/headless')),
        'EndpointSlice default/web-2 has the service.kubernetes.io/headless label: kube-proxy does not watch it, so it adds no endpoints',
      ],
      [
        'KR0407',
        'info',
        ...Object.values(at(t, 'service.kubernetes.io/service-proxy-name')),
        'EndpointSlice default/web-3 has the service.kubernetes.io/service-proxy-name label: kube-proxy does not watch it, so it adds no endpoints',
      ],
    ]);
  });
});

describe('EndpointSlice mirroring of legacy Endpoints (pkg/controller/endpointslicemirroring)', () => {
  const endpoints = (name: string, ip: string, skip?: string) => `apiVersion: v1
kind: Endpoints
metadata: {name: ${name}${skip !== undefined ? `, labels: {endpointslice.kubernetes.io/skip-mirror: "${skip}"}` : ''}}
subsets: [{addresses: [{ip: ${ip}}], ports: [{port: 8080}]}]
---
`;
  it('Endpoints labelled endpointslice.kubernetes.io/skip-mirror: "true" are not mirrored; any other value is', () => {
    const t = service('a', '10.96.0.1') + endpoints('a', '10.0.0.1', 'true') + service('b', '10.96.0.2') + endpoints('b', '10.0.0.2', 'false');
    const r = plan(t);
    expect(keys(r.plan)).toEqual(['default/a ', 'default/b 10.0.0.2:8080']);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0408',
        severity: 'info',
        ...at(t, 'endpointslice.kubernetes.io/skip-mirror'),
        message: 'Endpoints default/a has the endpointslice.kubernetes.io/skip-mirror: "true" label: it is not mirrored into an EndpointSlice, so kube-proxy never sees it',
      },
    ]);
  });
});


describe('two Services with one cluster IP, port and protocol (KR0409)', () => {
  const t = `apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  clusterIPs: [10.96.0.10, "fd00:96::10"]
  ipFamilies: [IPv4, IPv6]
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: b}
spec: {clusterIP: "fd00:96::10", ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: c}
spec: {clusterIP: 10.96.0.10, ports: [{name: dns, port: 80, protocol: UDP}, {name: alt, port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: d, namespace: other}
spec: {clusterIP: 10.96.0.10, ports: [{port: 80, protocol: TCP}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: a-1, labels: {kubernetes.io/service-name: a}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.1]}]
ports: [{name: http, port: 8080}]
`;
  it('warns at the later one, naming the place of the first, per family; other ports and protocols are fine', () => {
    const first4 = at(t, '10.96.0.10');
    const first6 = at(t, '"fd00:96::10"');
    expect(plan(t).diagnostics).toEqual([
      {
        code: 'KR0409',
        severity: 'warning',
        ...at(t, '"fd00:96::10"', 1),
        message: `Service default/b: cluster IP fd00:96::10 port 80/TCP is also the cluster IP and port of Service default/a (in.yaml:${first6.line}:${first6.column}); the API server never allocates one cluster IP twice`,
      },
      {
        code: 'KR0409',
        severity: 'warning',
        ...at(t, '10.96.0.10', 2),
        message: `Service other/d: cluster IP 10.96.0.10 port 80/TCP is also the cluster IP and port of Service default/a (in.yaml:${first4.line}:${first4.column}); the API server never allocates one cluster IP twice`,
      },
    ]);
  });
  it('still compiles both, as kube-proxy does', () => {
    const keys = plan(t, { ipFamily: 'ipv6' }).plan.servicePorts.map((sp) => sp.key);
    expect(keys).toEqual(['default/a:http', 'default/b']);
  });
});
