// Maps a path inside a parsed document (["spec", "ports", 0, "port"]) back to file:line:column.
// The YAML syntax tree keeps byte offsets; a LineCounter turns them into lines and columns.
// JSON files are parsed with JSON.parse for speed and only re-parsed for positions when a
// diagnostic actually needs one.
import type { Document, LineCounter, Node } from 'yaml';
import { yamlLib } from './yaml-lib.js';
import type { Location } from '../diagnostics/diagnostic.js';
import { jsonItemRanges, kubectlItemRanges, lineIndex, type ItemRange } from './json-scan.js';

export type Path = readonly (string | number)[];

export interface Locator {
  /** Where the value at `path` is; falls back to the nearest ancestor that exists. */
  value(path: Path): Location;
  /** Where the key of the value at `path` is (for "unknown field"-style messages). */
  key(path: Path): Location;
  /**
   * The source text of the scalar at `path` (`9007199254740993`, `1e3`, `0x50`), for messages that
   * echo a number: the parsed value may have been rounded. Undefined when there is none.
   */
  source(path: Path): string | undefined;
}

/**
 * Where a parsed slice (one value of a JSON stream) starts in its file: lines before it, and
 * columns before it on its first line.
 */
export interface Shift {
  line: number;
  column: number;
}

export const NO_SHIFT: Shift = { line: 0, column: 0 };

/** A position in a slice, as a position in the file. */
export function shifted(loc: Location, s: Shift): Location {
  if (s.line === 0 && s.column === 0) return loc;
  return { ...loc, line: loc.line + s.line, column: loc.line === 1 ? loc.column + s.column : loc.column };
}

export class YamlLocator implements Locator {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly shift: Shift = NO_SHIFT,
  ) {}

  value(path: Path): Location {
    return this.find(path, false);
  }

  key(path: Path): Location {
    return this.find(path, true);
  }

  source(path: Path): string | undefined {
    const node = this.node(path, false);
    return node.exact && yamlLib().isScalar(node.target) ? node.target.source : undefined;
  }

  private find(path: Path, wantKey: boolean): Location {
    return this.at(this.node(path, wantKey).target as Node | null | undefined);
  }

  /** The node at `path`, or the nearest ancestor (`exact` false). */
  private node(path: Path, wantKey: boolean): { target: unknown; exact: boolean } {
    let node: unknown = this.doc.contents;
    let keyNode: unknown = undefined;
    let found = 0;
    const { isMap, isPair, isScalar, isSeq } = yamlLib();
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        keyNode = pair.key;
        if (pair.value === null || pair.value === undefined) {
          node = pair.key;
          break;
        }
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        keyNode = undefined;
        node = node.items[seg];
      } else {
        break;
      }
      found++;
    }
    return { target: wantKey && keyNode ? keyNode : node, exact: found === path.length };
  }

  private at(node: Node | null | undefined): Location {
    const range = node?.range;
    if (!range) return shifted({ file: this.file, line: 1, column: 1 }, this.shift);
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(range[1]);
    const loc: Location = { file: this.file, line: start.line, column: start.col };
    if (end.line === start.line && range[1] > range[0]) loc.length = end.col - start.col;
    return shifted(loc, this.shift);
  }
}

/** A locator that hands each path to the locator of the part holding it (a List item, say). */
abstract class RoutingLocator implements Locator {
  /** The locator that finds `path`, and the path inside what it locates. */
  protected abstract route(path: Path): [Locator, Path];

  value(path: Path): Location {
    const [loc, rest] = this.route(path);
    return loc.value(rest);
  }

  key(path: Path): Location {
    const [loc, rest] = this.route(path);
    return loc.key(rest);
  }

  source(path: Path): string | undefined {
    const [loc, rest] = this.route(path);
    return loc.source(rest);
  }
}

/**
 * A locator for a JSON document parsed with JSON.parse: re-parses lazily on first use. The text
 * is the document's own (one value of a stream), placed in its file by `shift`. A path into one
 * item of a `kind: List` (["items", 7, ...]) re-parses that item's text alone, found by one scan
 * of the document: a diagnostic in a 100 MB dump costs milliseconds, not a parse of the file.
 */
