// src/backends/ipvs/program.ts: the node addresses NodePort virtual services listen on, and the
// warning when there are none. (Everything else it builds is checked byte for byte by the
// fixtures/ipvs goldens and against kube-proxy's own tests in upstream.test.ts.)
import { describe, expect, it } from 'vitest';
import { kubeProxyIpvsProgram, kubeProxyIpvsWarnings, nodePortIPs } from '../../../src/backends/ipvs/program.js';
import { formatCIDR } from '../../../src/net/cidr.js';
import { part } from '../../../src/ir/program.js';
import { formatIP } from '../../../src/net/ip.js';
import { plan } from '../../helpers/plan.js';

const NODEPORT = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: NodePort
  clusterIP: 10.96.0.5
  ports: [{name: http, port: 80, nodePort: 30080}, {name: https, port: 443, nodePort: 30443}]
`;
const CLUSTER_IP = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.5
  ports: [{name: http, port: 80}]
`;

describe('nodePortIPs (syncProxyRules: nodeIPs)', () => {
  it("takes the node's addresses of the family, without loopback or IPv6 link-local, in address order", () => {
    const { settings } = plan(CLUSTER_IP, { nodeIp: '192.168.0.9,127.0.0.1,10.0.0.2,fe80::1,2001:db8::2' });
    expect(nodePortIPs(settings.node, 4).map(formatIP)).toEqual(['10.0.0.2', '192.168.0.9']);
    expect(nodePortIPs(settings.node, 6).map(formatIP)).toEqual(['2001:db8::2']);
  });

  it('takes an address given twice once', () => {
    const { settings } = plan(CLUSTER_IP, { nodeIp: '10.0.0.2,192.168.0.9,10.0.0.2' });
    expect(nodePortIPs(settings.node, 4).map(formatIP)).toEqual(['10.0.0.2', '192.168.0.9']);
  });

  it('leaves out exactly fe80::/10 of IPv6, and no IPv4 address that looks like it', () => {
    const { settings } = plan(CLUSTER_IP, { nodeIp: '254.128.0.1,fec0::1,febf::1,fe80::1,fe7f::1,2080::1,10.0.0.2' });
    expect(nodePortIPs(settings.node, 4).map(formatIP)).toEqual(['10.0.0.2', '254.128.0.1']);
    expect(nodePortIPs(settings.node, 6).map(formatIP)).toEqual(['2080::1', 'fe7f::1', 'fec0::1']);
  });

  it('keeps only those inside --nodeport-addresses (and never loopback)', () => {
    const { settings } = plan(CLUSTER_IP, { nodeIp: '192.168.0.9,10.0.0.2', nodeportAddresses: '10.0.0.0/8,127.0.0.0/8' });
    expect(nodePortIPs(settings.node, 4).map(formatIP)).toEqual(['10.0.0.2']);
  });
});

describe('kubeProxyIpvsWarnings', () => {
  it('warns (KR0007) when NodePort service ports have no node address to listen on', () => {
    const none = plan(NODEPORT, {});
    expect(kubeProxyIpvsWarnings(none.plan, none.settings)).toEqual([
      {
        code: 'KR0007',
        severity: 'warning',
        file: '<command line>',
        line: 0,
        column: 0,
        message: 'no IPv4 node address is known, so NodePort shop/web:http and 1 more get no virtual service',
        hint: "give the node's addresses with --node-ip, or its Node object and --hostname-override",
      },
    ]);
    const filtered = plan(NODEPORT, { nodeIp: '192.168.0.9', nodeportAddresses: '10.0.0.0/8' });
    expect(kubeProxyIpvsWarnings(filtered.plan, filtered.settings).map((d) => d.message)).toEqual([
      'no IPv4 node address inside --nodeport-addresses is known, so NodePort shop/web:http and 1 more get no virtual service',
    ]);
    const v6 = plan(NODEPORT.replace('clusterIP: 10.96.0.5', 'clusterIP: "fd00::5"'), { ipFamily: 'ipv6', nodeIp: '192.168.0.9' });
    expect(kubeProxyIpvsWarnings(v6.plan, v6.settings).map((d) => d.message)).toEqual(['no IPv6 node address is known, so NodePort shop/web:http and 1 more get no virtual service']);
  });

  it('names the one NodePort service port when there is one', () => {
    const one = plan(NODEPORT.replace(', {name: https, port: 443, nodePort: 30443}', ''), {});
    expect(kubeProxyIpvsWarnings(one.plan, one.settings).map((d) => d.message)).toEqual(['no IPv4 node address is known, so NodePort shop/web:http gets no virtual service']);
  });

  it('is quiet with a node address, or without NodePorts', () => {
    const known = plan(NODEPORT, { nodeIp: '192.168.0.9' });
    expect(kubeProxyIpvsWarnings(known.plan, known.settings)).toEqual([]);
    const clusterOnly = plan(CLUSTER_IP, {});
    expect(kubeProxyIpvsWarnings(clusterOnly.plan, clusterOnly.settings)).toEqual([]);
  });
});

describe('kubeProxyIpvsProgram: the IPVS table', () => {
  const table = (flags: Parameters<typeof plan>[1]) => {
    const p = plan(CLUSTER_IP, flags);
    return part(kubeProxyIpvsProgram(p.plan, p.settings), 'ipvs')!.table;
  };

  it('has timeouts when any one of the three is set (the others 0: left as they are), none when none is', () => {
    expect(table({ ipvsTcpTimeout: '5s' }).timeouts).toEqual({ tcp: 5, tcpFin: 0, udp: 0 });
    expect(table({ ipvsTcpfinTimeout: '6s' }).timeouts).toEqual({ tcp: 0, tcpFin: 6, udp: 0 });
    expect(table({ ipvsUdpTimeout: '7s' }).timeouts).toEqual({ tcp: 0, tcpFin: 0, udp: 7 });
    expect(table({}).timeouts).toBeUndefined();
  });

  it("keeps the --ipvs-exclude-cidrs of its own family only", () => {
    expect(table({ ipvsExcludeCidrs: '10.99.0.0/16,fd00::/8' }).keep.map(formatCIDR)).toEqual(['10.99.0.0/16']);
    expect(table({}).keep).toEqual([]);
  });
});
