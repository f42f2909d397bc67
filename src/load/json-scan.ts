// One linear pass over JSON text, before JSON.parse sees it, that finds:
//   - where each top-level value starts and ends: a stream of values, as `jq '.items[]'` prints
//     and kubectl reads, is several documents;
//   - the first key that repeats an earlier key of the same object: JSON.parse keeps the last of
//     two without a word, while the API server's strict decoding (and our YAML path) reports it;
//   - the first bracket that nests deeper than the limit: the YAML parser that finds positions
//     for diagnostics would overflow its stack on such input.
// The values are not validated here: JSON.parse does that for each one.

export interface JsonValueRange {
  start: number;
  /** One past the last character. */
  end: number;
  /** Offset of the first repeated key inside this value, or -1. */
  duplicateKey: number;
}

export interface JsonScan {
  values: JsonValueRange[];
  /** Offset of the first bracket that nests deeper than the limit, or -1. */
  tooDeep: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

export function scanJson(text: string, maxDepth: number): JsonScan {
  const values: JsonValueRange[] = [];
  let tooDeep = -1;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i;
    let duplicateKey = -1;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const stack: (Set<string> | null)[] = []; // a Set of keys per open object, null per open array
      let expectKey = false;
      for (; i < n; i++) {
        const ch = text.charCodeAt(i);
        if (ch === QUOTE) {
          const s = i;
          let escaped = false;
          for (i++; i < n && text.charCodeAt(i) !== QUOTE; i++) {
            if (text.charCodeAt(i) === BACKSLASH) {
              escaped = true;
              i++;
            }
          }
          const top = stack[stack.length - 1];
          if (expectKey && top) {
            expectKey = false;
            if (duplicateKey < 0) {
              const body = text.slice(s + 1, i);
              const key = escaped ? unescape(body) : body;
              if (top.has(key)) duplicateKey = s;
              else top.add(key);
            }
          }
        } else if (ch === 0x7b || ch === 0x5b) {
          stack.push(ch === 0x7b ? new Set() : null);
          expectKey = ch === 0x7b;
          if (stack.length > maxDepth && tooDeep < 0) tooDeep = i;
        } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
          stack.pop();
          if (stack.length === 0) {
            i++;
            break;
          }
        } else if (ch === 0x2c /* , */) {
          expectKey = stack[stack.length - 1] instanceof Set;
        }
      }
    } else if (c === QUOTE) {
      for (i++; i < n && text.charCodeAt(i) !== QUOTE; i++) if (text.charCodeAt(i) === BACKSLASH) i++;
      i++;
    } else {
      // A bare scalar (or stray text): up to the next space or bracket.
      while (i < n && !isSpace(text.charCodeAt(i)) && text[i] !== '{' && text[i] !== '[') i++;
    }
    values.push({ start, end: Math.min(i, n), duplicateKey });
  }
  return { values, tooDeep };
}

/**
 * The number of keys a JSON text writes: the colons outside strings (in JSON a colon outside a
 * string only ever separates a key from its value). Jumps from quote to quote with indexOf, so
 * it reads the text at the speed of the engine's string search, allocating nothing.
 */
export function countKeys(text: string): number {
  let keys = 0;
  let i = 0;
  for (;;) {
    const quote = text.indexOf('"', i);
    const end = quote < 0 ? text.length : quote;
    for (let c = text.indexOf(':', i); c >= 0 && c < end; c = text.indexOf(':', c + 1)) keys++;
    if (quote < 0) return keys;
    const close = closingQuote(text, quote);
    if (close < 0) return keys;
    i = close + 1;
  }
}

/**
 * What a parsed JSON value holds: its keys (own properties of every object in it) and how deep
 * its mappings and lists nest. Walks with its own stack, so any depth is safe to measure.
 */
export function measureValue(value: unknown): { keys: number; depth: number } {
  let keys = 0;
  let deepest = 0;
  // Two stacks side by side: no pair allocated per container.
  const values: object[] = [];
  const depths: number[] = [];
  if (typeof value === 'object' && value !== null) {
    values.push(value);
    depths.push(1);
  }
  while (values.length > 0) {
    const v = values.pop()!;
    const depth = depths.pop()!;
    if (depth > deepest) deepest = depth;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null) {
          values.push(x);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const k in v) {
        keys++;
        const x = (v as Record<string, unknown>)[k];
        if (typeof x === 'object' && x !== null) {
          values.push(x);
          depths.push(depth + 1);
        }
      }
    }
  }
  return { keys, depth: deepest };
}

