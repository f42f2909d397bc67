// Turns source files into Kubernetes objects, each with a locator for its own paths.
// YAML is parsed as YAML 1.2 with the core schema (so `y`, `no`, `on` stay strings), several
// documents per file; JSON takes a fast path. `kind: List` and typed lists (`ServiceList` ...)
// are unpacked into their items, as `kubectl get -o yaml|json` prints them.
import type { CST, Document, LineCounter } from 'yaml';
import { yamlLib } from './yaml-lib.js';

type Token = CST.Token;
import { diag, type Diagnostic, type Location } from '../diagnostics/diagnostic.js';
import { countKeys, lineColumn, measureValue, scanJson } from './json-scan.js';
import { LazyJsonLocator, LazyYamlLocator, NO_SHIFT, ShiftedLocator, SubLocator, YamlLocator, type Locator, type Shift } from './position.js';
import { readYamlFast } from './yaml-fast.js';
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
  /** Deepest nesting of mappings and lists in a document. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxDocumentChars: 256 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 200,
};

export interface ParseResult {
  objects: RawObject[];
  diagnostics: Diagnostic[];
}

export function parseSources(files: readonly SourceFile[], limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const objects: RawObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of files) {
    const first = f.text.match(/^[\s\ufeff]*(\S)/)?.[1];
    const lines = f.linesBefore ?? 0;
    // A part of a large file is read as a text of its own, then placed in its file.
    const out = { file: f.name, limits, objects: lines === 0 ? objects : [], diagnostics: lines === 0 ? diagnostics : [] };
    if (!((first === '{' || first === '[') && parseJson(f.text, out)) && !parseYamlFast(f.text, out)) parseYaml(f.text, out);
    if (lines === 0) continue;
    const shift = { line: lines, column: 0 };
    for (const o of out.objects) objects.push({ ...o, loc: new ShiftedLocator(o.loc, shift) });
    for (const d of out.diagnostics) diagnostics.push(d.line > 0 ? { ...d, line: d.line + lines } : d);
  }
  return { objects, diagnostics };
}

interface Out {
  file: string;
  limits: ParseLimits;
  objects: RawObject[];
  diagnostics: Diagnostic[];
}

/**
 * JSON: one value, or a stream of values (`jq '.items[]'`, kubectl's multi-resource JSON), each
 * parsed with JSON.parse; positions are computed only when a diagnostic needs one. Returns
 * false when the first value is not JSON: the text is then read as YAML (which reports where
 * it fails, or accepts a flow mapping that is YAML but not JSON).
 */
function parseJson(text: string, out: Out): boolean {
  if (parseOneJson(text, out)) return true;
  const { file, limits, diagnostics } = out;
  const scan = scanJson(text, limits.maxDepth);
  if (scan.tooDeep >= 0) {
    diagnostics.push(tooDeep({ file, ...lineColumn(text, scan.tooDeep) }, limits));
    return true;
  }
  // Where each value starts: values come in order, so one cursor walks the text once (finding
  // each from the start made a stream of values, `jq -c '.items[]'`, quadratic).
  let line = 1;
  let lineStart = 0;
  let walked = 0;
  const shiftAt = (offset: number): Shift => {
    if (offset === 0) return NO_SHIFT;
    for (let i = text.indexOf('\n', walked); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    walked = offset;
    return { line: line - 1, column: offset - lineStart };
  };
  for (const [i, r] of scan.values.entries()) {
    if (r.end - r.start > limits.maxDocumentChars) {
      diagnostics.push(tooLarge(file, lineColumn(text, r.start).line, r.end - r.start, limits));
      continue;
    }
    // One value (the usual file): the text itself, which JSON.parse reads fastest unsliced.
    const whole = scan.values.length === 1;
    const base = whole ? 0 : r.start;
    const slice = whole ? text : text.slice(r.start, r.end);
    const shift = shiftAt(base);
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (e) {
      if (i === 0) return false;
      diagnostics.push(jsonError(e as Error, text, r.start, file)); // a broken value inside a stream
      continue;
    }
    if (r.duplicateKey >= 0) {
      diagnostics.push(diag('KR0103', 'Map keys must be unique', { file, ...lineColumn(text, r.duplicateKey) }));
      continue;
    }
    unpack(value, new LazyJsonLocator(file, slice, shift, listItems(value)), out);
  }
  return true;
}

/**
 * The usual file, one well-formed value without repeated keys, nested within the limit and not
 * too large, read without the character-by-character scan: JSON.parse reads it, and the keys it
 * kept are counted against the keys the text writes (JSON.parse keeps the last of two equal
 * keys, so a repeated key shows as one key fewer). Anything else returns false and is read by
 * the scan, which finds where the problem is; the result is the same either way.
 */
function parseOneJson(text: string, out: Out): boolean {
  let start = 0;
  while (start < text.length && isJsonSpace(text.charCodeAt(start))) start++;
  let end = text.length;
  while (end > start && isJsonSpace(text.charCodeAt(end - 1))) end--;
  if (end - start > out.limits.maxDocumentChars) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null) return false;
  const measured = measureValue(value);
  if (measured.depth > out.limits.maxDepth || measured.keys !== countKeys(text)) return false;
  unpack(value, new LazyJsonLocator(out.file, text, NO_SHIFT, listItems(value)), out);
  return true;
}

/** The items of a parsed List (for finding them in its text), when the value is one. */
const listItems = (value: unknown): readonly unknown[] | undefined => {
  const items = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { items?: unknown }).items : undefined;
  return Array.isArray(items) ? items : undefined;
};

/** White space around a JSON value (and a byte order mark, which JSON.parse refuses). */
const isJsonSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

