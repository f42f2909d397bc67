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