export class LazyJsonLocator extends RoutingLocator {
  private inner: YamlLocator | undefined;
  private items: ItemRange[] | null | undefined;
  private lines: ((offset: number) => { line: number; column: number }) | undefined;
  private readonly itemLocators = new Map<number, LazyJsonLocator>();

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly shift: Shift = NO_SHIFT,
    /**
     * The items of the List the text holds, when it holds one: their number lets the ranges be
     * found from kubectl's layout (kubectlItemRanges), and each range found so is checked
     * against its item before it is used.
     */
    private readonly listItems?: readonly unknown[],
  ) {
    super();
  }

  /** The locator that finds `path`, and the path inside what it locates. */
  protected route(path: Path): [Locator, Path] {
    const i = path[1];
    if (path.length < 2 || path[0] !== 'items' || typeof i !== 'number') return [this.get(), path];
    if (this.items === undefined) this.items = this.itemRanges();
    const range = this.items?.[i];
    if (!range) return [this.get(), path];
    let item = this.itemLocators.get(i);
    if (!item) {
      const at = range.at ?? (this.lines ??= lineIndex(this.text))(range.start);
      // Where the item's text starts in the file: its place in the document, then the document's.
      const shift = { line: at.line - 1 + this.shift.line, column: at.line === 1 ? at.column - 1 + this.shift.column : at.column - 1 };
      item = new LazyJsonLocator(this.file, this.text.slice(range.start, range.end), shift);
      this.itemLocators.set(i, item);
    }
    return [item, path.slice(2)];
  }

  /**
   * The items' ranges: from kubectl's layout when the text has it and the first and last ranges
   * hold their items (with where each starts), else by the character scan.
   */
  private itemRanges(): ItemRange[] | null {
    const items = this.listItems;
    const fast = items ? kubectlItemRanges(this.text, items.length) : undefined;
    if (fast && items && (fast.length === 0 || (sameItem(this.text, fast[0]!, items[0]) && sameItem(this.text, fast[fast.length - 1]!, items[items.length - 1])))) return fast;
    return jsonItemRanges(this.text) ?? null;
  }

  private get(): YamlLocator {
    if (!this.inner) {
      const lines = new (yamlLib().LineCounter)();
      const doc = yamlLib().parseDocument(this.text, { lineCounter: lines, version: '1.2', uniqueKeys: false });
      this.inner = new YamlLocator(this.file, doc, lines, this.shift);
    }
    return this.inner;
  }
}

/**
 * A locator for a YAML document read by the fast reader (load/yaml-fast.ts): the full parser
 * reads the file for positions on first use only, as for JSON. `parsed` gives the document
 * and its file's line counter (shared by the documents of one file, and parsed once).
 */
export class LazyYamlLocator extends RoutingLocator {
  private inner: YamlLocator | undefined;
  private readonly itemLocators = new Map<number, YamlLocator>();

  constructor(
    private readonly file: string,
    private readonly parsed: () => { doc: Document.Parsed; lines: LineCounter },
    /**
     * A `kind: List`'s item `i` parsed alone: a document whose first list item is that item,
     * and the lines before it in the file. Undefined when the document has no such items.
     */
    private readonly item?: (i: number) => { doc: Document.Parsed; lines: LineCounter; linesBefore: number } | undefined,
  ) {
    super();
  }

  /** A path into one list item is found in that item's lines alone. */
  protected route(path: Path): [Locator, Path] {
    const i = path[1];
    if (this.item && path.length >= 2 && path[0] === 'items' && typeof i === 'number') {
      let loc = this.itemLocators.get(i);
      if (!loc) {
        const found = this.item(i);
        if (found) {
          loc = new YamlLocator(this.file, found.doc, found.lines, { line: found.linesBefore, column: 0 });
          this.itemLocators.set(i, loc);
        }
      }
      if (loc) return [loc, [0, ...path.slice(2)]];
    }
    return [this.get(), path];
  }

  private get(): YamlLocator {
    if (!this.inner) {
      const { doc, lines } = this.parsed();
      this.inner = new YamlLocator(this.file, doc, lines);
    }
    return this.inner;
  }
}

/** A locator of a part of a large file (load/sources.ts): its positions moved down by the lines before it. */
export class ShiftedLocator implements Locator {
  constructor(
    private readonly inner: Locator,
    private readonly shift: Shift,
  ) {}

  value(path: Path): Location {
    return shifted(this.inner.value(path), this.shift);
  }

  key(path: Path): Location {
    return shifted(this.inner.key(path), this.shift);
  }

  source(path: Path): string | undefined {
    return this.inner.source(path);
  }
}

/** A locator nested at `base` inside another (items of a `kind: List`). */
export class SubLocator implements Locator {
  constructor(
    private readonly parent: Locator,
    private readonly base: Path,
  ) {}

  value(path: Path): Location {
    return this.parent.value([...this.base, ...path]);
  }

  key(path: Path): Location {
    return this.parent.key([...this.base, ...path]);
  }

  source(path: Path): string | undefined {
    return this.parent.source([...this.base, ...path]);
  }
}

/** The text at `range` is the JSON of `item` (the same kind, name and namespace, and parses). */
function sameItem(text: string, range: ItemRange, item: unknown): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(range.start, range.end));
  } catch {
    return false;
  }
  const id = (v: unknown) => {
    const o = v as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    return JSON.stringify([o?.kind, o?.metadata?.name, o?.metadata?.namespace]);
  };
  return typeof parsed === 'object' && parsed !== null && id(parsed) === id(item);
}
