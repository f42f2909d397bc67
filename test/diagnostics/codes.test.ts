// docs/diagnostics.md lists exactly the codes in src/diagnostics/codes.ts, with their severity.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/diagnostics/codes.js';

describe('diagnostic codes', () => {
  const doc = readFileSync(resolve(import.meta.dirname, '../../docs/diagnostics.md'), 'utf8');
  const rows = [...doc.matchAll(/^\| (KR\d{4}) \| (\w+) \| (.+) \|$/gm)].map((m) => [m[1], m[2], m[3]]);

  it('are documented, each once, with severity and meaning', () => {
    expect(rows).toEqual(Object.entries(CODES).map(([code, info]) => [code, info.severity, info.title]));
  });

  it('are well-formed and grouped', () => {
    for (const code of Object.keys(CODES)) expect(code).toMatch(/^KR0[0-59]\d\d$/);
  });
});
