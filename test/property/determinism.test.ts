// Determinism: the same cluster, however its documents, slices and endpoints are ordered or
// split, compiles to byte-identical output. Runs over every golden case that compiles cleanly.
// (The one order that counts is kube-proxy's own: two copies of an address in one slice.)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseSources } from '../../src/load/parse.js';
import { describe, expect, it } from 'vitest';
import { formArgs, goldenCases } from '../helpers/fixtures.js';
import { runCli } from '../helpers/run.js';

type Obj = Record<string, unknown>;

function loadObjects(dir: string): Obj[] {
  const out: Obj[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      // The loader itself unpacks lists and JSON streams into objects.
      else if (/\.(ya?ml|json)$/.test(e.name)) out.push(...parseSources([{ name: p, text: readFileSync(p, 'utf8') }]).objects.map((o) => o.value));
    }
  };
  walk(dir);
  return out;
}

const cases = goldenCases().filter((c) => {
  const args = c.args;
  return args[0] === 'compile' && args.at(-1) === 'input' && !readdirSafe(join(c.dir, 'expected.exit'));
});

function readdirSafe(p: string): boolean {
  try {
    readFileSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Shuffles with a seed-driven permutation. */
function permute<T>(xs: T[], keys: number[]): T[] {
  return xs
    .map((x, i) => ({ x, k: keys[i % keys.length]! * 1000 + i }))
    .sort((a, b) => a.k - b.k)
    .map((e) => e.x);
}

/**
 * Shuffles a slice's endpoints, except that copies of one address keep their order: kube-proxy
 * keeps the later copy (endpointslicecache.go addEndpoints), so for such a slice kube-proxy's own
 * result depends on that order, and kube-rulec follows it.
 */
function permuteEndpoints(eps: unknown[], keys: number[]): unknown[] {
  const address = (e: unknown) => JSON.stringify(((e as Obj).addresses as unknown[] | undefined)?.[0]);
  const copies = new Map<string, unknown[]>();
  for (const e of eps) {
    const list = copies.get(address(e)) ?? [];
    list.push(e);
    copies.set(address(e), list);
  }
  return permute(eps, keys).map((e) => copies.get(address(e))!.shift());
}

function variant(objects: Obj[], keys: number[], split: boolean): Obj[] {
  const out: Obj[] = [];
  for (const o of objects) {
    const copy = structuredClone(o);
    if (copy.kind === 'EndpointSlice' && Array.isArray(copy.endpoints)) {
      copy.endpoints = permuteEndpoints(copy.endpoints as unknown[], keys);
      if (Array.isArray(copy.ports)) copy.ports = permute(copy.ports as unknown[], keys.slice().reverse());
      const eps = copy.endpoints as unknown[];
      if (split && eps.length > 1) {
        // The same endpoints spread over two slices of one service.
        const meta = copy.metadata as Obj;
        const second = structuredClone(copy);
        (second.metadata as Obj).name = `${String(meta.name)}-split`;
        second.endpoints = eps.slice(1);
        copy.endpoints = eps.slice(0, 1);
        out.push(second);
      }
    }
    out.push(copy);
  }
  return permute(out, keys);
}

/**
 * Shuffles per case: 25, or KUBE_RULEC_PROPERTY_RUNS (the mutation run sets 3: it replays the
 * suite once per mutant, and the goldens already pin each case's bytes).
 */
const RUNS = Number(process.env.KUBE_RULEC_PROPERTY_RUNS ?? 25);

describe('determinism', () => {
  it('has cases to shuffle', async () => {
    expect(cases.map((c) => c.name)).toContain('demo');
  });
  for (const c of cases) {
    it(`${c.name}: shuffled and split input gives byte-identical output`, async () => {
      // A multi-form case is checked in its script form, which writes every part of the program.
      const expected = readFileSync(join(c.dir, c.forms ? 'expected.script' : 'expected.stdout'), 'utf8');
      const objects = loadObjects(join(c.dir, 'input'));
      const all = c.forms ? formArgs(c, 'script') : c.args;
      const args = [...all.slice(0, -1), '-'];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.nat(1000), { minLength: 1, maxLength: 16 }), fc.boolean(), fc.boolean(), async (keys, split, asList) => {
          const shuffled = variant(objects, keys, split);
          const text = asList
            ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: shuffled })
            : shuffled.map((o) => stringify(o)).join('---\n');
          const r = await runCli(args, text, { cwd: c.dir }); // args may name files of the case (--config ...)
          expect(r.exit).toBe(0);
          expect(r.stdout).toBe(expected);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
