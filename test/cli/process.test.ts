// The real binary, as a user runs it (needs `npm run build`, which `npm test` does first).
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    const r = sh('bin/kube-rulec compile --cluster-cidr 10.0.0.0/8 fixtures/iptables/large-cluster/input | head -1; echo "exit=${PIPESTATUS:-0}"');
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('*filter');
  });

  it('starts Node with its flags, through a symlink as npm links it, paths with spaces and arguments intact', () => {
    // The launcher is a shell line that execs Node on the same file: a path with spaces and an
    // empty argument must reach the CLI as they were given, and the exit status must be Node's.
    const r = sh(
      [
        'd=$(mktemp -d)',
        'mkdir "$d/b in" && ln -s "$PWD/bin/kube-rulec" "$d/b in/kube-rulec"',
        'mkdir "$d/in put" && cp fixtures/demo/input/*.yaml "$d/in put/"',
        '"$d/b in/kube-rulec" compile --cluster-cidr 10.244.0.0/16 --hostname-override node-a "$d/in put" -o "$d/out file"; echo "exit=$?"',
        '"$d/b in/kube-rulec" compile "" ; echo "exit=$?"',
        'bin/kube-rulec compile --cluster-cidr 10.244.0.0/16 --hostname-override node-a fixtures/demo/input | cmp - "$d/out file" && echo same',
        'rm -rf "$d"',
      ].join('; '),
    );
    expect(r.stdout).toBe('exit=0\nexit=2\nsame\n');
    expect(readFileSync(resolve(ROOT, 'bin/kube-rulec'), 'utf8').split('\n')[1]).toBe(`':' //; exec node --initial-old-space-size=512 "$0" "$@"`);
  });

  it('exits 2 with diagnostics on stderr and nothing on stdout for bad input', () => {
    const r = sh('bin/kube-rulec compile fixtures/input/bad-ip/input; echo "exit=$?"');
    expect(r.stdout).toBe('exit=2\n');
    expect(r.stderr).toContain('error KR0303');
  });
});

describe('bin/kube-rulec standard input', () => {
  const demo = 'for f in fixtures/demo/input/*.yaml; do cat "$f"; echo ---; done';

  it('waits for a slow writer (compile - and validate -)', () => {
    const expected = sh('bin/kube-rulec compile fixtures/demo/input').stdout;
    const r = sh(`(sleep 1; ${demo}) | bin/kube-rulec compile -; echo "exit=$?"`);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${expected}exit=0\n`);
    const v = sh(`(sleep 1; ${demo}) | bin/kube-rulec validate -; echo "exit=$?"`);
    expect(v.stdout).toBe('exit=0\n');
  });

  it('reads a large input written in small pieces with pauses, to its end', async () => {
    // 2,000 Services, about 400 kB, in 4 kB pieces 1 ms apart from a child process.
    const svc = (i: number) =>
      `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}, namespace: ns}\nspec:\n  clusterIP: 10.96.${i >> 8}.${i & 255}\n  ports: [{name: http, port: 80}]\n---\n`;
    const text = Array.from({ length: 2000 }, (_, i) => svc(i)).join('');
    const child = spawn('bin/kube-rulec', ['compile', '-'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let off = 0; off < text.length; off += 4096) {
      child.stdin.write(text.slice(off, off + 4096));
      await new Promise((r) => setTimeout(r, 1));
    }
    child.stdin.end();
    expect(await exit).toBe(0);
    expect(stderr).toContain('warning KR0405'); // services, no endpoints: every one of them read
    expect(stdout.match(/has no endpoints" -m tcp -p tcp -d 10\.96\./g)?.length).toBe(2000);
  });

  it('stops reading at the input limit: compile - < /dev/zero and compile /dev/zero', () => {
    for (const cmd of ['bin/kube-rulec compile - < /dev/zero', 'bin/kube-rulec compile /dev/zero']) {
      const r = sh(`${cmd}; echo "exit=$?"`);
      expect(r.stdout).toBe('exit=2\n');
      expect(r.stderr).toMatch(/error KR0105: (<stdin>|\/dev\/zero) holds more than 1073741824 bytes \(1024 MiB\), the limit/);
    }
  });

  it('leaves standard input to the programs after it when no path is -', () => {
    // kube-rulec must neither read the pipe nor leave it non-blocking (cat would fail with EAGAIN).
    const r = sh('{ sleep 0.5; echo later; } | { bin/kube-rulec compile fixtures/demo/input >/dev/null; cat; }');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('later\n');
  });
});
