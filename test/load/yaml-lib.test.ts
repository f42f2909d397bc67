// The yaml library is loaded only when something needs it (load/yaml-lib.ts): a JSON input, and
// the YAML kubectl writes, compile without it; a diagnostic's position, or YAML the fast reader
// does not take, loads it. Each case runs in a fresh Node process (the built CLI), which reports
// whether the library's module was loaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `kube-rulec ARGS` in a fresh process; returns its exit status and whether yaml was loaded. */
function run(args: string[]): { exit: number; yamlLoaded: boolean } {
  const script = `
    import { createRequire } from 'node:module';
    import { run } from './dist/cli/main.js';
    const io = { stdout: () => {}, stderr: () => {}, readStdin: () => ({ text: '' }), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
    const exit = await run(${JSON.stringify(args)}, io);
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/yaml/'));
    console.log(JSON.stringify({ exit, yamlLoaded: loaded }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim());
}

const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] } };

describe('the yaml library', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kr-yamllib-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('is not loaded for JSON input, nor for the YAML kubectl writes', () => {
    // The benchmark's generator writes a cluster that compiles without a word.
    const gen = spawnSync(process.execPath, [join(ROOT, 'bench/generate.mjs'), '--services', '20', '--endpoints', '3'], { encoding: 'utf8' });
    const json = file('ok.json', gen.stdout);
    expect(run(['compile', '--hostname-override', 'node-0', '--cluster-cidr', '10.128.0.0/9', json])).toEqual({ exit: 0, yamlLoaded: false });
    expect(run(['compile', 'fixtures/demo/input'])).toEqual({ exit: 0, yamlLoaded: false });
  });

  it('is loaded when a diagnostic needs a position, or the YAML is more than the fast reader takes', () => {
    expect(run(['compile', file('warn.json', JSON.stringify(svc, null, 4))])).toEqual({ exit: 0, yamlLoaded: true }); // KR0405: no endpoints
    const bad = { ...svc, spec: { ...svc.spec, clusterIP: '10.96.0.300' } };
    expect(run(['compile', file('bad.json', JSON.stringify(bad, null, 4))])).toEqual({ exit: 2, yamlLoaded: true });
    expect(run(['compile', file('anchors.yaml', 'apiVersion: v1\nkind: Service\nmetadata: &m {name: web, namespace: shop}\nspec: {clusterIP: 10.96.0.10, ports: [{name: http, port: 80}]}\n')])).toEqual({ exit: 0, yamlLoaded: true });
  });
});
