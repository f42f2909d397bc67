// src/backends/iptables/program.ts with --nodeport-addresses: the nodeports jump in nat
// KUBE-SERVICES, once per node address of the family inside those CIDRs, in address order;
// loopback only in IPv4 with localhost NodePorts (kube-proxy's nodePortAddresses handling).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';

const SERVICE = (family: 'IPv4' | 'IPv6', clusterIP: string) => `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {type: NodePort, ipFamilies: [${family}], clusterIP: "${clusterIP}", ports: [{name: http, port: 80, nodePort: 30080}]}
`;
const ADDRESSES = ['--node-ip', '192.168.1.2,192.168.0.2,2001:db8::3,2001:db8::2', '--nodeport-addresses', '192.168.0.0/16,127.0.0.0/8,2001:db8::/64,::1/128'];
const JUMP = '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain"';

async function jumps(args: string[], input: string): Promise<string[]> {
  const r = await runCli(['compile', ...ADDRESSES, ...args, '-'], input);
  expect(r.exit, r.stderr).toBe(0);
  return r.stdout.split('\n').filter((l) => l.endsWith('-j KUBE-NODEPORTS'));
}

describe('the nodeports jump with --nodeport-addresses', () => {
  it('IPv4: each node address inside them, in address order, and 127.0.0.1 for localhost NodePorts', async () => {
    expect(await jumps([], SERVICE('IPv4', '10.96.0.9'))).toEqual([`${JUMP} -d 127.0.0.1 -j KUBE-NODEPORTS`, `${JUMP} -d 192.168.0.2 -j KUBE-NODEPORTS`, `${JUMP} -d 192.168.1.2 -j KUBE-NODEPORTS`]);
  });

  it('IPv4 without localhost NodePorts: no loopback address', async () => {
    expect(await jumps(['--iptables-localhost-nodeports=false'], SERVICE('IPv4', '10.96.0.9'))).toEqual([
      `${JUMP} -d 192.168.0.2 -j KUBE-NODEPORTS`,
      `${JUMP} -d 192.168.1.2 -j KUBE-NODEPORTS`,
    ]);
  });

  it('IPv6: the IPv6 node addresses inside them, in address order, never ::1', async () => {
    expect(await jumps(['--ip-family', 'ipv6'], SERVICE('IPv6', 'fd00::9'))).toEqual([`${JUMP} -d 2001:db8::2 -j KUBE-NODEPORTS`, `${JUMP} -d 2001:db8::3 -j KUBE-NODEPORTS`]);
  });
});
