// Every fixtures/<case>/ runs through the CLI and must print exactly its expected files (a
// multi-form case once per form: expected.<form>). `npm run golden:accept` rewrites them after a
// deliberate change; review that diff like code.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formArgs, goldenCases } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run.js';

const accept = process.env.GOLDEN_ACCEPT === '1';

function readOr(file: string, fallback: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : fallback;
}

describe('golden cases', () => {
  const cases = goldenCases();
  it('finds the cases', async () => {
    expect(cases.map((c) => c.name)).toContain('demo');
  });
  const runs = cases.flatMap((c) => (c.forms ?? [undefined]).map((form) => ({ c, form })));
  for (const { c, form } of runs) {
    it(form === undefined ? c.name : `${c.name} (${form})`, async () => {
      const result = await runCli(form === undefined ? c.args : formArgs(c, form), c.stdin, { cwd: c.dir });
      const files = {
        stdout: join(c.dir, form === undefined ? 'expected.stdout' : `expected.${form}`),
        stderr: join(c.dir, 'expected.stderr'),
        exit: join(c.dir, 'expected.exit'),
      };
      if (accept) {
        writeFileSync(files.stdout, result.stdout);
        if (result.stderr !== '') writeFileSync(files.stderr, result.stderr);
        else rmSync(files.stderr, { force: true });
        if (result.exit !== 0) writeFileSync(files.exit, `${result.exit}\n`);
        else rmSync(files.exit, { force: true });
        return;
      }
      expect({ exit: result.exit, stderr: result.stderr }).toEqual({
        exit: Number(readOr(files.exit, '0').trim()),
        stderr: readOr(files.stderr, ''),
      });
      expect(result.stdout).toBe(readFileSync(files.stdout, 'utf8'));
      // Invalid input never prints rules (validate prints its diagnostics on stdout).
      if (result.exit !== 0 && c.args[0] === 'compile') expect(result.stdout).toBe('');
    });
  }
});
