// largeClusterMode (kube-proxy-iptables.md §4.5): more than 1000 endpoints over all service ports
// drops the comments of the KUBE-SEP rules and of the SVC -> SEP rules. Exactly 1000 keeps them.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';

function service(name: string, clusterIP: string, endpoints: number, third: number): string {
  const ips = Array.from({ length: endpoints }, (_, i) => `10.${third}.${Math.floor(i / 250)}.${(i % 250) + 1}`);
  return `---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: scale}
spec: {clusterIP: ${clusterIP}, ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ${name}-1, namespace: scale, labels: {kubernetes.io/service-name: ${name}}}
addressType: IPv4
endpoints: [${ips.map((ip) => `{addresses: [${ip}]}`).join(', ')}]
ports: [{name: http, port: 8080}]
`;
}

async function sepRules(big: number, small: number): Promise<string[]> {
  const r = await runCli(['compile', '-'], service('big', '10.96.17.170', big, 1) + service('small', '10.96.17.171', small, 2));
  expect(r.exit, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => /^-A KUBE-SEP-\S+ .*-j DNAT/.test(l) || /^-A KUBE-SVC-\S+ .*-j KUBE-SEP-/.test(l));
}

describe('large-cluster mode counts endpoints over all service ports', () => {
  it('1000 endpoints: every SEP and SVC -> SEP rule keeps its comment', async () => {
    const rules = await sepRules(600, 400);
    expect(rules).toHaveLength(2000);
    expect(rules.filter((l) => !l.includes(' -m comment --comment '))).toEqual([]);
  });

  it('1001 endpoints: none of them has a comment', async () => {
    const rules = await sepRules(600, 401);
    expect(rules).toHaveLength(2002);
    expect(rules.filter((l) => l.includes(' -m comment --comment '))).toEqual([]);
  });
});
