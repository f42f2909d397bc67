// The rules written piece by piece: a regular file gets each piece as it is made; a failure
// while making them (an internal error) leaves the file as it was and is not a write error.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputError, writeOutput } from '../../src/cli/output.js';

describe('writing the rules in pieces', () => {
  it('writes the pieces in order, whatever their size (one larger than a write)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-pieces-'));
    const big = 'x'.repeat((1 << 20) + 7) + '\u00e9\ud83d\ude00\n';
    const pieces = ['*nat\n', big, 'COMMIT\n'];
    let made = 0;
    function* gen() {
      for (const p of pieces) {
        made++;
        yield p;
      }
    }
    await writeOutput('out.rules', gen(), () => {}, dir);
    expect(made).toBe(3);
    expect(readFileSync(join(dir, 'out.rules'), 'utf8')).toBe(pieces.join(''));
    const printed: string[] = [];
    await writeOutput('-', gen(), (t) => printed.push(t));
    expect(printed.join('')).toBe(pieces.join(''));
  });

  it('leaves the file as it was when making a piece fails, and says it is not a write error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-pieces-'));
    writeFileSync(join(dir, 'out.rules'), 'old rules\n');
    function* failing() {
      yield '*nat\n';
      throw new Error('boom');
    }
    const err = await writeOutput('out.rules', failing(), () => {}, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(OutputError);
    expect((err as Error).message).toBe('boom');
    expect(readFileSync(join(dir, 'out.rules'), 'utf8')).toBe('old rules\n');
    expect(readdirSync(dir)).toEqual(['out.rules']);
    // Standard output gets nothing at all.
    const printed: string[] = [];
    await expect(writeOutput('-', failing(), (t) => printed.push(t))).rejects.toThrow('boom');
    expect(printed).toEqual([]);
  });
});
