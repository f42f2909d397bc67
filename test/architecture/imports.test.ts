// The import rules of docs/architecture.md, checked on the source: who may import whom, and no
// cycles (type-only imports count: a cycle of types is still two modules that must change together).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** src-relative path → the src-relative paths it imports (relative imports only). */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files(SRC)) {
    const text = readFileSync(f, 'utf8');
    const deps = [...text.matchAll(/^(?:import|export)\b[^;]*?from '(\.[^']+)'/gms)].map((m) =>
      relative(SRC, resolve(dirname(f), m[1]!.replace(/\.js$/, '.ts'))),
    );
    g.set(relative(SRC, f), deps);
  }
  return g;
}

const g = graph();
const top = (p: string) => p.split('/')[0]!;

/** Every import from a file under `from` to a file under a folder not in `allowed`. */
function violations(from: (f: string) => boolean, allowed: (dep: string) => boolean): string[] {
  return [...g].flatMap(([f, deps]) => (from(f) ? deps.filter((d) => !allowed(d)).map((d) => `${f} -> ${d}`) : []));
}

describe('import rules (docs/architecture.md)', () => {
  it('reads the source', () => {
    expect(g.size).toBeGreaterThan(60);
    expect(g.get('pipeline/compile.ts')).toContain('backends/registry.ts');
  });

  it('ir/ imports only net/ and ir/', () => {
    expect(violations((f) => top(f) === 'ir', (d) => ['net', 'ir'].includes(top(d)))).toEqual([]);
  });

  it('formats/ imports only net/, ir/ and formats/', () => {
    expect(violations((f) => top(f) === 'formats', (d) => ['net', 'ir', 'formats'].includes(top(d)))).toEqual([]);
  });

  it('load/ and check/ import only net/, ir/, diagnostics/, load/ and check/ (no model, settings or later phase)', () => {
    const below = ['net', 'ir', 'diagnostics', 'load', 'check'];
    expect(violations((f) => ['load', 'check'].includes(top(f)), (d) => below.includes(top(d)))).toEqual([]);
  });

  it('plan/ never imports backends/, formats/ or the pipeline', () => {
    expect(violations((f) => top(f) === 'plan', (d) => !['backends', 'formats', 'pipeline', 'cli'].includes(top(d)))).toEqual([]);
  });

  it('only backends/registry.ts binds forms to writers: no other backend file imports formats/', () => {
    expect(violations((f) => top(f) === 'backends' && f !== 'backends/registry.ts', (d) => top(d) !== 'formats')).toEqual([]);
  });

  it('only the pipeline and the CLI know backends and forms: nothing else imports backends/', () => {
    expect(violations((f) => !['backends', 'pipeline', 'cli'].includes(top(f)), (d) => top(d) !== 'backends')).toEqual([]);
    // ... and of backends/, they see only the registry.
    expect(violations((f) => ['pipeline', 'cli'].includes(top(f)), (d) => top(d) !== 'backends' || d === 'backends/registry.ts')).toEqual([]);
  });

  it('no phase below the CLI imports the CLI or the pipeline', () => {
    expect(violations((f) => !['cli', 'pipeline'].includes(top(f)), (d) => !['cli', 'pipeline'].includes(top(d)))).toEqual([]);
  });

  it('has no import cycle, not even of types', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of g.get(f) ?? []) {
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of [...g.keys()].sort()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
