// Turns source files into Kubernetes objects, each with a locator for its own paths.
// YAML is parsed as YAML 1.2 with the core schema (so `y`, `no`, `on` stay strings), several
// documents per file; JSON takes a fast path. `kind: List` and typed lists (`ServiceList` ...)
// are unpacked into their items, as `kubectl get -o yaml|json` prints them.
import { LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { diag, type Diagnostic, type Location } from '../diagnostics/diagnostic.js';
import { firstDuplicateKey, lineColumn } from './json-keys.js';
import { LazyJsonLocator, SubLocator, YamlLocator, type Locator } from './position.js';
import type { SourceFile } from './sources.js';

export interface RawObject {
  apiVersion: string;
  kind: string;
  value: Record<string, unknown>;
  loc: Locator;
  file: string;
}

export interface ParseLimits {
  /** Largest single document, in characters. */
  maxDocumentChars: number;
  /** Most alias expansions per document (a guard against "billion laughs"). */
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxDocumentChars: 64 * 1024 * 1024,
  maxAliasCount: 100,
};

export interface ParseResult {
  objects: RawObject[];
  diagnostics: Diagnostic[];
}

export function parseSources(files: readonly SourceFile[], limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const objects: RawObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) parseFile(f, limits, objects, diagnostics);
  return { objects, diagnostics };
}

function parseFile(f: SourceFile, limits: ParseLimits, objects: RawObject[], diagnostics: Diagnostic[]): void {
  const first = f.text.match(/^\s*(\S)/)?.[1];
  if (first === '{' || first === '[') {
    if (f.text.length > limits.maxDocumentChars) {
      diagnostics.push(tooLarge(f.name, 1, f.text.length, limits));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(f.text);
    } catch {
      value = undefined; // fall through to the YAML parser, which reports a position
    }
    if (value !== undefined) {
      const dup = firstDuplicateKey(f.text);
      if (dup >= 0) {
        diagnostics.push(diag('KR0103', 'Map keys must be unique', { file: f.name, ...lineColumn(f.text, dup) }));
        return;
      }
      const loc = new LazyJsonLocator(f.name, f.text);
      unpack(value, loc, f.name, objects, diagnostics);
      return;
    }
  }
  const lines = new LineCounter();
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(f.text, {
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      lineCounter: lines,
      prettyErrors: false,
    });
    docs = Array.isArray(parsed) ? parsed : [];
  } catch (e) {
    diagnostics.push(diag('KR0102', `cannot parse: ${(e as Error).message}`, { file: f.name, line: 1, column: 1 }));
    return;
  }
  for (const doc of docs) {
    const at = (offset: number) => {
      const p = lines.linePos(offset);
      return { file: f.name, line: p.line, column: p.col };
    };
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const dup = err.code === 'DUPLICATE_KEY';
        const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const open = unclosedQuote(f.text, err);
        if (open !== undefined) {
          diagnostics.push(diag('KR0102', 'this quoted string is never closed', at(open), 'add the closing quote'));
        } else {
          diagnostics.push(diag(dup ? 'KR0103' : 'KR0102', message, at(err.pos[0])));
        }
      }
      continue;
    }
    const [start, , end] = doc.range;
    if (end - start > limits.maxDocumentChars) {
      diagnostics.push(tooLarge(f.name, at(start).line, end - start, limits));
      continue;
    }
    if (doc.contents === null) continue; // empty document ("---" alone, or only comments)
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      const msg = (e as Error).message;
      if (/alias/i.test(msg)) {
        diagnostics.push(
          diag(
            'KR0104',
            `YAML aliases expand more than ${limits.maxAliasCount} times in this document`,
            at(start),
            'expand the aliases by hand or split the document',
          ),
        );
      } else {
        diagnostics.push(diag('KR0102', `cannot read document: ${msg}`, at(start)));
      }
      continue;
    }
    if (value === null || value === undefined) continue;
    warnLeadingZeros(doc, (offset) => at(offset), diagnostics);
    unpack(value, new YamlLocator(f.name, doc, lines), f.name, objects, diagnostics);
  }
}

