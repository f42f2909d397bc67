// src/backends/iptables/program.ts: the host steps of iptables mode (before its rules are loaded):
// the nfacct counters with --nfacct, route_localnet for IPv4 localhost NodePorts; else none.
import { describe, expect, it } from 'vitest';
import { part } from '../../../src/ir/program.js';
import { compileProgram } from '../../../src/pipeline/compile.js';
import { typed } from '../../helpers/plan.js';

const SERVICE = (clusterIP: string) => `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {clusterIP: "${clusterIP}", ports: [{name: http, port: 80}]}
`;

function steps(clusterIP: string, flags: Parameters<typeof typed>[0]) {
  const { program } = compileProgram({ paths: ['-'], stdin: { text: SERVICE(clusterIP) } }, typed(flags));
  return part(program, 'host')!.steps;
}

describe('iptables mode host steps', () => {
  it('none in IPv6 without --nfacct, nor in IPv4 without localhost NodePorts', () => {
    expect(steps('fd00::5', { ipFamily: 'ipv6' })).toEqual([]);
    expect(steps('10.96.0.5', { iptablesLocalhostNodeports: false })).toEqual([]);
  });

  it('the two counters with --nfacct, then route_localnet for IPv4 localhost NodePorts', () => {
    expect(steps('10.96.0.5', { nfacct: true })).toEqual([
      { kind: 'nfacct', name: 'ct_state_invalid_dropped_pkts' },
      { kind: 'nfacct', name: 'localhost_nps_accepted_pkts' },
      { kind: 'sysctl', key: 'net.ipv4.conf.all.route_localnet', value: '1' },
    ]);
  });
});
