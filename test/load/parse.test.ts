import { describe, expect, it } from 'vitest';
import { parseSources } from '../../src/load/parse.js';

const parse = (text: string, name = 'in.yaml', limits?: Parameters<typeof parseSources>[1]) =>
  parseSources([{ name, text }], limits);

describe('YAML and JSON loading', () => {
  it('reads several documents and skips empty ones', () => {
    const r = parse('---\n# nothing\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => (o.value.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });

  it('parses YAML 1.2: y, no, on, off stay strings; 0755 is decimal', () => {
    const r = parse('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: {a: y, b: no, c: on, d: off, e: yes}\nx: 0755\n');
    const v = r.objects[0]!.value;
    expect((v.metadata as { labels: Record<string, unknown> }).labels).toEqual({ a: 'y', b: 'no', c: 'on', d: 'off', e: 'yes' });
    expect(v.x).toBe(755);
  });

  it('unpacks kind: List and typed lists, filling in kind and apiVersion of bare items', () => {
    const r = parse(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'ServiceList',
        items: [{ metadata: { name: 's1' } }, { apiVersion: 'v1', kind: 'Service', metadata: { name: 's2' } }],
      }),
      'svc.json',
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => [o.kind, o.apiVersion])).toEqual([
      ['Service', 'v1'],
      ['Service', 'v1'],
    ]);
    const l = parse('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n');
    expect(l.objects.map((o) => o.kind)).toEqual(['Pod']);
  });

  it('locates values inside list items, in YAML and in JSON', () => {
    const y = parse('apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: s\n  spec:\n    clusterIP: 10.0.0.1\n');
    expect(y.objects[0]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'in.yaml', line: 9, column: 16, length: 8 });
    const j = parse('{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "s"},\n  "spec": {"clusterIP": "10.0.0.1"}\n}\n', 'x.json');
    expect(j.objects[0]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'x.json', line: 5, column: 25, length: 10 });
    // A path that does not exist points at the nearest ancestor that does.
    expect(j.objects[0]!.loc.value(['spec', 'ports', 0]).line).toBe(5);
  });

  it('warns about numbers with leading zeros, which kubectl (YAML 1.1) reads differently', () => {
    const r = parse('apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 0120}, {port: 089}, {port: "0120"}, {port: 0}]\n');
    expect(r.objects[0]!.value.spec).toEqual({ ports: [{ port: 120 }, { port: 89 }, { port: '0120' }, { port: 0 }] });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['KR0110', 5, 18, "0120 is read as 120 (YAML 1.2); kubectl's YAML 1.1 parser reads it as octal 80"],
      ['KR0110', 5, 32, "089 is read as 89 (YAML 1.2); kubectl's YAML 1.1 parser reads it as a string, not a number"],
    ]);
  });

  it('reports syntax errors with a position', () => {
    const r = parse('apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'KR0102', severity: 'error', file: 'in.yaml' });
    expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(4);
  });

  it('points an unclosed quote at where it opens, not at the end of the file', () => {
    const r = parse('apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\nspec: {}\n');
    expect(r.diagnostics).toMatchObject([{ code: 'KR0102', line: 4, column: 9, message: 'this quoted string is never closed' }]);
    const single = parse("apiVersion: v1\nkind: Service\nmetadata: {name: 'it''s}\n");
    expect(single.diagnostics[0]).toMatchObject({ code: 'KR0102', line: 3, column: 18 });
  });

  it('rejects duplicate keys', () => {
    const r = parse('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
    expect(r.diagnostics).toMatchObject([{ code: 'KR0103', line: 5, column: 3 }]);
  });

  it('falls back to the YAML parser for broken JSON, keeping a position', () => {
    const r = parse('{"apiVersion": "v1",\n "kind": "Service",,}\n', 'bad.json');
    expect(r.diagnostics[0]).toMatchObject({ code: 'KR0102', file: 'bad.json', line: 2 });
  });

  it('stops alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
      'kind: Namespace',
    ].join('\n');
    const started = Date.now();
    const r = parse(bomb);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.diagnostics).toMatchObject([{ code: 'KR0104', line: 1, column: 1 }]);
    expect(r.objects).toEqual([]);
  });

  it('bounds the size of a document', () => {
    const doc = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n';
    const r = parse(`${doc}---\n${doc.replace('name: a', 'name: b, x: ' + 'y'.repeat(500))}`, 'big.yaml', {
      maxDocumentChars: 200,
      maxAliasCount: 100,
    });
    expect(r.objects).toHaveLength(1);
    expect(r.diagnostics).toMatchObject([{ code: 'KR0105', line: 4 }]); // the document's --- line
    const j = parse(JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x'.repeat(300) } }), 'big.json', {
      maxDocumentChars: 200,
      maxAliasCount: 100,
    });
    expect(j.diagnostics).toMatchObject([{ code: 'KR0105' }]);
  });

  it('wants objects with kind and apiVersion', () => {
    expect(parse('- 1\n- 2\n').diagnostics.map((d) => d.code)).toEqual(['KR0106', 'KR0106']);
    expect(parse('kind: Service\nmetadata: {name: a}\n').diagnostics).toMatchObject([{ code: 'KR0106', message: 'Service has no apiVersion' }]);
    expect(parse('apiVersion: v1\nkind: 7\n').diagnostics).toMatchObject([{ code: 'KR0106', line: 2, column: 7 }]);
  });
});
