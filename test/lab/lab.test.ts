// Real traffic through compiled rules. Each scenario builds a lab of network namespaces, loads
// kube-rulec's script output into the node, starts a server in every pod and runs its probes;
// each probe asserts who answered and what source address they saw. Namespaces and processes
// are removed after each scenario, also when it fails.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Lab, removeStaleLabs } from './harness.js';
import { judge, loadScenarios, type Scenario } from './scenario.js';
import { ipvsUnavailable, netnsUnavailable, skipNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';

/** Proxy modes whose script output the lab can load. */
const LAB_MODES = ['iptables', 'ipvs', 'nftables'] as const;
/** The policy backends a scenario with policy (`policyArgs`) runs with, each beside every proxy mode. */
const POLICY_BACKENDS = ['iptables', 'nftables'] as const;

/**
 * Why a mode cannot run here, or undefined. IPVS needs the kernel's IPVS (these machines have
 * none: `ipvsadm -Ln` fails, and the IPVS lab is skipped with that reason). nftables mode needs
 * nft (the Debian package nftables) and nf_tables in the kernel: a missing one fails the
 * probe of its scenarios rather than skipping them.
 */
const unavailable: Record<(typeof LAB_MODES)[number], () => string | undefined> = { iptables: () => undefined, ipvs: ipvsUnavailable, nftables: () => undefined };

export async function compileScript(s: Scenario, mode: string, args = s.args): Promise<string> {
  const r = await runCli(['compile', '--mode', mode, '--output-format', 'script', ...args, s.manifest], '', { cwd: s.dir });
  if (r.exit !== 0) throw new Error(`compile failed (${r.exit}): ${r.stderr}`);
  return r.stdout;
}

/** The prober's own address in the scenario's family, and the node's. */
function sourceIPs(s: Scenario, from: string): { pod?: string | undefined; client?: string | undefined; node: string } {
  const v6 = s.family === 6;
  const node = v6 ? s.nodeIP6! : s.nodeIP;
  if (from.startsWith('pod:')) {
    const p = s.topology.pods.find((x) => x.id === from.slice(4));
    return { pod: v6 ? p?.ip6 : p?.ip, node };
  }
  if (from.startsWith('client:')) {
    const c = s.clients.find((x) => x.name === from.slice(7));
    return { client: v6 ? c?.ip6 : c?.ip, node };
  }
  return { node };
}

describe('lab scenarios', () => {
  it('name only proxy modes the lab runs', () => {
    for (const s of loadScenarios()) for (const p of s.probes) for (const m of p.modes ?? []) expect(LAB_MODES, `${s.name}: ${p.name}`).toContain(m);
  });
});

describe.skipIf(skipNetns)('lab', () => {
  it('can build network namespaces', async () => {
    expect(netnsUnavailable()).toBeUndefined();
    removeStaleLabs();
  });

  for (const mode of LAB_MODES) {
    const why = unavailable[mode]();
    for (const scenario of loadScenarios()) {
      for (const backend of scenario.policyArgs ? POLICY_BACKENDS : [undefined]) {
        const title = `${mode}${backend ? ` + policy on ${backend}` : ''}: ${scenario.name}${why ? ` (skipped: ${why})` : ''}`;
        describe.skipIf(why !== undefined)(title, () => {
          let lab: Lab | undefined;
          beforeAll(async () => {
            const scripts = [await compileScript(scenario, mode)];
            if (backend) scripts.push(await compileScript(scenario, 'policy', ['--backend', backend, ...scenario.policyArgs!]));
            lab = await Lab.up(scenario.topology, scripts);
          }, 60_000);
          afterAll(() => lab?.destroy());

          for (const probe of scenario.probes.filter((p) => !p.modes || p.modes.includes(mode))) {
            it(probe.name, async () => {
              expect(lab, 'lab was not built').toBeDefined();
              const attempts = lab!.probe(probe.from, probe.to, probe.proto ?? 'tcp', probe.count, probe.timeoutMs ?? 1500);
              expect(judge(probe, attempts, sourceIPs(scenario, probe.from))).toEqual([]);
            });
          }
        });
      }
    }
  }
});
