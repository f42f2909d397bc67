// NetworkPolicy conformance in the lab: the upstream e2e model (x, y, z × a, b, c), one lab for
// all cases; for each case (test/lab/netpol/cases/*.yaml, rebuilt from upstream
// network_policy.go) the compiled policy script is loaded into the node and every pod probes
// every pod on each probed port/protocol. The observed 9×9 table must equal the expected one
// (the diagonal, a pod to itself, is ignored as upstream ignores it). Every case runs in every
// form of the policy rules (VARIANTS): iptables with peers inline and with peers in ipsets, and
// the nftables table; each form builds its own lab, and every form must observe the same tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, removeStaleLabs } from './harness.js';
import { podsFromManifest } from './scenario.js';
import { skipNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';

const DIR = resolve(import.meta.dirname, 'netpol');
const MODEL = join(DIR, 'model.yaml');
const PODS = ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c'];

interface Case {
  file: string;
  description: string;
  policies: Record<string, unknown>[];
  namespaceLabels?: Record<string, Record<string, string>>;
  podLabels?: Record<string, Record<string, string>>;
  probes: { port: number; protocol: 'TCP' | 'UDP' | 'SCTP'; expect: string }[];
}

export function loadCases(): Case[] {
  const dir = join(DIR, 'cases');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ file: f, ...(parse(readFileSync(join(dir, f), 'utf8')) as Omit<Case, 'file'>) }));
}

/** "from\to x/a ..." table → set of "from>to" pairs that are allowed. */
export function parseTable(text: string): Map<string, boolean> {
  const lines = text.trim().split('\n').map((l) => l.trim().split(/\s+/));
  const header = lines[0]!.slice(1);
  if (header.join(' ') !== PODS.join(' ')) throw new Error(`table header must be ${PODS.join(' ')}`);
  const out = new Map<string, boolean>();
  for (const row of lines.slice(1)) {
    const from = row[0]!;
    if (!PODS.includes(from) || row.length !== 10) throw new Error(`bad table row: ${row.join(' ')}`);
    row.slice(1).forEach((cell, i) => {
      if (cell !== '.' && cell !== 'X') throw new Error(`bad table cell ${cell}`);
      out.set(`${from}>${PODS[i]}`, cell === '.');
    });
  }
  if (out.size !== 81) throw new Error('a table needs 9 rows');
  return out;
}

function render(t: Map<string, boolean>): string {
  return [['from\\to', ...PODS].join(' '), ...PODS.map((f) => [f.padEnd(7), ...PODS.map((to) => (t.get(`${f}>${to}`) ? '.  ' : 'X  '))].join(' '))].join('\n');
}

function manifest(c: Case): string {
  const model = parse(readFileSync(MODEL, 'utf8')) as { items: { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> } }[] };
  for (const item of model.items) {
    const extra =
      item.kind === 'Namespace'
        ? c.namespaceLabels?.[item.metadata.name]
        : c.podLabels?.[`${item.metadata.namespace}/${item.metadata.name}`];
    if (extra) item.metadata.labels = { ...item.metadata.labels, ...extra };
  }
  model.items.push(...(c.policies as never[]));
  return stringify(model);
}

const pods = podsFromManifest(MODEL);
const ipOf = new Map(pods.map((p) => [p.id, p.ip]));
const ip6Of = new Map(pods.map((p) => [p.id, p.ip6]));
const cases = loadCases();

/**
 * The forms of the policy rules the lab loads (each its `script` output), their flags, and the
 * IP families probed. The model's pods are dual-stack: iptables rules are one family's
 * (--ip-family); the nftables table holds both, and its lab probes both.
 */
export const VARIANTS: readonly { name: string; args: readonly string[]; families: readonly (4 | 6)[] }[] = [
  { name: 'iptables, inline peers', args: [], families: [4] },
  { name: 'iptables, ipset peers', args: ['--ipset'], families: [4] },
  { name: 'iptables, IPv6', args: ['--ip-family', 'ipv6'], families: [6] },
  { name: 'nftables, dual-stack', args: ['--backend', 'nftables'], families: [4, 6] },
];

/**
 * The cases' ipBlocks are IPv4 (upstream computes them from pod IPs): under IPv6 such a peer
 * matches nothing and the expected table is another, so IPv6 probes only cases without one.
 */
const hasIPBlock = (c: Case) => JSON.stringify(c.policies).includes('"ipBlock"');

for (const variant of VARIANTS) {
  describe.skipIf(skipNetns)(`NetworkPolicy conformance (${variant.name})`, () => {
    let lab: Lab | undefined;
    beforeAll(async () => {
      removeStaleLabs();
      // One lab serves every case of the variant: on a loaded machine that can take longer than
      // the servers' default bound of 5 minutes (destroy() ends them anyway).
      const topology = { nodeIP: '192.168.0.2', nodeIP6: variant.families.includes(6) ? 'fd00:192:168::2' : undefined, pods, clients: [] };
      lab = await Lab.up(topology, [], { serverLifetimeMs: 20 * 60_000 });
    }, 60_000);
    afterAll(() => lab?.destroy());

    it('has at least 15 upstream cases', async () => {
      expect(cases.length).toBeGreaterThanOrEqual(15);
    });

    for (const c of cases) {
      it(`${c.file}: ${c.description}`, async () => {
        expect(lab, 'lab was not built').toBeDefined();
        const args = ['compile', '--mode', 'policy', ...variant.args, '--output-format', 'script', '--hostname-override', 'node-a'];
        const r = await runCli([...args, '-'], manifest(c));
        expect(r.exit, r.stderr).toBe(0);
        lab!.loadScript(r.stdout);
        for (const [probe, family] of c.probes.flatMap((p) => variant.families.map((f) => [p, f] as const))) {
          if (probe.protocol === 'SCTP') continue; // no SCTP sockets here: checked on the rules
          if (family === 6 && hasIPBlock(c)) continue;
          const expected = parseTable(probe.expect);
          const proto = probe.protocol === 'UDP' ? 'udp' : 'tcp';
          const target = (to: string) => (family === 4 ? `${ipOf.get(to)}:${probe.port}` : `[${ip6Of.get(to)}]:${probe.port}`);
          const rows = await Promise.all(PODS.map((from) => lab!.probeRow(`pod:${from}`, PODS.map(target), proto, 1000)));
          const observed = new Map<string, boolean>();
          PODS.forEach((from, i) =>
            rows[i]!.forEach((a, j) => {
              const to = PODS[j]!;
              // The diagonal (a pod to itself) never crosses the node: upstream ignores it.
              observed.set(`${from}>${to}`, from === to ? expected.get(`${from}>${to}`)! : a.answer?.pod === to);
            }),
          );
          const label = `${probe.protocol}/${probe.port}${family === 6 ? ' over IPv6' : ''}`;
          expect(`${label}\n${render(observed)}`).toBe(`${label}\n${render(expected)}`);
        }
      });
    }
  });
}
