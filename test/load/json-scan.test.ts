// src/load/json-scan.ts: strings are skipped to their closing quote, not to a quote escaped by a
// backslash (an odd run of them), so colons, brackets and commas inside strings count for nothing.
// kubectlItemRanges finds a List's items from kubectl's layout, and the locator uses it only
// when the items it finds are the List's own.
import { describe, expect, it } from 'vitest';
import { countKeys, jsonItemRanges, kubectlItemRanges, lineIndex } from '../../src/load/json-scan.js';
import { LazyJsonLocator, NO_SHIFT } from '../../src/load/position.js';

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

describe('kubectlItemRanges: the items of kubectl get -o json, by its lines', () => {
  const items = [
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'x', annotations: { note: '{\n        {' } }, spec: { ports: [{ port: 80 }] } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'b', namespace: 'x' }, spec: { selector: { app: 'b' } } },
    { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'b-1', namespace: 'x' }, endpoints: [{ addresses: ['10.0.0.1'] }] },
  ];
  const list = (indent: number | string, its: unknown[] = items) => JSON.stringify({ apiVersion: 'v1', items: its, kind: 'List', metadata: { resourceVersion: '' } }, null, indent) + '\n';

  it('finds what the character scan finds, with the line each item starts on', () => {
    const text = list(4);
    const fast = kubectlItemRanges(text, items.length)!;
    const slow = jsonItemRanges(text)!;
    expect(fast.map(({ start, end }) => ({ start, end }))).toEqual(slow);
    const index = lineIndex(text);
    expect(fast.map((r) => r.at)).toEqual(slow.map((r) => index(r.start)));
    expect(fast.map((r) => JSON.parse(text.slice(r.start, r.end)))).toEqual(items);
    expect(fast.map((r) => r.at!.column)).toEqual([9, 9, 9]);
  });

  it('finds no items in an empty List', () => {
    expect(kubectlItemRanges(list(4, []), 0)).toEqual([]);
    expect(kubectlItemRanges(list(4, []), 1)).toBeUndefined();
  });

  it('gives up on any other layout, or another number of items', () => {
    expect(kubectlItemRanges(list(4), 2)).toBeUndefined();
    expect(kubectlItemRanges(list(2), items.length)).toBeUndefined();
    expect(kubectlItemRanges(list(0), items.length)).toBeUndefined();
    expect(kubectlItemRanges(list('\t'), items.length)).toBeUndefined();
    expect(kubectlItemRanges(list(4).replace(/\n/g, '\r\n'), items.length)).toBeUndefined();
    expect(kubectlItemRanges(list(4, [...items, null]), items.length + 1)).toBeUndefined(); // an item that is not an object
  });
});

describe('LazyJsonLocator: an item found by kubectl layout or by the scan is located alike', () => {
  const its = Array.from({ length: 30 }, (_, i) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${i}`, namespace: 'ns' }, spec: { clusterIP: `10.96.0.${i}`, ports: [{ name: 'http', port: 80 }] } }));
  const text = JSON.stringify({ apiVersion: 'v1', items: its, kind: 'List' }, null, 4);

  it('at every item, for values, keys and source texts', () => {
    const fast = new LazyJsonLocator('f.json', text, NO_SHIFT, its);
    const slow = new LazyJsonLocator('f.json', text, NO_SHIFT);
    for (const i of [0, 1, 17, 29]) {
      expect(fast.value(['items', i])).toEqual(slow.value(['items', i])); // the item itself: its `{`, column 9
      for (const path of [['metadata', 'name'], ['spec', 'ports', 0, 'port'], ['spec', 'nope']]) {
        expect(fast.value(['items', i, ...path])).toEqual(slow.value(['items', i, ...path]));
        expect(fast.key(['items', i, ...path])).toEqual(slow.key(['items', i, ...path]));
        expect(fast.source(['items', i, ...path])).toEqual(slow.source(['items', i, ...path]));
      }
    }
    expect(fast.value(['items', 29, 'spec', 'clusterIP'])).toMatchObject({ line: text.slice(0, text.indexOf('"10.96.0.29"')).split('\n').length });
  });

  it('gives the scan\'s locations when the items it is handed are not the List\'s own', () => {
    const other = its.map((it, i) => ({ ...it, metadata: { ...it.metadata, name: `other${i}` } }));
    const wrong = new LazyJsonLocator('f.json', text, NO_SHIFT, other);
    const slow = new LazyJsonLocator('f.json', text, NO_SHIFT);
    expect(wrong.value(['items', 5, 'metadata', 'name'])).toEqual(slow.value(['items', 5, 'metadata', 'name']));
  });
});
