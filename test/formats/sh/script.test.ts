// src/emit/iptables-script.ts: what the script form sets up besides the restore text, as
// kube-proxy's full sync does it (pkg/proxy/iptables/proxier.go, syncProxyRules).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';

const cluster = `apiVersion: v1
kind: Service
metadata: {name: web}
spec: {clusterIPs: [10.96.0.1, "fd00::1"], ipFamilies: [IPv4, IPv6], ports: [{port: 80}]}
`;
const script = async (...flags: string[]) => {
  const r = await runCli(['compile', '--output-format', 'script', ...flags, '-'], cluster);
  expect(r.exit).toBe(0);
  return r.stdout.split('\n');
};

describe('script form', () => {
  // iptablesKubeletJumpChains: KUBE-FIREWALL from INPUT and OUTPUT, ensured on every full sync
  // by both families' proxiers, whether or not the restore text fills the chain.
  it.each([[['--ip-family', 'ipv6']], [['--iptables-localhost-nodeports=false']], [[]]])('ensures KUBE-FIREWALL and its jumps (%j)', async (flags) => {
    const lines = await script(...flags);
    const at = (l: string) => lines.indexOf(l);
    expect(at('ensure_chain filter KUBE-FIREWALL')).toBeGreaterThan(0);
    expect(at('ensure_jump filter INPUT -j KUBE-FIREWALL')).toBeGreaterThan(at('ensure_chain filter KUBE-FIREWALL'));
    expect(at('ensure_jump filter OUTPUT -j KUBE-FIREWALL')).toBeGreaterThan(at('ensure_jump filter INPUT -j KUBE-FIREWALL'));
    // ... after kube-proxy's own jumps, as it ensures them.
    expect(at('ensure_chain filter KUBE-FIREWALL')).toBeGreaterThan(at('ensure_chain nat KUBE-POSTROUTING'));
  });

  // nfAcctCounters: both counters are ensured on a full sync, used by a rule or not.
  it.each([[['--nfacct']], [['--nfacct', '--ip-family', 'ipv6']], [['--nfacct', '--conntrack-tcp-be-liberal']]])('creates both nfacct counters (%j)', async (flags) => {
    const lines = await script(...flags);
    expect(lines.filter((l) => l.startsWith('nfacct '))).toEqual([
      'nfacct get ct_state_invalid_dropped_pkts >/dev/null 2>&1 || nfacct add ct_state_invalid_dropped_pkts',
      'nfacct get localhost_nps_accepted_pkts >/dev/null 2>&1 || nfacct add localhost_nps_accepted_pkts',
    ]);
  });

  it('creates no counter without --nfacct', async () => {
    expect((await script()).filter((l) => l.startsWith('nfacct '))).toEqual([]);
  });
});

describe('script form of a large cluster', () => {
  // The script is a list of lines: a large cluster's (hundreds of thousands) once overflowed
  // the stack as the arguments of one push call, in both the iptables and the IPVS script.
  it('writes 4,000 services with 40 endpoints each (over 300,000 lines) in both modes', async () => {
    const docs: string[] = [];
    for (let s = 0; s < 4000; s++) {
      const endpoints = Array.from({ length: 40 }, (_, e) => ({ addresses: [`10.${128 + (s >> 8)}.${s & 255}.${e + 1}`] }));
      docs.push(JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${s}` }, spec: { clusterIP: `10.96.${s >> 8}.${s & 255}`, ports: [{ port: 80 }] } }));
      docs.push(JSON.stringify({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `s${s}-a`, labels: { 'kubernetes.io/service-name': `s${s}` } }, addressType: 'IPv4', endpoints, ports: [{ port: 8080 }] }));
    }
    const input = docs.join('\n');
    for (const flags of [['--output-format', 'script'], ['--mode', 'ipvs']]) {
      const r = await runCli(['compile', ...flags, '-'], input);
      expect(r.exit, r.stderr.slice(0, 500)).toBe(0);
      expect(r.stdout.split('\n').length).toBeGreaterThan(flags[0] === '--mode' ? 160_000 : 300_000);
    }
  });
});
