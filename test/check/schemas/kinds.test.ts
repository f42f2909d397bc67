// The schema step of src/check/index.ts (ajv, src/check/schemas/*): the shape of one object
// (KR0201-KR0204), and which objects are read at all (KR0107 unknown kind, KR0108 old
// apiVersion).
import { describe, expect, it } from 'vitest';
import { at, check } from '../../helpers/check.js';

const service = (spec: string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
${spec}`;

describe('wrong types (KR0202)', () => {
  const quoted = service(`  ports:\n  - port: "80"\n`);

  it('rejects port: "80" at the value, naming the expected and the actual type', () => {
    const r = check(quoted);
    expect(r.diagnostics).toContainEqual({
      code: 'KR0202',
      severity: 'error',
      ...at(quoted, '"80"'),
      message: 'Service default/web: spec.ports[0].port must be an integer, not the string "80"',
    });
    expect(r.input.services).toEqual([]);
  });

  // BUG: a nullable field is `anyOf: [schema, {type: null}]`, and schemaDiagnostics in
  // src/check/index.ts drops only the anyOf error itself. An error deep inside a nullable list
  // or map therefore comes with a second, wrong error for the null branch at the parent path:
  // 'Service default/web: spec.ports must be a null, not a list'. Every error inside labels, ports,
  // endpoints, ingress, matchExpressions... is doubled this way ("a null" is also bad English).
  it('reports port: "80" once, without a spurious "spec.ports must be a null" error', () => {
    expect(check(quoted).diagnostics).toEqual([
      {
        code: 'KR0202',
        severity: 'error',
        ...at(quoted, '"80"'),
        message: 'Service default/web: spec.ports[0].port must be an integer, not the string "80"',
      },
    ]);
  });

  it('reports a numeric label value once (no "metadata.labels must be a null")', () => {
    const t = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    version: 1\n`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0202', severity: 'error', ...at(t, 'version: ^1'), message: 'Pod default/p: metadata.labels.version must be a string, not the number 1' },
    ]);
  });

  it('names both allowed types of an int-or-string field', () => {
    const t = service(`  ports:\n  - {port: 80, targetPort: true}\n`);
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0202',
      severity: 'error',
      ...at(t, 'true'),
      message: 'Service default/web: spec.ports[0].targetPort must be an integer or a string, not boolean true',
    });
  });

  it('rejects a mapping where a string belongs, and a number as a name', () => {
    const t = `apiVersion: v1
kind: Service
metadata:
  name: 1234
spec:
  clusterIP: {ip: 10.0.0.1}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0202', severity: 'error', ...at(t, '1234'), message: 'Service default/?: metadata.name must be a string, not the number 1234' },
      { code: 'KR0202', severity: 'error', ...at(t, '{ip'), message: 'Service default/?: spec.clusterIP must be a string, not a mapping' },
    ]);
  });

  it('keeps YAML 1.2 words as strings: `no` in a string field is fine, `no` in a boolean field is not', () => {
    const ok = service(`  ports: [{name: no, port: 80, targetPort: on}]\n  externalName: y\n`);
    expect(check(ok).diagnostics).toEqual([]);
    const t = service(`  publishNotReadyAddresses: yes\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0202', severity: 'error', ...at(t, 'yes'), message: 'Service default/web: spec.publishNotReadyAddresses must be a boolean, not the string "yes"' },
    ]);
  });
});

