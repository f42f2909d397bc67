// src/load/json-scan.ts: strings are skipped to their closing quote, not to a quote escaped by a
// backslash (an odd run of them), so colons, brackets and commas inside strings count for nothing.
import { describe, expect, it } from 'vitest';
import { countKeys, jsonItemRanges } from '../../src/load/json-scan.js';

describe('strings with escaped quotes', () => {
  it('countKeys counts the colons outside strings only', () => {
    expect(countKeys('{"a": "x\\": y", "b\\\\": 1, "c": "\\\\\\"]:"}')).toBe(3);
  });

  it('jsonItemRanges finds each item of a List past brackets and quotes inside strings', () => {
    const text = '{"items": [{"n": "a\\"], {"}, {"n": "b\\\\"}], "kind": "List"}';
    const ranges = jsonItemRanges(text)!;
    expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(['{"n": "a\\"], {"}', '{"n": "b\\\\"}']);
  });
});
