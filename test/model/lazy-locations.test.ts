// Finding where a value is written costs a second parse of a JSON file: a clean input must never
// ask. (A check that located every Service once made a 10,000-Service dump five times slower.)
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkObjects } from '../../src/check/index.js';
import { parseSources } from '../../src/load/parse.js';
import type { Locator } from '../../src/load/position.js';
import { buildCluster } from '../../src/model/build.js';

const DEMO = resolve(import.meta.dirname, '../../fixtures/demo/input');

describe('locations on the happy path', () => {
  it('check and model look up no location for a clean cluster', () => {
    const files = readdirSync(DEMO).map((f) => ({ name: f, text: readFileSync(join(DEMO, f), 'utf8') }));
    let lookups = 0;
    const counting: Locator = {
      value: () => (lookups++, { file: 'x', line: 1, column: 1 }),
      key: () => (lookups++, { file: 'x', line: 1, column: 1 }),
      source: () => (lookups++, undefined),
    };
    const objects = parseSources(files).objects.map((o) => ({ ...o, loc: counting }));
    expect(objects.length).toBeGreaterThan(3);
    const checked = checkObjects(objects);
    const model = buildCluster(checked.input);
    expect([...checked.diagnostics, ...model.diagnostics]).toEqual([]);
    expect(lookups).toBe(0);
  });
});
