// src/plan/serviceports.ts (with the model it reads): which endpoints each service port gets.
import { describe, expect, it } from 'vitest';
import { at } from '../helpers/check.js';
import { plan } from '../helpers/plan.js';

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

