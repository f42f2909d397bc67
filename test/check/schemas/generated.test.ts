// The validators the check phase runs are compiled at build time from the schemas: the
// generated file must be what the schemas compile to today (`npm run schemas` rewrites it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../src/check/index.js';
import { validatorModule } from '../../../src/check/schemas/generate.js';
import * as generated from '../../../src/check/schemas/validators.generated.js';

describe('validators.generated.ts', () => {
  it('is what the schemas compile to (run npm run schemas after changing a schema)', () => {
    const file = readFileSync(new URL('../../../src/check/schemas/validators.generated.ts', import.meta.url), 'utf8');
    expect(file === validatorModule(), 'src/check/schemas/validators.generated.ts is out of date: run npm run schemas').toBe(true);
  });

  it('has one validator for every kind', () => {
    expect(Object.keys(generated).sort()).toEqual(Object.keys(KINDS).sort());
  });
});