/** JSON.parse's own message ("Expected ',' or '}' after property value"), at its position. */
function jsonError(e: Error, text: string, start: number, file: string): Diagnostic {
  const at = /^(.*?) in JSON at position (\d+)/.exec(e.message);
  const message = at ? at[1]! : e.message.replace(/, ".*" is not valid JSON$/s, '');
  return diag('KR0102', message, { file, ...lineColumn(text, start + (at ? Number(at[2]) : 0)) });
}

/**
 * YAML the fast reader takes (the usual `kubectl get -o yaml` output): its values, with
 * positions found by the full parser only when a diagnostic needs one. False when the full
 * parser must read the file (it then reports and warns exactly as it always has).
 */
function parseYamlFast(text: string, out: Out): boolean {
  const docs = readYamlFast(text, out.limits);
  if (!docs) return false;
  let full: { docs: Document.Parsed[]; lines: LineCounter } | undefined;
  const parsed = (index: number) => () => {
    full ??= composeAll(text);
    // The fast reader's k-th document is the full parser's k-th document with content (an
    // empty one holds nothing, or a null scalar after a `---`).
    const doc = full.docs.filter((d) => d.contents !== null && !(yamlLib().isScalar(d.contents) && d.contents.value === null))[index];
    if (!doc) throw new Error(`internal: the YAML parser finds no document ${index} in ${out.file}`);
    return { doc, lines: full.lines };
  };
  const item = (d: (typeof docs)[number]) => {
    const starts = d.items;
    if (!starts) return undefined;
    return (i: number) => {
      const at = starts[i];
      if (!at) return undefined;
      // The item's own lines, parsed alone: a list of one item, as indented as in the file.
      const one = composeAll(text.slice(at.start, starts[i + 1]?.start ?? d.itemsEnd));
      const doc = one.docs[0];
      return doc ? { doc, lines: one.lines, linesBefore: at.line - 1 } : undefined;
    };
  };
  for (const d of docs) unpack(d.value, new LazyYamlLocator(out.file, parsed(d.index), item(d)), out);
  return true;
}

/** The full parser's documents of a text the fast reader took (so none is too deep or broken). */
function composeAll(text: string): { docs: Document.Parsed[]; lines: LineCounter } {
  const lines = new (yamlLib().LineCounter)();
  return { docs: composeDocs(text, lines), lines };
}

/**
 * The text's documents as YAML 1.2 (core schema, repeated keys refused), composed from the
 * parser's tokens that `keep` passes on; `lines` counts the text's lines as it is parsed.
 */
function composeDocs(text: string, lines: LineCounter, keep: (tokens: Iterable<Token>) => Iterable<Token> = (tokens) => tokens): Document.Parsed[] {
  const { Composer, Parser } = yamlLib();
  const composer = new Composer({ version: '1.2', schema: 'core', uniqueKeys: true });
  return [...composer.compose(keep(new Parser(lines.addNewLine).parse(text)))];
}

function parseYaml(text: string, out: Out): void {
  const { file, limits, diagnostics } = out;
  const lines = new (yamlLib().LineCounter)();
  const at = (offset: number): Location => {
    const p = lines.linePos(offset);
    return { file, line: p.line, column: p.col };
  };
  // The parser builds its syntax tree without recursion; composing documents from it recurses
  // once per level, so documents nested past the limit are reported and not composed.
  const docTokens = function* (tokens: Iterable<Token>): Generator<Token> {
    for (const tok of tokens) {
      const deep = tok.type === 'document' ? firstTooDeep(tok, limits.maxDepth) : -1;
      if (deep < 0) yield tok;
      else diagnostics.push(tooDeep(at(deep), limits));
    }
  };
  let docs: Document.Parsed[];
  try {
    docs = composeDocs(text, lines, docTokens);
  } catch (e) {
    diagnostics.push(diag('KR0102', `cannot parse: ${(e as Error).message}`, at(0)));
    return;
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        const dup = err.code === 'DUPLICATE_KEY';
        const message = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const open = unclosedQuote(text, err);
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
      diagnostics.push(tooLarge(file, at(start).line, end - start, limits));
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
    warnLeadingZeros(doc, at, diagnostics);
    unpack(value, new YamlLocator(file, doc, lines), out);
  }
}

/**
 * Offset of the first collection in a document's syntax tree that nests deeper than `max`, or
 * -1. Walks with its own stack, so any depth is safe to measure.
 */
function firstTooDeep(doc: CST.Document, max: number): number {
  const stack: [Token | undefined, number][] = [[doc.value, 0]];
  while (stack.length > 0) {
    const [tok, depth] = stack.pop()!;
    if (!tok) continue;
    if (tok.type !== 'block-map' && tok.type !== 'block-seq' && tok.type !== 'flow-collection') continue;
    if (depth + 1 > max) return tok.offset;
    for (const item of tok.items) {
      if ('key' in item) stack.push([item.key ?? undefined, depth + 1]);
      stack.push([item.value, depth + 1]);
    }
  }
  return -1;
}

function tooDeep(loc: Location, limits: ParseLimits): Diagnostic {
  return diag('KR0112', `mappings and lists nest deeper than ${limits.maxDepth} levels here`, loc, 'Kubernetes objects nest about 10 levels; is this the file you meant?');
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
  yamlLib().visit(doc, {
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

function unpack(value: unknown, loc: Locator, out: Out): void {
  if (Array.isArray(value)) {
    // A bare JSON or YAML array of objects is accepted like a List.
    value.forEach((item, i) => unpackOne(item, new SubLocator(loc, [i]), out.file, out.objects, out.diagnostics, undefined));
    return;
  }
  unpackOne(value, loc, out.file, out.objects, out.diagnostics, undefined);
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
