// The fast YAML reader answers only for input the full parser reads without a word, and then with
// the full parser's values: held against the full parser on every YAML file of the fixtures, on
// hand-picked corners, and on random documents in several styles.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseSources } from '../../src/load/parse.js';
import { readYamlFast } from '../../src/load/yaml-fast.js';
import { FIXTURES } from '../helpers/fixtures.js';

/** The full parser's reading: the values of its documents with content, or undefined when it reports anything. */
function full(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text, { version: '1.2', schema: 'core', uniqueKeys: true });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0 || d.warnings.length > 0)) return undefined;
  return docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
}

/** The fast reader agrees with the full parser, or gives up. Returns whether it answered. */
function agrees(text: string): boolean {
  const fast = readYamlFast(text, DEFAULT_LIMITS);
  if (fast === undefined) return false;
  const expected = full(text);
  expect(expected, `the full parser reports something in ${JSON.stringify(text)}`).toBeDefined();
  expect(fast.map((d) => d.value)).toEqual(expected);
  expect(fast.map((d) => d.index)).toEqual(fast.map((_, i) => i));
  return true;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

const KUBECTL = `apiVersion: v1
items:
- apiVersion: v1
  kind: Service
  metadata:
    annotations:
      kubectl.kubernetes.io/last-applied-configuration: |
        {"apiVersion":"v1","kind":"Service"}
    creationTimestamp: "2026-11-02T09:14:07Z"
    labels:
      app: web
    name: web
    namespace: shop
    resourceVersion: "5615549"
  spec:
    clusterIP: 10.96.0.10
    clusterIPs:
    - 10.96.0.10
    ipFamilies:
    - IPv4
    ports:
    - name: http
      port: 80
      protocol: TCP
      targetPort: 8080
    selector:
      app: web
    sessionAffinity: None
    type: ClusterIP
  status:
    loadBalancer: {}
kind: List
metadata:
  resourceVersion: ""
`;

describe('the fast YAML reader', () => {
  it('reads kubectl get -o yaml output (it must not give up on it)', () => {
    expect(agrees(KUBECTL)).toBe(true);
    expect(agrees(`---\n# a comment\n${KUBECTL}---\n---\n${KUBECTL}`)).toBe(true);
  });

  it('agrees with the full parser on every YAML file of the fixtures', () => {
    const files = yamlFiles(FIXTURES);
    expect(files.length).toBeGreaterThan(20);
    let answered = 0;
    for (const f of files) if (agrees(readFileSync(f, 'utf8'))) answered++;
    expect(answered).toBeGreaterThan(files.length / 2);
  });

  it('reads the core schema as YAML 1.2 does', () => {
    const scalars = ['~', 'null', 'Null', 'NULL', '', 'true', 'True', 'FALSE', 'yes', 'no', 'on', 'y', 'n', '0o17', '0x1F', '0xg', '-0', '+12', '12', '.5', '1.', '1e3', '-1.5E-3', '.inf', '-.Inf', '.nan', '.NaN', '1_000', '0b101', '10.96.0.1', 'v1.2', '-', '-x', 'a b', 'a#b', 'x:y', 'http://x'];
    for (const s of scalars) expect(agrees(`k: ${s}\nl:\n- ${s}\n`) || s === '-', s).toBe(true);
  });

  it('handles quotes, comments, block scalars and empty collections like the full parser', () => {
    const cases = [
      `a: "x" # c\nb: 'it''s'\nc: "\\u00e9\\n\\"q\\"\\\\"\nd: "a:b #c"\n`,
      `a: |\n  x\n\n  y\n\n\nb: |-\n  x\n  y\n\nc: |\n\n  z\n`,
      `a: |\nb: 1\n`,
      `a: []\nb: {}\nc:\n  - 1\n  - 2\nd:\n- x: 1\n  y: 2\n- z\n-\n  w: 3\n`,
      `a: [1, "two", 'three', 10.0.0.1, [], {}]\nb: {x: 1, "y": [a, b], z: {w: null}}  # c\nc: [ a , b ]\nd: {a: http://x}\n`,
      `"quoted key": 1\n'single': 2\nplain key: 3\n`,
      `a:    b   \nx: a b  # c\n`,
      `a:\nb: ~\n`,
      `- a\n- b: c\n`,
    ];
    for (const text of cases) expect(agrees(text), text).toBe(true);
  });

  it('gives up on what it leaves to the full parser', () => {
    const cases = [
      'a: 1\na: 2\n', // a repeated key (KR0103)
      'a: 0120\n', // a leading zero (KR0110)
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      'a: [1, b: 2]\n',
      'a: {b}\n',
      'a: [1, 2,]\n',
      'a: [1,, 2]\n',
      'a: [1, 2 # c\n  ]\n',
      'a: {b: 1, b: 2}\n',
      'a: {1: b}\n',
      'a: [x: 1]\n',
      'a: "x\n  y"\n',
      'a: x\n  y\n',
      'a: >\n  x\n',
      'a: |2\n   x\n',
      'a: |+\n  x\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      'a:\tb\n',
      'a: 1\r\n',
      '1: a\n',
      'true: a\n',
      '__proto__: a\n',
      '<<: a\n',
      '? a\n: b\n',
      'a: b: c\n',
      '- - a\n',
      'a: "\\x41"\n',
      'hello\n',
      'a: |\n  x',
    ];
    for (const text of cases) expect(readYamlFast(text, DEFAULT_LIMITS), text).toBeUndefined();
  });

  it('gives up on documents past the depth and size limits', () => {
    const deep = { ...DEFAULT_LIMITS, maxDepth: 3 };
    expect(readYamlFast('a:\n  b:\n    c: 1\n', deep)).toBeDefined();
    expect(readYamlFast('a:\n  b:\n    c:\n      d: 1\n', deep)).toBeUndefined();
    expect(readYamlFast('a:\n  b:\n    c: {}\n', deep)).toBeUndefined();
    expect(readYamlFast('- - a\n', deep)).toBeUndefined();
    expect(readYamlFast('a: 1\n---\nb: 2\n', { ...DEFAULT_LIMITS, maxDocumentChars: 5 })).toHaveLength(2);
    expect(readYamlFast('a: 1\n---\nb: 2\n', { ...DEFAULT_LIMITS, maxDocumentChars: 4 })).toBeUndefined();
  });

  it('agrees with the full parser on random documents in block style', () => {
    const key = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('a', 'b', 'x y', 'app.kubernetes.io/name', '80', 'true', 'null', ''));
    const scalar = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('10.0.0.1', '0120', '1e3', '-', '#', 'a: b', ' lead', 'trail ', "it's", 'x\ny', 'q"q'),
      fc.integer(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.constant(null),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list')),
      map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      list: fc.array(tie('value'), { maxLength: 4 }),
    }));
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });
    const style = fc.record({ indentSeq: fc.boolean(), indent: fc.constantFrom(2, 4), collectionStyle: fc.constantFrom('block' as const, 'any' as const, 'flow' as const) });
    let answered = 0;
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 3 }), style, (docs, opts) => {
        const text = docs.map((d) => stringify(d, { ...opts, lineWidth: 0 })).join('---\n');
        if (agrees(text)) answered++;
      }),
      { numRuns: 400 },
    );
    // Random text is often beyond the fast reader; enough of it is not.
    expect(answered).toBeGreaterThan(15);
  });

  it('positions a diagnostic in a fast-read file where the full parser puts it', () => {
    const text = `# lead\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIP: 10.0.0.1\n`;
    expect(readYamlFast(text, DEFAULT_LIMITS)).toHaveLength(2);
    const r = parseSources([{ name: 'x.yaml', text }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects[1]!.loc.value(['spec', 'clusterIP'])).toEqual({ file: 'x.yaml', line: 14, column: 14, length: 8 });
    expect(r.objects[0]!.loc.key(['metadata', 'name'])).toEqual({ file: 'x.yaml', line: 7, column: 3, length: 4 });
  });
});
