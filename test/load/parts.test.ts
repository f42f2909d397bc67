// A source larger than one string holds is read in parts of whole documents; what is read, and
// where every diagnostic is, must not depend on where it was cut. The part size is made small
// here (it is 256 MiB).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { printDiagnostics } from '../../src/cli/io.js';
import { checkObjects } from '../../src/check/index.js';
import { parseSources } from '../../src/load/parse.js';
import { readSources } from '../../src/load/sources.js';

const svc = (i: number, ip = `10.0.0.${i}`) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'ns' }, spec: { clusterIP: ip, ports: [{ port: 80 }] } });

function load(text: string, name: string, parts?: { bytes: number; limit: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'kr-parts-'));
  writeFileSync(join(dir, name), text);
  const read = readSources([name], { cwd: dir, ...(parts ? { parts } : {}) });
  const parsed = parseSources(read.files);
  const checked = checkObjects(parsed.objects);
  return { read, parsed, diagnostics: [...read.diagnostics, ...parsed.diagnostics, ...checked.diagnostics] };
}

const where = (ds: { code: string; file: string; line: number; column: number; message: string }[]) => ds.map((d) => [d.code, d.file, d.line, d.column, d.message]);

describe('large sources, read in parts', () => {
  const yamlDoc = (i: number) => `# service ${i}\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\n  namespace: ns\nspec:\n  clusterIP: ${i === 7 ? '10.0.0.300' : `10.0.0.${i}`}\n  ports:\n  - port: 80\n`;
  const yaml = Array.from({ length: 12 }, (_, i) => yamlDoc(i)).join('---\n') + '---\n' + '{apiVersion: v1, kind: Service, metadata: {name: s1, namespace: ns}, spec: {ports: [{port: 80}]}}\n';
  const json = Array.from({ length: 12 }, (_, i) => JSON.stringify(svc(i, i === 7 ? '10.0.0.300' : undefined), null, 2)).join('\n') + '\n';

  for (const [name, text] of [
    ['stream.yaml', yaml],
    ['stream.json', json],
  ] as const) {
    it(`${name}: the same objects and the same diagnostics, at the same places, as read whole`, () => {
      const whole = load(text, name);
      const cut = load(text, name, { bytes: 300, limit: 10_000 });
      expect(whole.read.files).toHaveLength(1);
      expect(cut.read.files.length).toBeGreaterThan(3);
      expect(cut.read.files.map((f) => f.text).join('')).toBe(text);
      expect(cut.parsed.objects.map((o) => o.value)).toEqual(whole.parsed.objects.map((o) => o.value));
      expect(whole.diagnostics.length).toBeGreaterThan(0);
      expect(where(cut.diagnostics)).toEqual(where(whole.diagnostics));
      // Positions asked of the objects later (lazily) too.
      const at = (r: typeof whole) => r.parsed.objects.map((o) => o.loc.value(['spec', 'clusterIP']));
      expect(at(cut)).toEqual(at(whole));
      // The code frame shows the line from the part that holds it.
      const show = (r: typeof whole) => {
        let out = '';
        printDiagnostics(r.diagnostics, r.read.files, (t) => (out += t), { verbose: true, format: 'text', colour: false });
        return out;
      };
      expect(show(cut)).toBe(show(whole));
      expect(show(cut)).toContain('10.0.0.300');

    });
  }

  it('reports a document larger than a part may be', () => {
    const text = `${yamlDoc(1)}---\n${yamlDoc(2)}${'# padding\n'.repeat(50)}---\n${yamlDoc(3)}`;
    const r = load(text, 'big.yaml', { bytes: 100, limit: 400 });
    expect(where(r.read.diagnostics)).toEqual([['KR0105', 'big.yaml', 11, 1, 'big.yaml holds a document of more than 400 bytes from line 11 on, more than one part of a large file may hold']]);
  });
});
