// Real traffic through compiled rules. Each scenario builds a lab of network namespaces, loads
// kube-rulec's script output into the node, starts a server in every pod and runs its probes;
// each probe asserts who answered and what source address they saw. Namespaces and processes
// are removed after each scenario, also when it fails.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { Lab, removeStaleLabs } from './harness.js';
import { judge, loadScenarios, type Scenario } from './scenario.js';
import { netnsUnavailable, skipNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';

/** Proxy modes whose script output the lab can load. */
const LAB_MODES = ['iptables'] as const;

export function compileScript(s: Scenario, mode: string): string {
  const cwd = process.cwd();
  process.chdir(s.dir);
  try {
    const r = runCli(['compile', '--mode', mode, '--output-format', 'script', ...s.args, s.manifest]);
    if (r.exit !== 0) throw new Error(`compile failed (${r.exit}): ${r.stderr}`);
    return r.stdout;
  } finally {
    process.chdir(cwd);
  }
}

function ipOf(s: Scenario, from: string): { pod?: string | undefined; client?: string | undefined } {
  if (from.startsWith('pod:')) return { pod: s.topology.pods.find((p) => p.id === from.slice(4))?.ip };
  if (from.startsWith('client:')) return { client: s.clients.find((c) => c.name === from.slice(7))?.ip };
  return {};
}

describe.skipIf(skipNetns)('lab', () => {
  it('can build network namespaces', () => {
    expect(netnsUnavailable()).toBeUndefined();
    removeStaleLabs();
  });

  for (const mode of LAB_MODES) {
    for (const scenario of loadScenarios()) {
      describe(`${mode}: ${scenario.name}`, () => {
        let lab: Lab | undefined;
        beforeAll(async () => {
          lab = await Lab.up(scenario.topology, compileScript(scenario, mode));
        }, 60_000);
        afterAll(() => lab?.destroy());

        for (const probe of scenario.probes) {
          it(probe.name, () => {
            expect(lab, 'lab was not built').toBeDefined();
            const attempts = lab!.probe(probe.from, probe.to, probe.proto ?? 'tcp', probe.count, probe.timeoutMs ?? 1500);
            expect(judge(probe, attempts, { ...ipOf(scenario, probe.from), node: scenario.nodeIP })).toEqual([]);
          });
        }
      });
    }
  }
});
