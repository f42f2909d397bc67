// A diagnostic inside one item of a `kind: List` is placed by parsing that item's text alone:
// every path of every item must land where parsing the whole file puts it.
import { LineCounter, parseAllDocuments, parseDocument, stringify, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSources } from '../../src/load/parse.js';
import { YamlLocator, type Locator, type Path } from '../../src/load/position.js';

function paths(v: unknown, at: Path = []): Path[] {
  const out: Path[] = [at, [...at, 'missing']];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...at, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

const svc = (i: number) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: `s${i}`, namespace: 'ns', labels: { app: `a${i}`, 'app.kubernetes.io/name': 'x' } },
  spec: { clusterIP: `10.0.0.${i}`, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }], sessionAffinityConfig: { clientIP: { timeoutSeconds: 1.5e3 } }, empty: {}, none: [] },
});
const list = { apiVersion: 'v1', items: [svc(1), svc(2), svc(3)], kind: 'List', metadata: { resourceVersion: '' } };

/** Every path of every object, found by the loader's locators and by a locator over the whole file. */
function compare(objects: { loc: Locator; value: unknown }[], whole: (i: number) => Locator): void {
  expect(objects.length).toBe(3);
  objects.forEach((o, i) => {
    const ref = whole(i);
    for (const p of paths(o.value)) {
      const full = ['items', i, ...p];
      expect(o.loc.value(p), JSON.stringify(full)).toEqual(ref.value(full));
      expect(o.loc.key(p), JSON.stringify(full)).toEqual(ref.key(full));
      expect(o.loc.source(p), JSON.stringify(full)).toEqual(ref.source(full));
    }
  });
}

describe('positions inside list items', () => {
  for (const [name, text] of [
    ['JSON, 4-space indent', JSON.stringify(list, null, 4)],
    ['JSON, one line', JSON.stringify(list)],
    ['JSON, tabs and odd spacing', JSON.stringify(list, null, '\t').replace(/,\n/g, ' ,\n ')],
  ] as const) {
    it(`${name}: the item's own parse agrees with the whole file's`, () => {
      const r = parseSources([{ name: 'l.json', text }]);
      expect(r.diagnostics).toEqual([]);
      const lines = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lines, version: '1.2', uniqueKeys: false });
      compare(r.objects, () => new YamlLocator('l.json', doc, lines));
    });
  }

  it.each([2, 0])('JSON: an item of a List that is the second value of a stream (indent %i)', (indent) => {
    const first = JSON.stringify(svc(9), null, 2);
    const text = `${first}\n  ${JSON.stringify(list, null, indent)}\n`;
    const r = parseSources([{ name: 's.json', text }]);
    expect(r.diagnostics).toEqual([]);
    const lines = new LineCounter();
    // The whole stream as YAML documents: the second one is the List.
    const doc = parseAllDocuments(text.replace(first, `${first}\n---`), { lineCounter: lines, version: '1.2' });
    expect(Array.isArray(doc)).toBe(true);
    const second = (doc as Document.Parsed[])[1]!;
    const at = r.objects.slice(1);
    at.forEach((o, i) => {
      const ref = new YamlLocator('s.json', second, lines);
      // The reference text has one more line ("---") before the List.
      const back = (l: { line: number }) => ({ ...l, line: l.line - 1 });
      for (const p of paths(o.value)) expect(o.loc.value(p), JSON.stringify(p)).toEqual(back(ref.value(['items', i, ...p])));
    });
  });

  for (const [name, opts] of [
    ['kubectl style (sequences at their key)', { indentSeq: false }],
    ['indented sequences', { indentSeq: true }],
  ] as const) {
    it(`YAML, ${name}: the item's own parse agrees with the whole file's`, () => {
      const text = `# a dump\n---\n${stringify(list, { ...opts, sortMapEntries: true })}---\n${stringify(list, opts)}`;
      const r = parseSources([{ name: 'l.yaml', text }]);
      expect(r.diagnostics).toEqual([]);
      const lines = new LineCounter();
      const docs = parseAllDocuments(text, { lineCounter: lines, version: '1.2' }) as Document.Parsed[];
      const withContent = docs.filter((d) => d.toJS() !== null);
      compare(r.objects.slice(0, 3), () => new YamlLocator('l.yaml', withContent[0]!, lines));
      compare(r.objects.slice(3), () => new YamlLocator('l.yaml', withContent[1]!, lines));
    });
  }
});
