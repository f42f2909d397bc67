// The verdicts every services backend branches on (syncProxyRules computes them inline; the
// nftables proxier computes the same): the plan decides them once.
import { describe, expect, it } from 'vitest';
import { plan } from '../../helpers/plan.js';

const svc = (spec: string, status = '') =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.96.0.9, ports: [{name: http, port: 80, nodePort: 30080}], ${spec}}\n${status}---\n`;
const slice = (endpoints: string) =>
  `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: web-1, labels: {kubernetes.io/service-name: web}}\naddressType: IPv4\nendpoints: ${endpoints}\nports: [{name: http, port: 8080}]\n`;
const LB = 'status: {loadBalancer: {ingress: [{ip: 192.0.2.7}]}}\n';
const local = '[{addresses: [10.0.0.1], nodeName: node-a}]';
const remote = '[{addresses: [10.0.0.2], nodeName: node-b}]';

function verdicts(text: string) {
  const sp = plan(text, { hostnameOverride: 'node-a' }).plan.servicePorts[0]!;
  const { hasEndpoints, hasInternalEndpoints, hasExternalEndpoints, usesExternalChain, usesFirewall, internalVerdict, externalVerdict } = sp;
  return { hasEndpoints, hasInternalEndpoints, hasExternalEndpoints, usesExternalChain, usesFirewall, internalVerdict, externalVerdict };
}

describe('service port verdicts', () => {
  it('no endpoints at all: both directions REJECT, no external or firewall chain', () => {
    expect(verdicts(svc('type: NodePort') + slice('[]'))).toEqual({
      hasEndpoints: false,
      hasInternalEndpoints: false,
      hasExternalEndpoints: false,
      usesExternalChain: false,
      usesFirewall: false,
      internalVerdict: 'reject',
      externalVerdict: 'reject',
    });
  });

  it('endpoints elsewhere only, externalTrafficPolicy Local: cluster IP works, external traffic is DROPped', () => {
    expect(verdicts(svc('type: NodePort, externalTrafficPolicy: Local') + slice(remote))).toEqual({
      hasEndpoints: true,
      hasInternalEndpoints: true,
      hasExternalEndpoints: false,
      usesExternalChain: true,
      usesFirewall: false,
      internalVerdict: undefined,
      externalVerdict: 'drop',
    });
  });

  it('endpoints elsewhere only, internalTrafficPolicy Local: cluster IP is DROPped, external traffic works', () => {
    expect(verdicts(svc('type: NodePort, internalTrafficPolicy: Local') + slice(remote))).toMatchObject({
      hasInternalEndpoints: false,
      hasExternalEndpoints: true,
      internalVerdict: 'drop',
      externalVerdict: undefined,
    });
  });

  it('a local endpoint satisfies both Local policies', () => {
    expect(verdicts(svc('type: NodePort, internalTrafficPolicy: Local, externalTrafficPolicy: Local') + slice(local))).toMatchObject({
      hasInternalEndpoints: true,
      hasExternalEndpoints: true,
      internalVerdict: undefined,
      externalVerdict: undefined,
    });
  });

  it('loadBalancerSourceRanges with an LB IP and endpoints use the firewall chain; without an LB IP or endpoints they do not', () => {
    const ranges = 'type: LoadBalancer, loadBalancerSourceRanges: [203.0.113.0/24]';
    expect(verdicts(svc(ranges, LB) + slice(remote)).usesFirewall).toBe(true);
    expect(verdicts(svc(ranges) + slice(remote)).usesFirewall).toBe(false);
    expect(verdicts(svc(ranges, LB) + slice('[]')).usesFirewall).toBe(false);
    expect(verdicts(svc('type: LoadBalancer', LB) + slice(remote)).usesFirewall).toBe(false);
  });

  it('a ClusterIP service without node port, external or LB IP has no external chain', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.96.0.9, ports: [{name: http, port: 80}]}\n---\n${slice(remote)}`;
    expect(verdicts(text)).toMatchObject({ hasEndpoints: true, usesExternalChain: false, internalVerdict: undefined });
  });
});
