// Shared by the check-phase tests: parse YAML text, run the check phase, and compare
// diagnostics in a compact form; `at` finds where a needle sits in the test's own input, so
// expected positions never come from the code under test.
import { expect } from 'vitest';
import { checkObjects } from '../../src/check/index.js';
import { sortDiagnostics, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { parseSources } from '../../src/load/parse.js';

export function check(text: string) {
  const parsed = parseSources([{ name: 'in.yaml', text }]);
  expect(parsed.diagnostics).toEqual([]);
  const r = checkObjects(parsed.objects);
  return { input: r.input, diagnostics: sortDiagnostics([...r.diagnostics]).map(brief) };
}

export const brief = (d: Diagnostic) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column, message: d.message });

/**
 * 1-based line and column of the nth occurrence of `needle` in `text`; a `^` in the needle marks
 * the character meant ("port: ^0" is the 0 after "port: ").
 */
export function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  const mark = Math.max(0, needle.indexOf('^'));
  const plain = needle.replace('^', '');
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(plain, i + 1);
    if (i < 0) throw new Error(`${JSON.stringify(needle)} (#${nth}) not in the test input`);
  }
  i += mark;
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}
