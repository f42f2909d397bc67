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

  it('1001 endpoints with session affinity: the recent matches stay, the comments go', async () => {
    const affinity = `---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: scale}
spec: {clusterIP: 10.96.17.172, sessionAffinity: ClientIP, sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}, ports: [{name: http, port: 80}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: scale, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [{addresses: [10.3.0.1]}, {addresses: [10.3.0.2]}]
ports: [{name: http, port: 8080}]
`;
    const r = await runCli(['compile', '-'], service('big', '10.96.17.170', 999, 1) + affinity);
    expect(r.exit, r.stderr).toBe(0);
    const rules = r.stdout.split('\n').filter((l) => /^-A KUBE-(SEP-(DPSU7PYFYOF6WKOC|ZVHDDSYWR7FUNKWF)|SVC-M25WWX4RBV5CTWP6) /.test(l));
    expect(rules).toEqual([
      '-A KUBE-SEP-DPSU7PYFYOF6WKOC -s 10.3.0.2 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-DPSU7PYFYOF6WKOC -m recent --name KUBE-SEP-DPSU7PYFYOF6WKOC --set -m tcp -p tcp -j DNAT --to-destination 10.3.0.2:8080',
      '-A KUBE-SEP-ZVHDDSYWR7FUNKWF -s 10.3.0.1 -j KUBE-MARK-MASQ',
      '-A KUBE-SEP-ZVHDDSYWR7FUNKWF -m recent --name KUBE-SEP-ZVHDDSYWR7FUNKWF --set -m tcp -p tcp -j DNAT --to-destination 10.3.0.1:8080',
      '-A KUBE-SVC-M25WWX4RBV5CTWP6 -m recent --name KUBE-SEP-ZVHDDSYWR7FUNKWF --rcheck --seconds 600 --reap -j KUBE-SEP-ZVHDDSYWR7FUNKWF',
      '-A KUBE-SVC-M25WWX4RBV5CTWP6 -m recent --name KUBE-SEP-DPSU7PYFYOF6WKOC --rcheck --seconds 600 --reap -j KUBE-SEP-DPSU7PYFYOF6WKOC',
      '-A KUBE-SVC-M25WWX4RBV5CTWP6 -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-ZVHDDSYWR7FUNKWF',
      '-A KUBE-SVC-M25WWX4RBV5CTWP6 -j KUBE-SEP-DPSU7PYFYOF6WKOC',
    ]);
  });
});
