import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSources } from '../../src/load/sources.js';

describe('readSources', () => {
  it('walks directories recursively in byte order, taking .yaml, .yml and .json only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-src-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'z.yml'), 'z');
    writeFileSync(join(dir, 'a.json'), 'a');
    writeFileSync(join(dir, 'B.yaml'), 'B');
    writeFileSync(join(dir, 'notes.txt'), 'n');
    const r = readSources([dir], () => '');
    expect(r.diagnostics).toEqual([]);
    expect(r.files.map((f) => f.name.slice(dir.length + 1))).toEqual(['B.yaml', 'a.json', 'b/z.yml']);
  });

  it('reads standard input once for -', () => {
    let reads = 0;
    const r = readSources(['-', '-'], () => {
      reads++;
      return 'x';
    });
    expect(reads).toBe(1);
    expect(r.files).toEqual([{ name: '<stdin>', text: 'x' }]);
  });

  it('reports missing paths and empty directories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-src-'));
    const r = readSources([join(dir, 'nope.yaml'), dir], () => '');
    expect(r.diagnostics.map((d) => [d.code, d.message.replace(dir, 'DIR')])).toEqual([
      ['KR0101', 'cannot read DIR/nope.yaml: no such file or directory'],
      ['KR0109', 'directory DIR holds no .yaml, .yml or .json file'],
    ]);
  });
});
