// The benchmark keeps working: its generator is deterministic and makes input kube-rulec reads
// without a word, and `bench/run.mjs --small` fills its table. No timing is asserted here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';

const ROOT = resolve(import.meta.dirname, '../..');
const GENERATE = join(ROOT, 'bench/generate.mjs');

const generate = (...args: string[]) => {
  const r = spawnSync(process.execPath, [GENERATE, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};

describe('bench', () => {
  it('generates the same cluster from the same seed, another from another, as kubectl prints it', () => {
    const a = generate('--services', '40', '--endpoints', '4', '--seed', '7');
    expect(generate('--services', '40', '--endpoints', '4', '--seed', '7')).toBe(a);
    expect(generate('--services', '40', '--endpoints', '4', '--seed', '8')).not.toBe(a);
    expect(a.startsWith('{\n    "apiVersion": "v1",\n    "items": [\n')).toBe(true); // kubectl -o json: 4-space indent
    const y = generate('--services', '40', '--endpoints', '4', '--seed', '7', '--format', 'yaml');
    expect(y.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n')).toBe(true); // kubectl -o yaml
  });

  it('makes input that compiles without a word, the same from JSON and YAML, with the whole mix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-bench-'));
    const run = async (kind: string, format: string, extra: string[]) => {
      const args = kind === 'services' ? ['--services', '60', '--endpoints', '5'] : ['--kind', 'policy', '--policies', '30', '--pods', '120', '--namespaces', '6'];
      const file = join(dir, `${kind}.${format}`);
      spawnSync(process.execPath, [GENERATE, ...args, '--format', format, '-o', file]);
      return runCli(['compile', ...extra, file]);
    };
    const flags = ['--hostname-override', 'node-0', '--cluster-cidr', '10.128.0.0/9'];
    const json = await run('services', 'json', flags);
    const yaml = await run('services', 'yaml', flags);
    expect(json.stderr).toBe('');
    expect(json.exit).toBe(0);
    expect(yaml.stdout).toBe(json.stdout);
    // The mix: node ports, load balancers with source ranges, external IPs, affinity, Local
    // policies (and so local endpoints), several ports of two protocols, terminating endpoints.
    for (const want of ['KUBE-NODEPORTS', 'KUBE-FW-', 'external IP', '--rcheck', 'KUBE-SVL-', '-p udp', 'KUBE-EXT-']) expect(json.stdout).toContain(want);
    const policy = await run('policy', 'yaml', ['--mode', 'policy', '--hostname-override', 'node-0']);
    expect(policy.exit).toBe(0);
    for (const want of ['KR-NPX-', '--dport 9000:9100', 'KR-POD-IN-']) expect(policy.stdout).toContain(want);
  });

  it.skipIf(skipNetns)('npm run bench -- --small fills the table, the kernel loading every output', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kr-bench-')), 'small.md');
    const r = spawnSync(process.execPath, [join(ROOT, 'bench/run.mjs'), '--small', '--out', out], { encoding: 'utf8', timeout: 300_000 });
    expect(r.status, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    const rows = md.split('\n').filter((l) => /^\| (iptables|ipvs|nftables|userspace|policy)/.test(l));
    expect(rows.length).toBeGreaterThanOrEqual(6);
    expect(md).toContain('| policy (json) |');
    expect(md).toContain('| policy --ipset (json) |');
    // The YAML rows' output is the JSON rows' bytes: set against their loads, not loaded again.
    expect(md).toContain('- iptables (yaml), S=20 P=0: ratio against the kernel loads of iptables (json) S=20 (the same output), not paired');
    expect(md).not.toMatch(/kernel load failed|not measured/);
    // Growth with the input, from runs of the two scales in pairs.
    expect(md).toMatch(/\| 20 → 40 \| \d+\.\d\d× \| \d+\.\d\d× \|/);
    // The in-process phase runs start Node as the launcher does (the bench reads its exec line).
    expect(md).toContain('(started with --initial-old-space-size=512, as the launcher starts it)');
    for (const row of rows) {
      const cells = row.split('|').map((c) => c.trim());
      expect(Number(cells[16]), row).toBeGreaterThan(0); // output lines
      expect(cells[19], row).toMatch(/^\d+\.\d%$/); // compile / kernel: the median of paired runs' ratios
    }
  });
});