describe('values not allowed (KR0203)', () => {
  it('rejects protocol: tcp and lists the allowed values', () => {
    const t = service(`  ports:\n  - port: 80\n    protocol: tcp\n`);
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0203',
      severity: 'error',
      ...at(t, 'tcp'),
      message: 'Service default/web: spec.ports[0].protocol is "tcp"; allowed: "TCP", "UDP", "SCTP"',
    });
  });

  it('rejects an unknown service type and addressType', () => {
    const t = `${service('  type: Nodeport\n')}---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: s}
addressType: ipv4
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0203', severity: 'error', ...at(t, 'Nodeport'), message: 'Service default/web: spec.type is "Nodeport"; allowed: "ClusterIP", "NodePort", "LoadBalancer", "ExternalName"' },
      { code: 'KR0203', severity: 'error', ...at(t, 'ipv4'), message: 'EndpointSlice default/s: addressType is "ipv4"; allowed: "IPv4", "IPv6", "FQDN"' },
    ]);
  });
});

describe('missing required fields (KR0201)', () => {
  it('reports a missing port at the port entry', () => {
    const t = service(`  ports:\n  - name: http\n    targetPort: 8080\n`);
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0201',
      severity: 'error',
      ...at(t, 'name: http'),
      message: 'Service default/web: missing required field spec.ports[0].port',
    });
  });

  it('reports missing metadata, metadata.name and addressType', () => {
    const t = `apiVersion: v1
kind: Service
spec: {}
---
apiVersion: v1
kind: Pod
metadata:
  namespace: shop
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: s}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0201', severity: 'error', line: 1, column: 1, message: 'Service default/?: missing required field metadata' },
      { code: 'KR0201', severity: 'error', ...at(t, 'namespace: shop'), message: 'Pod shop/?: missing required field metadata.name' },
      { code: 'KR0201', severity: 'error', ...at(t, 'apiVersion: discovery'), message: 'EndpointSlice default/s: missing required field addressType' },
    ]);
  });
});

describe('invalid shape (KR0204)', () => {
  it('rejects more than 100 addresses in one endpoint', () => {
    const addrs = Array.from({ length: 101 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', ');
    const t = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: s}
addressType: IPv4
endpoints:
- addresses: [${addrs}]
`;
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0204',
      severity: 'error',
      ...at(t, '[10.0.0.0'),
      message: 'EndpointSlice default/s: endpoints[0].addresses must NOT have more than 100 items',
    });
  });
});

describe('which objects are read (KR0107, KR0108)', () => {
  it('skips an unknown kind with an info diagnostic at its kind', () => {
    const t = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: b}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([
      { code: 'KR0107', severity: 'info', ...at(t, 'ConfigMap'), message: 'skipping v1 ConfigMap: not used by kube-rulec' },
      { code: 'KR0107', severity: 'info', ...at(t, 'Deployment'), message: 'skipping apps/v1 Deployment: not used by kube-rulec' },
    ]);
    expect(Object.values(r.input).flat()).toEqual([]);
  });

  it('skips a known kind with an old apiVersion with a warning at the apiVersion', () => {
    const t = `apiVersion: discovery.k8s.io/v1beta1
kind: EndpointSlice
metadata: {name: web-abc, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints:
- addresses: [10.0.0.1]
  topology: {kubernetes.io/hostname: node-a}
---
apiVersion: extensions/v1beta1
kind: NetworkPolicy
metadata: {name: np}
spec: {podSelector: {}}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0108',
        severity: 'warning',
        ...at(t, 'discovery.k8s.io/v1beta1'),
        message: 'skipping EndpointSlice with apiVersion discovery.k8s.io/v1beta1: kube-rulec reads discovery.k8s.io/v1',
      },
      {
        code: 'KR0108',
        severity: 'warning',
        ...at(t, 'extensions/v1beta1'),
        message: 'skipping NetworkPolicy with apiVersion extensions/v1beta1: kube-rulec reads networking.k8s.io/v1',
      },
    ]);
    expect(r.input.endpointSlices).toEqual([]);
    expect(r.input.networkPolicies).toEqual([]);
  });

  it('reads the current apiVersion of every kind', () => {
    const t = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: s}
addressType: IPv4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec: {podSelector: {}}
---
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect([r.input.namespaces.length, r.input.endpointSlices.length, r.input.networkPolicies.length, r.input.proxyConfigs.length]).toEqual([1, 1, 1, 1]);
  });
});
