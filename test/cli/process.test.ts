// The real binary, as a user runs it (needs `npm run build`, which `npm test` does first).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const sh = (cmd: string) => spawnSync('sh', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('bin/kube-rulec', () => {
  it('runs the demo from the README', () => {
    const r = sh('bin/kube-rulec compile --cluster-cidr 10.244.0.0/16 --hostname-override node-a fixtures/demo/input; echo "exit=$?"');
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('*filter\n')).toBe(true);
    expect(r.stdout.endsWith('COMMIT\nexit=0\n')).toBe(true);
  });

  it('stops quietly when the reader closes the pipe early', () => {
    // Half a megabyte of rules into `head -1`: the write fails with EPIPE long before the end.
    const r = sh('bin/kube-rulec compile --cluster-cidr 10.0.0.0/8 fixtures/iptables-large-cluster/input | head -1; echo "exit=${PIPESTATUS:-0}"');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('*filter');
  });

  it('exits 2 with diagnostics on stderr and nothing on stdout for bad input', () => {
    const r = sh('bin/kube-rulec compile fixtures/bad-ip/input; echo "exit=$?"');
    expect(r.stdout).toBe('exit=2\n');
    expect(r.stderr).toContain('error KR0303');
  });
});
