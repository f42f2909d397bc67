// Maps a path inside a parsed document (["spec", "ports", 0, "port"]) back to file:line:column.
// The YAML syntax tree keeps byte offsets; a LineCounter turns them into lines and columns.
// JSON files are parsed with JSON.parse for speed and only re-parsed for positions when a
// diagnostic actually needs one.
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Location } from '../diagnostics/diagnostic.js';

export type Path = readonly (string | number)[];

export interface Locator {
  /** Where the value at `path` is; falls back to the nearest ancestor that exists. */
  value(path: Path): Location;
  /** Where the key of the value at `path` is (for "unknown field"-style messages). */
  key(path: Path): Location;
}

export class YamlLocator implements Locator {
  constructor(
    private readonly file: string,
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  value(path: Path): Location {
    return this.find(path, false);
  }

  key(path: Path): Location {
    return this.find(path, true);
  }

  private find(path: Path, wantKey: boolean): Location {
    let node: unknown = this.doc.contents;
    let keyNode: unknown = undefined;
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
    }
    const target = (wantKey && keyNode ? keyNode : node) as Node | null | undefined;
    return this.at(target);
  }

  private at(node: Node | null | undefined): Location {
    const range = node?.range;
    if (!range) return { file: this.file, line: 1, column: 1 };
    const start = this.lines.linePos(range[0]);
    const end = this.lines.linePos(range[1]);
    const loc: Location = { file: this.file, line: start.line, column: start.col };
    if (end.line === start.line && range[1] > range[0]) loc.length = end.col - start.col;
    return loc;
  }
}

/** A locator for a JSON document parsed with JSON.parse: re-parses lazily on first use. */
export class LazyJsonLocator implements Locator {
  private inner: YamlLocator | undefined;

  constructor(
    private readonly file: string,
    private readonly text: string,
  ) {}

  value(path: Path): Location {
    return this.get().value(path);
  }

  key(path: Path): Location {
    return this.get().key(path);
  }

  private get(): YamlLocator {
    if (!this.inner) {
      const lines = new LineCounter();
      const doc = parseDocument(this.text, { lineCounter: lines, version: '1.2', uniqueKeys: false });
      this.inner = new YamlLocator(this.file, doc, lines);
    }
    return this.inner;
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
}
