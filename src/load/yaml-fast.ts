// A fast reader for the YAML that `kubectl get -o yaml` and most hand-written manifests are made
// of: block mappings and sequences, single-line plain, single- and double-quoted scalars,
// literal block scalars (`|`, `|-`), empty flow collections (`{}`, `[]`), comments, and
// `---` between documents. It reads them with YAML 1.2's core schema, as the full parser does,
// at tens of megabytes a second and without building a syntax tree.
//
// It gives up (returns undefined) on anything else, and on anything the full parser would report
// or warn about: flow collections with content, anchors, aliases, tags, directives, multi-line
// plain or quoted scalars, other block scalars, tabs and carriage returns, control characters,
// repeated keys, keys that are not strings, numbers with leading zeros (KR0110), documents
// nested past the depth limit or larger than the size limit. The caller then reads the whole
// file with the full parser (load/parse.ts), so what is read, and every diagnostic and its
// position, is exactly what the full parser gives: this reader only ever answers for input the
// full parser reads without a word, and then with the same values (test/load/yaml-fast.test.ts
// holds the two against each other).

/** The limits of load/parse.ts's ParseLimits that the reader checks. */
export interface FastLimits {
  maxDocumentChars: number;
  maxDepth: number;
}

/** One document of the text: its value, and where its content starts (for the lazy locator). */
export interface FastDocument {
  value: unknown;
  /** The k-th document with content (empty documents are not counted). */
  index: number;
  /**
   * For a mapping whose `items` is a block sequence (a `kind: List`): where each item's first
   * line starts, its line number, and where the sequence ends, so that a diagnostic in one item
   * can be placed by parsing that item's lines alone.
   */
  items?: { start: number; line: number }[];
  itemsEnd?: number;
}

type ItemStarts = { start: number; line: number }[];

/** Characters that make the fast reader give up wherever they are. */
const UNSUPPORTED = /[\t\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff]/;

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