/** A key's text with its JSON escapes resolved; a broken escape is left as written (JSON.parse reports it). */
function unescape(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

/**
 * Where each element of the top-level object's "items" list is, for a JSON text that holds one
 * object (a `kind: List`): [start, end) offsets. Undefined when the text is not such an object.
 * Strings are skipped with indexOf. For locating a diagnostic in one item without re-reading
 * the whole file for positions.
 */
export function jsonItemRanges(text: string): { start: number; end: number }[] | undefined {
  const n = text.length;
  let depth = 0; // open brackets: the object is 1, its "items" list 2
  let key: string | undefined; // the last string at depth 1, and whether a ':' followed it
  let isKey = false;
  let inItems = false;
  let start = -1; // where the current item starts, -1 between items
  const ranges: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) continue;
    if (inItems && depth === 2 && start < 0 && c !== 0x2c && c !== 0x5d) start = i;
    if (c === QUOTE) {
      const close = closingQuote(text, i);
      if (close < 0) return undefined;
      if (depth === 1) {
        key = text.slice(i + 1, close);
        isKey = false;
      }
      i = close;
    } else if (c === 0x3a /* : */) {
      if (depth === 1) isKey = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (depth === 0 && c !== 0x7b) return undefined;
      depth++;
      if (depth === 2 && c === 0x5b && isKey && key === 'items') inItems = true;
    } else if (c === 0x7d || c === 0x5d) {
      if (inItems && depth === 2) {
        if (start >= 0) ranges.push({ start, end: endOf(text, i) });
        return ranges;
      }
      depth--;
      if (depth === 0) return undefined;
    } else if (c === 0x2c /* , */) {
      if (depth === 1) isKey = false;
      if (inItems && depth === 2 && start >= 0) {
        ranges.push({ start, end: endOf(text, i) });
        start = -1;
      }
    }
  }
  return undefined;
}

/** The end of a value that a ',' or ']' at `at` follows: white space before it left out. */
function endOf(text: string, at: number): number {
  let e = at;
  while (e > 0 && isSpace(text.charCodeAt(e - 1))) e--;
  return e;
}

/** Line and column of offsets in one text, from an index of its line starts built once. */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The quote that closes the string opened at `open`: the next one not escaped by an odd number of backslashes; -1 when none. */
function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close >= 0) {
    let slashes = 0;
    while (text.charCodeAt(close - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close;
    close = text.indexOf('"', close + 1);
  }
  return -1;
}

/** A List item's place in its text: [start, end) offsets, and where it starts when that is known. */
export interface ItemRange {
  start: number;
  end: number;
  at?: { line: number; column: number };
}

const ITEMS_OPEN = '    "items": [';
const ITEM_OPEN = '        {';
const ITEM_CLOSE = '        }';

/**
 * The items of a List laid out as `kubectl get -o json` prints it (4-space indentation: the
 * `    "items": [` line, then each item's `{` and `}` alone on lines indented 8), found by walking
 * the lines, with the line each starts on. A raw line break in JSON is always outside strings,
 * so the lines are the text's own structure. Undefined when the text is not laid out so or the
 * lines found are not `count` items: the caller then scans with jsonItemRanges. One pass of
 * indexOf over the lines instead of a look at every character: a diagnostic in the last item of
 * a 69 MB dump cost a third of a second before.
 */
export function kubectlItemRanges(text: string, count: number): ItemRange[] | undefined {
  const ranges: ItemRange[] = [];
  let inItems = false;
  let start = -1;
  let startLine = 0;
  let line = 1;
  const column = ITEM_OPEN.length; // the `{` closes its line's indentation
  for (let ls = 0; ls <= text.length; line++) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    const length = le - ls;
    if (!inItems) {
      if (length === ITEMS_OPEN.length && text.startsWith(ITEMS_OPEN, ls)) inItems = true;
      else if (length === ITEMS_OPEN.length + 2 && text.startsWith(`${ITEMS_OPEN}],`, ls)) return count === 0 ? ranges : undefined;
    } else if (length === ITEM_OPEN.length && start < 0 && text.startsWith(ITEM_OPEN, ls)) {
      start = ls + column - 1;
      startLine = line;
    } else if ((length === ITEM_CLOSE.length || (length === ITEM_CLOSE.length + 1 && text.charCodeAt(le - 1) === 0x2c)) && start >= 0 && text.startsWith(ITEM_CLOSE, ls)) {
      ranges.push({ start, end: ls + ITEM_CLOSE.length, at: { line: startLine, column } });
      start = -1;
    } else if ((length === 5 || length === 6) && start < 0 && text.startsWith('    ]', ls) && (length === 5 || text.charCodeAt(le - 1) === 0x2c)) {
      return ranges.length === count ? ranges : undefined;
    }
    ls = le + 1;
  }
  return undefined;
}
