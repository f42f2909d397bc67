import fc from 'fast-check';
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

  it('finds a repeated key deep inside one large JSON value, at its place', () => {
    const items = Array.from({ length: 50 }, (_, i) => `    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n${i}"}}`);
    items[37] = '    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a", "labels": {"x": "1", "x": "2"}}}';
    const r = parse(`{"apiVersion": "v1", "kind": "List", "items": [\n${items.join(',\n')}\n]}\n`, 'list.json');
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['KR0103', 39, 94]]);
  });

  it('tells repeated JSON keys from colons, quotes and backslashes inside strings', () => {
    // Keys and values built from the characters that could confuse a scan; a repeat is
    // reported exactly when the keys repeat.
    const chars = fc.constantFrom('a', ':', '"', '\\', ',', '{', ' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: chars, maxLength: 4 }), fc.string({ unit: chars, maxLength: 4 })), { maxLength: 6 }), (entries) => {
        const body = entries.map(([k, v]) => `${JSON.stringify(k)}: {"v": ${JSON.stringify(v)}}`).join(', ');
        const text = `{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}, "x": {${body}}}`;
        const repeated = new Set(entries.map(([k]) => k)).size < entries.length;
        expect(parse(text, 'in.json').diagnostics.map((d) => d.code)).toEqual(repeated ? ['KR0103'] : []);
      }),
    );
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
      maxDepth: 200,
    });
    expect(r.objects).toHaveLength(1);
    expect(r.diagnostics).toMatchObject([{ code: 'KR0105', line: 4 }]); // the document's --- line
    const j = parse(JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'x'.repeat(300) } }), 'big.json', {
      maxDocumentChars: 200,
      maxAliasCount: 100,
      maxDepth: 200,
    });
    expect(j.diagnostics).toMatchObject([{ code: 'KR0105' }]);
  });

  it('wants objects with kind and apiVersion', () => {
    expect(parse('- 1\n- 2\n').diagnostics.map((d) => d.code)).toEqual(['KR0106', 'KR0106']);
    expect(parse('kind: Service\nmetadata: {name: a}\n').diagnostics).toMatchObject([{ code: 'KR0106', message: 'Service has no apiVersion' }]);
    expect(parse('apiVersion: v1\nkind: 7\n').diagnostics).toMatchObject([{ code: 'KR0106', line: 2, column: 7 }]);
  });
});

describe('JSON streams', () => {
  const svc = (name: string, ip: string, indent = 4) =>
    JSON.stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { clusterIP: ip } }, null, indent);

  it('reads a stream of values (jq .items[] output) as several documents, with positions in the file', () => {
    const text = `${svc('a', '10.0.0.1')}\n${svc('b', '10.0.0.2', 2)}${svc('c', '10.0.0.3', 0)}  ${svc('d', '10.0.0.4', 0)}\n`;
    const r = parse(text, 'stream.json');
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => (o.value.metadata as { name: string }).name)).toEqual(['a', 'b', 'c', 'd']);
    // a takes lines 1-10, b starts on line 11; c and d share the line b ends on, after it.
    expect(r.objects[1]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'stream.json', line: 18, column: 18, length: 10 });
    const line = text.split('\n')[19]!;
    expect(line.startsWith('}{')).toBe(true);
    expect(r.objects[2]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'stream.json', line: 20, column: line.indexOf('"10.0.0.3"') + 1, length: 10 });
    expect(r.objects[3]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'stream.json', line: 20, column: line.indexOf('"10.0.0.4"') + 1, length: 10 });
  });

  it('reports a broken value of a stream once, where it breaks, and reads the others', () => {
    const text = `${svc('a', '10.0.0.1')}\n{"apiVersion": "v1", "kind": "Service" "metadata": {"name": "b"}}\n${svc('c', '10.0.0.3')}\n`;
    const r = parse(text, 'stream.json');
    expect(r.objects.map((o) => (o.value.metadata as { name: string }).name)).toEqual(['a', 'c']);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['KR0102', 11, 40, "Expected ',' or '}' after property value"],
    ]);
  });

  it('reports a duplicate key of a later value at its place in the file', () => {
    const r = parse(`${svc('a', '10.0.0.1')}\n{"apiVersion": "v1", "kind": "Service", "kind": "Pod"}\n`, 'stream.json');
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['KR0103', 11, 41]]);
  });

  it('still reads a flow-style YAML file that starts with { as YAML', () => {
    const r = parse("{apiVersion: v1, kind: Namespace, metadata: {name: 'a'}}\n---\n{apiVersion: v1, kind: Namespace, metadata: {name: b}}\n");
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => (o.value.metadata as { name: string }).name)).toEqual(['a', 'b']);
  });
});

describe('nesting depth', () => {
  const limits = { maxDocumentChars: 1 << 20, maxAliasCount: 100, maxDepth: 20 };
  const head = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\nx: ';
  const JSON_HEAD = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}, "x": ';

  it('reads documents up to the limit', () => {
    // the document mapping is level 1, x's lists 2..20
    expect(parse(head + '['.repeat(19) + ']'.repeat(19) + '\n', 'in.yaml', limits).diagnostics).toEqual([]);
    expect(parse(`${JSON_HEAD}${'['.repeat(19)}${']'.repeat(19)}}`, 'in.json', limits).diagnostics).toEqual([]);
  });

  it('reports flow, block and JSON nesting past the limit at the first level too deep (KR0112)', () => {
    const flow = parse(head + '['.repeat(20) + ']'.repeat(20) + '\n', 'in.yaml', limits);
    expect(flow.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      ['KR0112', 4, 23, 'mappings and lists nest deeper than 20 levels here'],
    ]);
    const block = parse(head + '\n' + Array.from({ length: 25 }, (_, i) => `${'  '.repeat(i + 1)}k:`).join('\n') + ' 1\n', 'in.yaml', limits);
    // x's mapping (line 5) is level 2, so line 24 (indented 40) holds level 21
    expect(block.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['KR0112', 24, 41]]);
    const json = parse(`${JSON_HEAD}${'['.repeat(20)}${']'.repeat(20)}}`, 'in.json', limits);
    expect(json.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([['KR0112', 1, JSON_HEAD.length + 20]]);
    for (const r of [flow, block, json]) expect(r.objects).toEqual([]);
  });

  it('measures 100,000 levels without overflowing the stack, by default', () => {
    const y = parse(head + '['.repeat(100_000) + ']'.repeat(100_000) + '\n');
    expect(y.diagnostics.map((d) => [d.code, d.column])).toEqual([['KR0112', 4 + 199]]);
    const j = parse('{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', 'in.json');
    expect(j.diagnostics.map((d) => [d.code, d.column])).toEqual([['KR0112', 6 + 199]]);
  });
});