/** The documents of `text`, or undefined when the full parser must read it. */
export function readYamlFast(text: string, limits: FastLimits): FastDocument[] | undefined {
  if (UNSUPPORTED.test(text)) return undefined;
  try {
    return new Reader(text, limits).documents();
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

const SPACE = 0x20;
const NEWLINE = 0x0a;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

// YAML 1.2 core schema, in the full parser's order and with its conversions (yaml's
// schema/core and schema/common/null): the first test that matches decides.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** What the full parser warns about (KR0110, load/parse.ts warnLeadingZeros). */
const LEADING_ZERO = /^[-+]?0[0-9]+$/;

/** A plain scalar's value; gives up on the ones the full parser would warn about. */
function plainValue(s: string): unknown {
  const c = s.charCodeAt(0);
  // Only these can start anything but a string: digits, sign, dot, n/N/~ (null), t/T/f/F.
  const maybeOther = (c >= 0x30 && c <= 0x39) || c === 0x2b || c === DASH || c === 0x2e || c === 0x7e || c === 0x6e || c === 0x4e || c === 0x74 || c === 0x54 || c === 0x66 || c === 0x46;
  if (!maybeOther) return s;
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return c === 0x74 || c === 0x54;
  if (INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (INT.test(s)) {
    if (LEADING_ZERO.test(s)) throw GIVE_UP;
    return parseInt(s, 10);
  }
  if (INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (FLOAT_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

/** First characters a plain scalar may not start with here (indicators), or that this reader leaves to the full parser. */
function badPlainStart(c: number, next: number): boolean {
  switch (c) {
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x2c: // ,
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case DQUOTE:
    case SQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case COLON:
      return true;
    case DASH:
      return next === SPACE || next === NEWLINE || Number.isNaN(next);
    default:
      return false;
  }
}

class Reader {
  private readonly n: number;
  /** The current line: where it starts, its indentation, where its content starts and ends. */
  private lineStart = 0;
  private indent = 0;
  private content = 0;
  private lineEnd = 0;
  /** The current line's number, from 1. */
  private line = 0;
  /** False when the text has no further content line. */
  private more = true;
  /** Where the current document started (for the size limit). */
  private docStart = 0;
  /** The current document's list items (FastDocument.items), filled by the top-level `items:` sequence. */
  private items: ItemStarts = [];
  private itemsEnd = 0;

  constructor(
    private readonly text: string,
    private readonly limits: FastLimits,
  ) {
    this.n = text.length;
  }

  documents(): FastDocument[] {
    const docs: FastDocument[] = [];
    this.loadLine(0);
    this.skipBlank();
    for (;;) {
      if (this.more && this.isDocumentStart()) this.nextLine();
      this.skipBlank();
      if (!this.more) break;
      if (this.isDocumentStart()) continue; // an empty document
      if (this.indent !== 0) throw GIVE_UP;
      this.docStart = this.lineStart;
      const items: ItemStarts = [];
      this.items = items;
      const value = this.node(0, 1);
      if (this.more && !this.isDocumentStart()) throw GIVE_UP;
      const end = this.more ? this.lineStart : this.n;
      if (end - this.docStart > this.limits.maxDocumentChars) throw GIVE_UP;
      if (value === null || typeof value !== 'object') throw GIVE_UP; // the full parser has its word on those
      const doc: FastDocument = { value, index: docs.length };
      if (items.length > 0) {
        doc.items = items;
        doc.itemsEnd = this.itemsEnd;
      }
      docs.push(doc);
    }
    return docs;
  }

  // ---- lines

  /** Makes the line starting at `at` current (it may be blank). */
  private loadLine(at: number): void {
    if (at >= this.n) {
      this.more = false;
      this.lineStart = this.content = this.lineEnd = this.n;
      this.indent = 0;
      return;
    }
    this.more = true;
    this.line = at === 0 ? 1 : this.line + 1; // lines are loaded in order
    this.lineStart = at;
    let i = at;
    const t = this.text;
    while (i < this.n && t.charCodeAt(i) === SPACE) i++;
    this.content = i;
    this.indent = i - at;
    const nl = t.indexOf('\n', i);
    this.lineEnd = nl < 0 ? this.n : nl;
  }

  private nextLine(): void {
    this.loadLine(this.lineEnd + 1);
  }

  /** Skips blank and comment-only lines. */
  private skipBlank(): void {
    while (this.more && (this.content === this.lineEnd || this.text.charCodeAt(this.content) === HASH)) this.nextLine();
  }

  private isDocumentStart(): boolean {
    const t = this.text;
    if (this.indent !== 0 || !t.startsWith('---', this.content)) {
      if (this.indent === 0 && t.startsWith('...', this.content)) throw GIVE_UP;
      if (this.indent === 0 && t.charCodeAt(this.content) === 0x25) throw GIVE_UP; // a directive
      return false;
    }
    const after = this.content + 3;
    if (after === this.lineEnd) return true;
    if (t.charCodeAt(after) !== SPACE) return false; // "---x" is a plain scalar
    // "--- " may only be followed by spaces and a comment here.
    let i = after;
    while (i < this.lineEnd && t.charCodeAt(i) === SPACE) i++;
    if (i === this.lineEnd || t.charCodeAt(i) === HASH) return true;
    throw GIVE_UP;
  }

  // ---- nodes

  /** The block node whose first line is the current one, at indentation `indent`. */
  private node(indent: number, depth: number, record = false): unknown {
    if (depth > this.limits.maxDepth) throw GIVE_UP;
    if (this.isSeqItem(this.content)) return this.sequence(indent, depth, record);
    const colon = this.keyEnd(this.content);
    if (colon < 0) throw GIVE_UP; // a scalar on lines of its own (multi-line plain, or a bare document scalar)
    return this.mapping(indent, depth);
  }

  private isSeqItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = at + 1;
    return next === this.lineEnd || this.text.charCodeAt(next) === SPACE;
  }

  /** A block mapping whose entries start at column `indent`; the current line holds its first key. */
  private mapping(indent: number, depth: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const t = this.text;
    for (;;) {
      const colon = this.keyEnd(this.content);
      if (colon < 0) throw GIVE_UP;
      const key = this.keyText(this.content, colon);
      if (Object.prototype.hasOwnProperty.call(obj, key)) throw GIVE_UP; // the full parser reports it (KR0103)
      let v = colon + 1;
      while (v < this.lineEnd && t.charCodeAt(v) === SPACE) v++;
      if (v === this.lineEnd || t.charCodeAt(v) === HASH) {
        if (v !== this.lineEnd && v === colon + 1) throw GIVE_UP; // "key:#x"
        this.nextLine();
        this.skipBlank();
        obj[key] = this.nested(indent, depth + 1, true, depth === 1 && key === 'items');
        if (depth === 1 && key === 'items' && this.items.length > 0) this.itemsEnd = this.more ? this.lineStart : this.n;
      } else {
        obj[key] = this.inline(v, indent, depth + 1);
      }
      if (!this.more || this.indent < indent) return obj;
      if (this.indent > indent) throw GIVE_UP;
      if (this.isDocumentStart()) return obj;
      if (this.isSeqItem(this.content)) throw GIVE_UP;
    }
  }

  /** A block sequence whose dashes are at column `indent`; the current line holds its first item. */
  private sequence(indent: number, depth: number, record = false): unknown[] {
    const list: unknown[] = [];
    const t = this.text;
    for (;;) {
      if (record) this.items.push({ start: this.lineStart, line: this.line });
      let v = this.content + 1;
      while (v < this.lineEnd && t.charCodeAt(v) === SPACE) v++;
      if (v === this.lineEnd || t.charCodeAt(v) === HASH) {
        if (v !== this.lineEnd && v === this.content + 1) throw GIVE_UP;
        this.nextLine();
        this.skipBlank();
        list.push(this.nested(indent, depth + 1, false));
      } else if (this.isSeqItem(v)) {
        throw GIVE_UP; // "- - x": a compact nested sequence
      } else if (this.keyEnd(v) >= 0) {
        // "- key: value": a mapping whose entries start at v's column.
        const column = v - this.lineStart;
        this.indent = column;
        this.content = v;
        if (depth + 1 > this.limits.maxDepth) throw GIVE_UP;
        list.push(this.mapping(column, depth + 1));
      } else {
        list.push(this.inline(v, indent, depth + 1));
      }
      if (!this.more || this.indent < indent) return list;
      if (this.indent > indent) throw GIVE_UP;
      if (this.isDocumentStart()) return list;
      if (!this.isSeqItem(this.content)) return list; // the parent mapping's next key (kubectl style)
    }
  }

  /**
   * The value on the lines after "key:" or "-" alone: a more indented node, a sequence at the
   * key's own column (a mapping's value only, as kubectl writes them), or null.
   */
  private nested(parentIndent: number, depth: number, inMapping: boolean, record = false): unknown {
    if (!this.more || this.isDocumentStart()) return null;
    if (this.indent > parentIndent) return this.node(this.indent, depth, record);
    if (inMapping && this.indent === parentIndent && this.isSeqItem(this.content)) return this.sequence(parentIndent, depth, record);
    return null;
  }

  /** A value written on the line of its key or dash, starting at `v`; moves to the next content line. */
  private inline(v: number, ownerIndent: number, depth: number): unknown {
    const t = this.text;
    const c = t.charCodeAt(v);
    let value: unknown;
    let end: number;
    if (c === DQUOTE) {
      [value, end] = this.doubleQuoted(v);
    } else if (c === SQUOTE) {
      [value, end] = this.singleQuoted(v);
    } else if (c === 0x7c /* | */) {
      if (depth > this.limits.maxDepth) throw GIVE_UP;
      return this.literal(v, ownerIndent);
    } else if (c === 0x5b || c === 0x7b) {
      [value, end] = this.flow(v, depth);
    } else {
      if (badPlainStart(c, t.charCodeAt(v + 1))) throw GIVE_UP;
      // Up to a comment (" #") or the end of the line, without trailing spaces.
      const hash = this.commentAt(v);
      const stop = hash < 0 ? this.lineEnd : hash;
      let e = stop;
      while (e > v && t.charCodeAt(e - 1) === SPACE) e--;
      const s = t.slice(v, e);
      if (s.includes(': ') || s.charCodeAt(s.length - 1) === COLON) throw GIVE_UP;
      value = plainValue(s);
      end = stop;
    }
    this.afterValue(end);
    this.nextLine();
    this.skipBlank();
    // A more indented line after a value on its key's line would continue it (or be an error).
    if (this.more && this.indent > ownerIndent && !this.isDocumentStart()) throw GIVE_UP;
    return value;
  }

  /**
   * A flow collection on one line (`[a, "b"]`, `{k: v, n: {m: 1}}`): plain scalars without
   * flow indicators, quoted scalars, nested flow collections. Gives up on anything else
   * (implicit pairs in a list, keys without values, empty or trailing entries, comments,
   * collections that go on to the next line).
   */
  private flow(v: number, depth: number): [unknown, number] {
    if (depth > this.limits.maxDepth) throw GIVE_UP;
    const t = this.text;
    const map = t.charCodeAt(v) === 0x7b;
    const close = map ? 0x7d : 0x5d;
    const obj: Record<string, unknown> = {};
    const list: unknown[] = [];
    let i = this.skipSpaces(v + 1);
    if (t.charCodeAt(i) === close) return [map ? obj : list, i + 1];
    for (;;) {
      if (map) {
        const [key, afterKey] = this.flowScalar(i, true);
        if (typeof key !== 'string' || key === '__proto__' || key === '<<') throw GIVE_UP;
        if (t.charCodeAt(afterKey) !== COLON || t.charCodeAt(afterKey + 1) !== SPACE) throw GIVE_UP;
        if (Object.prototype.hasOwnProperty.call(obj, key)) throw GIVE_UP;
        const [value, afterValue] = this.flowValue(this.skipSpaces(afterKey + 1), depth);
        obj[key] = value;
        i = this.skipSpaces(afterValue);
      } else {
        const [value, afterValue] = this.flowValue(i, depth);
        list.push(value);
        i = this.skipSpaces(afterValue);
        if (t.charCodeAt(i) === COLON) throw GIVE_UP; // an implicit pair
      }
      const ch = t.charCodeAt(i);
      if (ch === close) return [map ? obj : list, i + 1];
      if (ch !== 0x2c /* , */) throw GIVE_UP;
      i = this.skipSpaces(i + 1);
      if (t.charCodeAt(i) === close || t.charCodeAt(i) === 0x2c) throw GIVE_UP; // a trailing or empty entry
    }
  }

  private flowValue(i: number, depth: number): [unknown, number] {
    const c = this.text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) return this.flow(i, depth + 1);
    return this.flowScalar(i, false);
  }

  /** A scalar inside a flow collection: quoted, or plain up to the next flow indicator. */
  private flowScalar(i: number, isKey: boolean): [unknown, number] {
    const t = this.text;
    if (i >= this.lineEnd) throw GIVE_UP;
    const c = t.charCodeAt(i);
    if (c === DQUOTE) return this.doubleQuoted(i);
    if (c === SQUOTE) return this.singleQuoted(i);
    if (badPlainStart(c, t.charCodeAt(i + 1))) throw GIVE_UP;
    let e = i;
    for (; e < this.lineEnd; e++) {
      const ch = t.charCodeAt(e);
      if (ch === 0x2c || ch === 0x5b || ch === 0x5d || ch === 0x7b || ch === 0x7d) break;
      if (ch === HASH && t.charCodeAt(e - 1) === SPACE) throw GIVE_UP;
      if (ch === COLON) {
        const next = t.charCodeAt(e + 1);
        if (next === SPACE || next === 0x2c || next === 0x5b || next === 0x5d || next === 0x7b || next === 0x7d || e + 1 === this.lineEnd) {
          if (!isKey) throw GIVE_UP;
          break;
        }
      }
    }
    if (e >= this.lineEnd) throw GIVE_UP; // a flow collection ends on its line here
    let end = e;
    while (end > i && t.charCodeAt(end - 1) === SPACE) end--;
    const s = t.slice(i, end);
    const value = plainValue(s);
    if (isKey && value !== s) throw GIVE_UP;
    return [value, e];
  }

  private skipSpaces(i: number): number {
    const t = this.text;
    while (i < this.lineEnd && t.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** Only spaces and a comment may follow a quoted scalar or `{}` on its line. */
  private afterValue(end: number): void {
    const t = this.text;
    let i = end;
    while (i < this.lineEnd && t.charCodeAt(i) === SPACE) i++;
    if (i === this.lineEnd) return;
    if (t.charCodeAt(i) === HASH && i > end) return;
    throw GIVE_UP;
  }

  private doubleQuoted(v: number): [string, number] {
    const t = this.text;
    let i = v + 1;
    let escaped = false;
    for (;;) {
      const q = t.indexOf('"', i);
      if (q < 0 || q > this.lineEnd) throw GIVE_UP; // runs past the line
      let slashes = 0;
      while (t.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
      if (slashes > 0) escaped = true;
      if (slashes % 2 === 0) {
        const raw = t.slice(v + 1, q);
        if (!escaped && !raw.includes('\\')) return [raw, q + 1];
        // JSON's escapes are a subset of YAML's, with the same meaning; any other escape
        // (\x, \U, \0, \N ...) makes JSON.parse fail, and the full parser reads it.
        try {
          return [JSON.parse(`"${raw}"`) as string, q + 1];
        } catch {
          throw GIVE_UP;
        }
      }
      i = q + 1;
    }
  }

  private singleQuoted(v: number): [string, number] {
    const t = this.text;
    let i = v + 1;
    for (;;) {
      const q = t.indexOf("'", i);
      if (q < 0 || q > this.lineEnd) throw GIVE_UP;
      if (t.charCodeAt(q + 1) === SQUOTE) {
        i = q + 2; // '' is a quote inside the string
        continue;
      }
      return [t.slice(v + 1, q).replaceAll("''", "'"), q + 1];
    }
  }

  /** A literal block scalar: `|` (clip) or `|-` (strip), its indentation found from its first line. */
  private literal(v: number, ownerIndent: number): string {
    const t = this.text;
    let h = v + 1;
    let strip = false;
    if (t.charCodeAt(h) === DASH) {
      strip = true;
      h++;
    }
    this.afterValue(h);
    const blanks: number[] = [];
    let body = '';
    let m = -1;
    let pendingBlank = 0;
    this.nextLine();
    for (; this.more; this.nextLine()) {
      const blank = this.content === this.lineEnd;
      if (blank) {
        if (m < 0) blanks.push(this.indent);
        else if (this.indent > m) throw GIVE_UP; // spaces past the indentation on an empty line
        pendingBlank++;
        continue;
      }
      if (m < 0) {
        if (this.indent <= ownerIndent) break;
        m = this.indent;
        if (blanks.some((b) => b > m)) throw GIVE_UP;
      } else if (this.indent < m) {
        if (this.indent > ownerIndent) throw GIVE_UP; // less indented than the block, more than its owner
        break;
      }
      if (this.lineEnd === this.n) throw GIVE_UP; // the last line without a line break
      body += '\n'.repeat(pendingBlank) + t.slice(this.lineStart + m, this.lineEnd) + '\n';
      pendingBlank = 0;
    }
    if (m < 0 && blanks.length > 0) throw GIVE_UP;
    this.skipBlank();
    if (this.more && this.indent > ownerIndent && !this.isDocumentStart()) throw GIVE_UP;
    return strip ? body.replace(/\n+$/, '') : body;
  }

  // ---- keys

  /** Where the ':' that ends the key starting at `at` is, or -1 when the line holds no key there. */
  private keyEnd(at: number): number {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === DQUOTE || c === SQUOTE) {
      let end: number;
      try {
        end = c === DQUOTE ? this.doubleQuoted(at)[1] : this.singleQuoted(at)[1];
      } catch {
        return -1;
      }
      if (t.charCodeAt(end) !== COLON) return -1;
      const after = end + 1;
      return after === this.lineEnd || t.charCodeAt(after) === SPACE ? end : -1;
    }
    if (badPlainStart(c, t.charCodeAt(at + 1))) return -1;
    // Searches stay inside the line: a search to the end of the text for every key would make
    // the whole read quadratic.
    for (let i = at + 1; i < this.lineEnd; i++) {
      const ch = t.charCodeAt(i);
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) return -1; // a comment before any ':'
      if (ch === COLON && (i + 1 === this.lineEnd || t.charCodeAt(i + 1) === SPACE)) return i;
    }
    return -1;
  }

  /** Where a comment (" #") starts on the current line after `from`, or -1. */
  private commentAt(from: number): number {
    const t = this.text;
    for (let i = from + 1; i < this.lineEnd; i++) if (t.charCodeAt(i) === HASH && t.charCodeAt(i - 1) === SPACE) return i - 1;
    return -1;
  }

  /** A key's text: quoted, or plain that the core schema reads as a string (anything else is left to the full parser). */
  private keyText(at: number, colon: number): string {
    const t = this.text;
    const c = t.charCodeAt(at);
    let key: string;
    if (c === DQUOTE) key = this.doubleQuoted(at)[0];
    else if (c === SQUOTE) key = this.singleQuoted(at)[0];
    else {
      let e = colon;
      while (e > at && t.charCodeAt(e - 1) === SPACE) e--;
      key = t.slice(at, e);
      if (plainValue(key) !== key) throw GIVE_UP;
    }
    if (key === '__proto__' || key === '<<') throw GIVE_UP;
    return key;
  }
}
