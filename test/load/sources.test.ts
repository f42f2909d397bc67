import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileGlob, readSources } from '../../src/load/sources.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kr-src-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const names = (dir: string, r: ReturnType<typeof readSources>) => r.files.map((f) => f.name.slice(dir.length + 1));

describe('readSources', () => {
  it('walks directories recursively in byte order, taking .yaml, .yml and .json only', () => {
    const dir = tree({ 'b/z.yml': 'z', 'a.json': 'a', 'B.yaml': 'B', 'notes.txt': 'n' });
    const r = readSources([dir]);
    expect(r.diagnostics).toEqual([]);
    expect(names(dir, r)).toEqual(['B.yaml', 'a.json', 'b/z.yml']);
  });

  it('reads relative paths from opts.cwd and names the files as given', () => {
    const dir = tree({ 'input/b.yaml': 'b', 'input/a.yaml': 'a', 'one.json': '1', 'config.yaml': 'c' });
    const r = readSources(['input', 'one.json', 'missing.yaml', 'config.yaml'], { cwd: dir, skip: ['input/b.yaml'] });
    expect(r.files).toEqual([
      { name: 'input/a.yaml', text: 'a' },
      { name: 'one.json', text: '1' },
      { name: 'config.yaml', text: 'c' },
    ]);
    expect(r.diagnostics.map((d) => [d.file, d.message])).toEqual([['missing.yaml', 'cannot read missing.yaml: no such file or directory']]);
  });

  it('skips hidden files and directories in a walk, but reads a hidden path given by name', () => {
    const dir = tree({
      '.git/config.yaml': 'g',
      '.github/workflows/ci.yml': 'w',
      '.pre-commit-config.yaml': 'p',
      'app/.hidden/x.yaml': 'h',
      'app/svc.yaml': 's',
    });
    expect(names(dir, readSources([dir]))).toEqual(['app/svc.yaml']);
    expect(names(dir, readSources([join(dir, '.github')]))).toEqual(['.github/workflows/ci.yml']);
    expect(names(dir, readSources([join(dir, '.pre-commit-config.yaml')]))).toEqual(['.pre-commit-config.yaml']);
  });

  it('leaves out what --exclude globs match: names anywhere, paths below the directory given', () => {
    const dir = tree({
      'base/svc.yaml': '1',
      'base/secret.enc.yaml': '2',
      'overlays/prod/svc.yaml': '3',
      'overlays/dev/svc.yaml': '4',
      'vendor/chart/templates/svc.yaml': '5',
      'kustomization.yaml': '6',
    });
    const walk = (...exclude: string[]) => names(dir, readSources([dir], { exclude }));
    expect(walk('*.enc.yaml')).toEqual(['base/svc.yaml', 'kustomization.yaml', 'overlays/dev/svc.yaml', 'overlays/prod/svc.yaml', 'vendor/chart/templates/svc.yaml']);
    expect(walk('vendor', 'overlays/dev')).toEqual(['base/secret.enc.yaml', 'base/svc.yaml', 'kustomization.yaml', 'overlays/prod/svc.yaml']);
    expect(walk('overlays/*/svc.yaml', 'kustomization.y?ml')).toEqual(['base/secret.enc.yaml', 'base/svc.yaml', 'vendor/chart/templates/svc.yaml']);
    expect(walk('**/templates')).toEqual(['base/secret.enc.yaml', 'base/svc.yaml', 'kustomization.yaml', 'overlays/dev/svc.yaml', 'overlays/prod/svc.yaml']);
  });

  it('compiles globs: * and ? stay in a segment, ** spans segments, regex characters are literal', () => {
    expect(compileGlob('a*.yaml').test('ab.yaml', 'x/ab.yaml')).toBe(true);
    expect(compileGlob('a*.yaml').test('ab.yml', 'x/ab.yml')).toBe(false);
    expect(compileGlob('x/*.yaml').test('ab.yaml', 'x/y/ab.yaml')).toBe(false);
    expect(compileGlob('x/**/ab.yaml').test('ab.yaml', 'x/y/z/ab.yaml')).toBe(true);
    expect(compileGlob('x/**/ab.yaml').test('ab.yaml', 'x/ab.yaml')).toBe(true);
    expect(compileGlob('a+(b).yaml').test('a+(b).yaml', 'a+(b).yaml')).toBe(true);
    expect(compileGlob('a+(b).yaml').test('aa(b)xyaml', 'aa(b)xyaml')).toBe(false);
  });

  it('takes standard input once for -, as the caller read it', () => {
    const r = readSources(['-', '-'], { stdin: { text: 'x' } });
    expect(r.files).toEqual([{ name: '<stdin>', text: 'x' }]);
    const big = readSources(['-'], { stdin: { exceeded: 300 }, maxBytes: 256 });
    expect(big.files).toEqual([]);
    expect(big.diagnostics.map((d) => [d.code, d.file, d.message])).toEqual([['KR0105', '<stdin>', '<stdin> holds more than 256 bytes, the limit']]);
  });

  it('never reads the --config file as input, also when a directory walk finds it', () => {
    const dir = tree({ 'svc.yaml': 's', 'kube-proxy.yaml': 'k' });
    const skip = [join(dir, 'kube-proxy.yaml')];
    expect(names(dir, readSources([dir], { skip }))).toEqual(['svc.yaml']);
    expect(names(dir, readSources([join(dir, 'kube-proxy.yaml'), join(dir, 'svc.yaml')], { skip }))).toEqual(['svc.yaml']);
  });

  it('bounds every read: a file by its size, a character device and a FIFO by what they deliver', () => {
    const dir = tree({ 'big.yaml': 'x'.repeat(300), 'ok.yaml': 'y'.repeat(256) });
    const r = readSources([join(dir, 'big.yaml'), join(dir, 'ok.yaml'), '/dev/zero'], { maxBytes: 256 });
    expect(r.files.map((f) => f.name)).toEqual([join(dir, 'ok.yaml')]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      `${join(dir, 'big.yaml')} is 300 bytes; the limit is 256 bytes`,
      '/dev/zero holds more than 256 bytes, the limit',
    ]);
  });

  it('reads a FIFO whose writer is slow, to its end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-fifo-'));
    const fifo = join(dir, 'in.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // The writer opens the FIFO, waits, then writes in two parts: a read must block, not fail.
    const writer = spawn('sh', ['-c', `exec 3>"$1"; sleep 0.3; printf 'a: 1\\n' >&3; sleep 0.3; printf 'b: 2\\n' >&3`, 'sh', fifo]);
    const done = new Promise((resolve) => writer.on('exit', resolve));
    const r = readSources([fifo]);
    await done;
    expect(r.diagnostics).toEqual([]);
    expect(r.files).toEqual([{ name: fifo, text: 'a: 1\nb: 2\n' }]);
  });

  it('does not follow symlinked directories (no cycles)', () => {
    const dir = tree({ 'a/svc.yaml': 's' });
    symlinkSync(dir, join(dir, 'a', 'loop'));
    expect(names(dir, readSources([dir]))).toEqual(['a/svc.yaml']);
  });

  it('reports missing paths and empty directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-src-'));
    const r = readSources([join(dir, 'nope.yaml'), dir]);
    expect(r.diagnostics.map((d) => [d.code, d.message.replace(dir, 'DIR')])).toEqual([
      ['KR0101', 'cannot read DIR/nope.yaml: no such file or directory'],
      ['KR0109', 'directory DIR holds no .yaml, .yml or .json file'],
    ]);
  });
});

describe('readSources, the same file twice', () => {
  it('reads a file once however often it is named (a directory and a file in it, a path twice)', () => {
    const dir = tree({ 'svc.yaml': 's', 'eps.yaml': 'e' });
    expect(names(dir, readSources([dir, join(dir, 'svc.yaml'), join(dir, 'svc.yaml')]))).toEqual(['eps.yaml', 'svc.yaml']);
  });
});