/**
 * The parser reports an unterminated quoted scalar at the end of the text; the useful place is
 * where it opens: the last unescaped quote of that kind before the end.
 */
function unclosedQuote(text: string, err: { code: string; message: string; pos: [number, number] }): number | undefined {
  if (err.code !== 'MISSING_CHAR') return undefined;
  const q = err.message.startsWith('Missing closing "quote') ? '"' : err.message.startsWith("Missing closing 'quote") ? "'" : undefined;
  if (!q) return undefined;
  for (let i = Math.min(err.pos[0], text.length) - 1; i >= 0; i--) {
    if (text[i] !== q) continue;
    if (q === '"' && text[i - 1] === '\\') continue;
    if (q === "'" && text[i - 1] === "'") {
      i--; // '' is an escaped quote inside a single-quoted string
      continue;
    }
    return i;
  }
  return undefined;
}

/**
 * `port: 0120` is 120 in YAML 1.2 (what kube-rulec reads) but octal 80 for kubectl's YAML 1.1
 * parser, which is what a cluster would store: say so rather than disagree silently.
 */
function warnLeadingZeros(doc: Document.Parsed, at: (offset: number) => Location, diagnostics: Diagnostic[]): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || node.type !== 'PLAIN' || !node.source || !/^[-+]?0[0-9]+$/.test(node.source)) return;
      const digits = node.source.replace(/^[-+]/, '');
      const yaml11 = /^0[0-7]+$/.test(digits) ? `octal ${parseInt(digits, 8)}` : 'a string, not a number';
      const where = at(node.range?.[0] ?? 0);
      diagnostics.push(
        diag(
          'KR0110',
          `${node.source} is read as ${node.value} (YAML 1.2); kubectl's YAML 1.1 parser reads it as ${yaml11}`,
          { ...where, length: node.source.length },
          'write the number without leading zeros',
        ),
      );
    },
  });
}

function tooLarge(file: string, line: number, size: number, limits: ParseLimits): Diagnostic {
  return diag(
    'KR0105',
    `document is ${size} characters; the limit is ${limits.maxDocumentChars}`,
    { file, line, column: 1 },
    'split the input into several documents or files',
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unpack(value: unknown, loc: Locator, file: string, objects: RawObject[], diagnostics: Diagnostic[]): void {
  if (Array.isArray(value)) {
    // A bare JSON or YAML array of objects is accepted like a List.
    value.forEach((item, i) => unpackOne(item, new SubLocator(loc, [i]), file, objects, diagnostics, undefined));
    return;
  }
  unpackOne(value, loc, file, objects, diagnostics, undefined);
}

function unpackOne(
  value: unknown,
  loc: Locator,
  file: string,
  objects: RawObject[],
  diagnostics: Diagnostic[],
  fromList: { kind: string; apiVersion: string } | undefined,
): void {
  if (!isObject(value)) {
    diagnostics.push(diag('KR0106', 'expected a Kubernetes object (a mapping with apiVersion and kind)', loc.value([])));
    return;
  }
  let kind = value.kind;
  let apiVersion = value.apiVersion;
  // Items of a typed list fetched from the API directly carry no kind/apiVersion of their own.
  if (fromList && kind === undefined) kind = fromList.kind;
  if (fromList && apiVersion === undefined) apiVersion = fromList.apiVersion;
  if (typeof kind !== 'string' || kind === '') {
    diagnostics.push(diag('KR0106', 'object has no kind', loc.value(kind === undefined ? [] : ['kind'])));
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    diagnostics.push(diag('KR0106', `${kind} has no apiVersion`, loc.value(apiVersion === undefined ? [] : ['apiVersion'])));
    return;
  }
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    const items = value.items;
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      diagnostics.push(diag('KR0202', `${kind}.items must be a list`, loc.value(['items'])));
      return;
    }
    const itemKind = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion };
    items.forEach((item, i) => unpackOne(item, new SubLocator(loc, ['items', i]), file, objects, diagnostics, itemKind));
    return;
  }
  objects.push({ apiVersion, kind, value, loc, file });
}
