// src/check/rules/metadata.ts: object names, namespaces and labels, for every kind.
import { describe, expect, it } from 'vitest';
import { at, check } from '../../helpers/check.js';

const DNS1035 = "must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
const DNS1123_LABEL = "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
const DNS1123_SUBDOMAIN = "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";

describe('object names (KR0301)', () => {
  it('wants a DNS-1035 label for a Service: no leading digit, no dot, at most 63 characters', () => {
    const long = 'a'.repeat(64);
    const t = `apiVersion: v1
kind: Service
metadata: {name: 1web}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web.v2}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${long}}
spec: {ports: [{port: 80}]}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, '1web'), message: `Service default/1web: name "1web" ${DNS1035}` },
      { code: 'KR0301', severity: 'error', ...at(t, 'web.v2'), message: `Service default/web.v2: name "web.v2" ${DNS1035}` },
      { code: 'KR0301', severity: 'error', ...at(t, long), message: `Service default/${long}: name "${long}" must be no more than 63 characters` },
    ]);
  });

  it('accepts a 63-character Service name and a dotted Pod, EndpointSlice and NetworkPolicy name', () => {
    const t = `apiVersion: v1
kind: Service
metadata: {name: ${'a'.repeat(63)}}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-0.shop}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web.abc12}
addressType: IPv4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow.dns}
spec: {podSelector: {}}
`;
    expect(check(t).diagnostics).toEqual([]);
  });

  it('rejects a name with a quote, a newline or a space: nothing from it can reach a rule comment', () => {
    const t = `apiVersion: v1
kind: Service
metadata: {name: "web\\" -j ACCEPT #"}
spec: {ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: "web\\n-A INPUT -j ACCEPT"}
spec: {ports: [{port: 80}]}
`;
    const r = check(t);
    expect(r.diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, '"web\\"'), message: `Service default/"web\\" -j ACCEPT #": name "web\\" -j ACCEPT #" ${DNS1035}` },
      { code: 'KR0301', severity: 'error', ...at(t, '"web\\n'), message: `Service default/"web\\n-A INPUT -j ACCEPT": name "web\\n-A INPUT -j ACCEPT" ${DNS1035}` },
    ]);
    expect(r.input.services).toEqual([]);
  });

  // BUG: describe() in src/check/context.ts puts metadata.name into every message raw. A name
  // with a newline (or an ANSI escape) splits one diagnostic over several stderr lines, so the
  // input can print text that looks like another diagnostic. The name part of the message is
  // already JSON-quoted; the "Service <name>:" prefix should be escaped the same way.
  it('keeps control characters of a bad name out of the message text', () => {
    const t = `apiVersion: v1
kind: Service
metadata: {name: "web\\ninput/ok.yaml:1:1: warning KR0315: \\u001b[2J"}
spec: {ports: [{port: 80}]}
`;
    const ds = check(t).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(['KR0301']);
    expect(ds[0]!.message).not.toMatch(/[\u0000-\u001f\u007f]/);
  });

  it('wants a DNS-1123 label namespace', () => {
    const t = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: Shop_1}
spec: {ports: [{port: 80}]}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, 'Shop_1'), message: `Service Shop_1/web: namespace "Shop_1" ${DNS1123_LABEL}` },
    ]);
  });

  it('wants a DNS-1123 subdomain for Pod, EndpointSlice, NetworkPolicy and Node names', () => {
    const t = `apiVersion: v1
kind: Pod
metadata: {name: Web-0}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web..abc}
addressType: IPv4
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: -np}
spec: {podSelector: {}}
---
apiVersion: v1
kind: Node
metadata: {name: node_a}
`;
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0301', severity: 'error', ...at(t, 'Web-0'), message: `Pod default/Web-0: name "Web-0" ${DNS1123_SUBDOMAIN}` },
      { code: 'KR0301', severity: 'error', ...at(t, 'web..abc'), message: `EndpointSlice default/web..abc: name "web..abc" ${DNS1123_SUBDOMAIN}` },
      { code: 'KR0301', severity: 'error', ...at(t, '-np'), message: `NetworkPolicy default/-np: name "-np" ${DNS1123_SUBDOMAIN}` },
      { code: 'KR0301', severity: 'error', ...at(t, 'node_a'), message: `Node node_a: name "node_a" ${DNS1123_SUBDOMAIN}` },
    ]);
  });
});

describe('labels (KR0302)', () => {
  const withLabels = (labels: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels:
${labels}`;

  it('accepts prefixed keys, empty values and YAML 1.2 words that stay strings (no, on, y)', () => {
    const t = withLabels(`    app.kubernetes.io/name: web
    example.com/tier: ""
    enabled: no
    on: y
    ${'k'.repeat(63)}: ${'v'.repeat(63)}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.pods[0]!.obj.metadata.labels).toMatchObject({ enabled: 'no', on: 'y', 'example.com/tier': '' });
  });

  it('reports a bad key at the key, with the part that is wrong', () => {
    const t = withLabels(`    -bad: x
    a/b/c: x
    /x: x
    Example.com/x: x
    example.com/: x
    ${'k'.repeat(64)}: x
`);
    const P = 'Pod default/web-0: label key ';
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0302',
        severity: 'error',
        ...at(t, '-bad'),
        message: `${P}"-bad": name part must consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      },
      { code: 'KR0302', severity: 'error', ...at(t, 'a/b/c'), message: `${P}"a/b/c": must be a name with at most one '/' (an optional DNS subdomain prefix and a name)` },
      { code: 'KR0302', severity: 'error', ...at(t, '/x:'), message: `${P}"/x": prefix part must not be empty` },
      { code: 'KR0302', severity: 'error', ...at(t, 'Example.com/x'), message: `${P}"Example.com/x": prefix part ${DNS1123_SUBDOMAIN}` },
      { code: 'KR0302', severity: 'error', ...at(t, 'example.com/:'), message: `${P}"example.com/": name part must not be empty` },
      { code: 'KR0302', severity: 'error', ...at(t, 'k'.repeat(64)), message: `${P}"${'k'.repeat(64)}": name part must be no more than 63 characters` },
    ]);
  });

  it('reports a bad value at the value', () => {
    const t = withLabels(`    team: "a b"
    tier: -front
    long: ${'v'.repeat(64)}
`);
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0302',
        severity: 'error',
        ...at(t, '"a b"'),
        message: `Pod default/web-0: label team value "a b" must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      },
      { code: 'KR0302', severity: 'error', ...at(t, '-front'), message: expect.stringContaining('label tier value "-front" must be empty or consist of') },
      { code: 'KR0302', severity: 'error', ...at(t, 'v'.repeat(64)), message: `Pod default/web-0: label long value "${'v'.repeat(64)}" must be no more than 63 characters` },
    ]);
  });
});
