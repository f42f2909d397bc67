// -o PATH with the real binary, against every kind of file. Device nodes and /dev are only ever
// touched inside a private mount namespace with a tmpfs over /dev: the machine's /dev never is.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipNetns } from '../helpers/netns.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kube-rulec');
const DEMO = join(ROOT, 'fixtures/demo/input');

function expectedRules(): string {
  const r = spawnSync(BIN, ['compile', DEMO], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

/** Runs a sh script as root in a private mount namespace whose /dev is a fresh tmpfs. */
function inPrivateDev(script: string): { status: number | null; stdout: string; stderr: string } {
  const setup = [
    'set -eu',
    'mount --make-rprivate /',
    'mount -t tmpfs -o size=4m kr-dev /dev',
    'mknod -m 666 /dev/null c 1 3',
    'ln -s /proc/self/fd/1 /dev/stdout',
    'ln -s /proc/self/fd/2 /dev/stderr',
  ].join('\n');
  const r = spawnSync('unshare', ['--mount', 'sh', '-c', `${setup}\n${script}`, 'sh', BIN, DEMO], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(skipNetns)('compile -o PATH (root, private mount namespace)', () => {
  it('-o /dev/null writes to the device and leaves the node a device', () => {
    const r = inPrivateDev('"$1" compile -o /dev/null "$2"; echo "exit=$?"; stat -c %F /dev/null');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('exit=0\ncharacter special file\n');
  });

  it('-o /dev/stdout writes to standard output through the symlink, which stays', () => {
    const r = inPrivateDev('"$1" compile -o /dev/stdout "$2" | cat; stat -c %F /dev/stdout');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${expectedRules()}symbolic link\n`);
  });
});

describe('compile -o PATH', () => {
  const rules = expectedRules();
  const run = (dir: string, script: string) => spawnSync('sh', ['-c', script, 'sh', BIN, DEMO], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

  it('-o - is standard output, not a file named -', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const r = run(dir, '"$1" compile -o - "$2"');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(rules);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('follows a symlink and replaces its target atomically; a dangling one gets its target made', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const r = run(
      dir,
      [
        'mkdir sub && echo old > sub/target.rules && ln -s sub/target.rules link.rules && ln -s link.rules link2.rules',
        '"$1" compile -o link2.rules "$2" || exit 1',
        'ln -s sub/new.rules dangling.rules',
        '"$1" compile -o dangling.rules "$2" || exit 1',
        'stat -c "%n %F" link.rules link2.rules dangling.rules sub/target.rules sub/new.rules',
      ].join('\n'),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      'link.rules symbolic link\nlink2.rules symbolic link\ndangling.rules symbolic link\nsub/target.rules regular file\nsub/new.rules regular file\n',
    );
    expect(readFileSync(join(dir, 'sub/target.rules'), 'utf8')).toBe(rules);
    expect(readFileSync(join(dir, 'sub/new.rules'), 'utf8')).toBe(rules);
    expect(readdirSync(join(dir, 'sub')).sort()).toEqual(['new.rules', 'target.rules']); // no temp files left
  });

  it('keeps the mode of a file it replaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const r = run(dir, 'echo old > r.rules && chmod 640 r.rules && "$1" compile -o r.rules "$2" && stat -c %a r.rules');
    expect(r.stdout).toBe('640\n');
    expect(readFileSync(join(dir, 'r.rules'), 'utf8')).toBe(rules);
  });

  it('writes a FIFO directly, for the reader at its other end', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const r = run(dir, 'mkfifo p && { cat p > got & } && "$1" compile -o p "$2" && wait && stat -c %F p');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('fifo\n');
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe(rules);
  });

  it('refuses a directory in its own words, exit 2, leaving nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const r = run(dir, 'mkdir out && "$1" compile -o out "$2"; echo "exit=$?"; ls -A out');
    expect(r.stdout).toBe('exit=2\n');
    expect(r.stderr).toBe('<command line>: error KR0004: cannot write out: it is a directory\n');
  });

  it('connects to a UNIX socket and writes the rules to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-o-'));
    const path = join(dir, 'rules.sock');
    let got = '';
    const server = createServer((c) => c.on('data', (d: Buffer) => (got += d.toString())));
    await new Promise<void>((r) => server.listen(path, r));
    try {
      const child = spawn(BIN, ['compile', '-o', path, DEMO]);
      const exit = await new Promise<number | null>((r) => child.on('close', r));
      expect(exit).toBe(0);
      await new Promise((r) => setTimeout(r, 50));
      expect(got).toBe(rules);
    } finally {
      server.close();
    }
  });
});
