// Expands the command line's PATH arguments into a list of input files, in a stable order:
// arguments in the order given, directory contents recursively in byte order of their paths.
// Every read is bounded, whatever the input is (a file, a FIFO, /dev/zero, standard input).
// Only this module and the CLI touch the file system.
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { byteOrder } from '../net/order.js';

export interface SourceFile {
  /** The name used in diagnostics: the path as given, or `<stdin>`. */
  name: string;
  text: string;
  /**
   * A file larger than one string holds (PART_BYTES) is read as several parts, each whole
   * documents: the lines of the file before this part. Absent for a whole file.
   */
  linesBefore?: number;
}

export const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json'];
/** The most read from one source: a dump of the largest clusters, with room to spare. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/**
 * A larger source is cut into parts of about this size, between documents (YAML `---` lines,
 * or between the values of a JSON stream), each read as a string of its own: one string cannot
 * hold a gigabyte. One document can be at most PART_LIMIT_BYTES (parse.ts's document limit is
 * lower still).
 */
export const PART_BYTES = 256 * 1024 * 1024;
export const PART_LIMIT_BYTES = 500 * 1024 * 1024;
export const STDIN_NAME = '<stdin>';

/**
 * Standard input as the CLI read it: its text, its bytes (when there are more than one string
 * holds: PART_BYTES), or how many bytes had come when it passed the limit.
 */
export type StdinRead = { text: string } | { bytes: Buffer } | { exceeded: number };

/** Standard input's bytes as a StdinRead. */
export function stdinRead(bytes: Buffer): StdinRead {
  return bytes.length > PART_BYTES ? { bytes } : { text: bytes.toString('utf8') };
}

export interface ReadOptions {
  /** Standard input, read by the caller when a path is `-`. */
  stdin?: StdinRead | undefined;
  /** Globs of paths to leave out of directory walks (`--exclude`). */
  exclude?: readonly string[];
  /** Paths never read as input (the `--config` file), compared by device and inode. A file
   * named twice (`compile dir dir/svc.yaml`) is read once. */
  skip?: readonly string[];
  maxBytes?: number;
  /** Where a large source is cut into parts (PART_BYTES; smaller in tests), and the largest part (PART_LIMIT_BYTES). */
  parts?: { bytes: number; limit: number };
  /**
   * The directory relative paths are read from; the process's working directory when absent.
   * Files keep the names the paths give (`input/svc.yaml`), wherever they were read from.
   */
  cwd?: string | undefined;
}

export interface ReadResult {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

export function readSources(paths: readonly string[], opts: ReadOptions = {}): ReadResult {
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const limit = opts.maxBytes ?? MAX_FILE_BYTES;
  const parts = opts.parts ?? { bytes: PART_BYTES, limit: PART_LIMIT_BYTES };
  const at = fromDir(opts.cwd);
  const skip = new Set(opts.skip?.flatMap((p) => identity(at(p)) ?? []));
  const excludes = (opts.exclude ?? []).map(compileGlob);
  let stdinUsed = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      const s = opts.stdin;
      if (s === undefined) throw new Error('internal: standard input was not read');
      if ('exceeded' in s) diagnostics.push(tooLarge(STDIN_NAME, undefined, limit));
      else if ('text' in s) files.push({ name: STDIN_NAME, text: s.text });
      else if (s.bytes.length > parts.bytes) addParts(STDIN_NAME, s.bytes, parts, files, diagnostics);
      else files.push({ name: STDIN_NAME, text: s.bytes.toString('utf8') });
      continue;
    }
    let st;
    try {
      st = statSync(at(p));
    } catch (e) {
      diagnostics.push(diag('KR0101', `cannot read ${p}: ${errText(e)}`, { file: p, line: 0, column: 0 }));
      continue;
    }
    if (st.isDirectory()) {
      const found = walk(p, p, at, excludes, diagnostics);
      if (found.length === 0) {
        diagnostics.push(
          diag('KR0109', `directory ${p} holds no .yaml, .yml or .json file`, { file: p, line: 0, column: 0 }),
        );
      }
      for (const f of found) {
        const id = identity(at(f));
        if (id === undefined || !skip.has(id)) readOne(f, at, limit, parts, files, diagnostics);
        if (id !== undefined) skip.add(id);
      }
    } else {
      const id = `${st.dev}:${st.ino}`;
      if (!skip.has(id) || !st.isFile()) readOne(p, at, limit, parts, files, diagnostics);
      skip.add(id);
    }
  }
  return { files, diagnostics };
}

/** Where a path given relative to `cwd` is on the file system (the path itself without one). */
export function fromDir(cwd: string | undefined): (path: string) => string {
  return cwd === undefined ? (path) => path : (path) => resolve(cwd, path);
}

function identity(path: string): string | undefined {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Files under `dir` with an input extension, in byte order of their paths. Hidden files and
 * directories (`.git`, `.github`, `.pre-commit-config.yaml`) are not inputs; symlinks to
 * directories are not followed (no cycles).
 */
function walk(root: string, dir: string, at: (path: string) => string, excludes: readonly Glob[], diagnostics: Diagnostic[]): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(at(dir), { withFileTypes: true });
  } catch (e) {
    diagnostics.push(diag('KR0101', `cannot read directory ${dir}: ${errText(e)}`, { file: dir, line: 0, column: 0 }));
    return [];
  }
  entries.sort((a, b) => byteOrder(a.name, b.name));
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (excludes.some((g) => g.test(entry.name, rel))) continue;
    if (entry.isDirectory()) out.push(...walk(root, full, at, excludes, diagnostics));
    else if (INPUT_EXTENSIONS.some((ext) => entry.name.endsWith(ext))) out.push(full);
  }
  return out;
}

interface Glob {
  /** True when the glob matches an entry with this name at this path (relative to the walked directory). */
  test(name: string, rel: string): boolean;
}

/**
 * `--exclude` globs, as in .gitignore: `*` and `?` stay inside one path segment, `**` spans
 * segments; a glob without `/` matches a file or directory name anywhere, one with `/` matches
 * the path below the directory given on the command line.
 */
export function compileGlob(glob: string): Glob {
  const anchored = glob.replace(/^\/+|\/+$/g, '');
  let re = '';
  for (let i = 0; i < anchored.length; i++) {
    const ch = anchored[i]!;
    if (ch === '*' && anchored[i + 1] === '*') {
      const slash = anchored[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(`^${re}$`);
  return anchored.includes('/') ? { test: (_n, rel) => rx.test(rel) } : { test: (name) => rx.test(name) };
}

function readOne(path: string, at: (path: string) => string, limit: number, parts: { bytes: number; limit: number }, files: SourceFile[], diagnostics: Diagnostic[]): void {
  try {
    const r = readBounded(at(path), limit);
    if ('bytes' in r) {
      if (r.bytes.length > parts.bytes) addParts(path, r.bytes, parts, files, diagnostics);
      else files.push({ name: path, text: r.bytes.toString('utf8') });
    } else diagnostics.push(tooLarge(path, r.size, limit));
  } catch (e) {
    diagnostics.push(diag('KR0101', `cannot read ${path}: ${errText(e)}`, { file: path, line: 0, column: 0 }));
  }
}

const CHUNK = 1 << 20;

/**
 * Reads at most `limit` bytes. A regular file is measured first; anything else (a FIFO,
 * /dev/zero, a process substitution) is read in 1 MiB chunks until it ends or passes the limit.
 */
function readBounded(path: string, limit: number): { bytes: Buffer } | { size: number | undefined } {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isFile()) return st.size > limit ? { size: st.size } : { bytes: readFileSync(fd) };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return { size: undefined };
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    }
    return { bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}

/**
 * A source too large for one string, as parts of whole documents of about PART_BYTES each, cut
 * where a document starts on a new line: a YAML `---` line, or a line after a complete value of
 * a JSON stream. A document that cannot be cut below PART_LIMIT_BYTES is reported (KR0105).
 */
function addParts(name: string, bytes: Buffer, size: { bytes: number; limit: number }, files: SourceFile[], diagnostics: Diagnostic[]): void {
  const cuts = documentStarts(bytes);
  let start = 0;
  let linesBefore = 0;
  while (start < bytes.length) {
    // The last cut that keeps this part within PART_BYTES, or else the first one after it.
    let end = bytes.length;
    if (end - start > size.bytes) {
      let best = -1;
      for (const c of cuts) {
        if (c <= start) continue;
        if (c - start <= size.bytes || best < 0) best = c;
        if (c - start > size.bytes) break;
      }
      if (best > 0) end = best;
    }
    if (end - start > size.limit) {
      const line = linesBefore + 1;
      diagnostics.push(
        diag('KR0105', `${name} holds a document of more than ${size.limit} bytes from line ${line} on, more than one part of a large file may hold`, { file: name, line, column: 1 }, 'split the input into several documents or files'),
      );
      return;
    }
    const part = bytes.subarray(start, end);
    files.push({ name, text: part.toString('utf8'), linesBefore });
    for (let i = part.indexOf(10); i >= 0; i = part.indexOf(10, i + 1)) linesBefore++;
    start = end;
  }
}

/** Where documents start on a line of their own: after a newline, at a `---` line (YAML) or at a value of a JSON stream. */
export function documentStarts(bytes: Buffer): number[] {
  let first = 0;
  while (first < bytes.length && (bytes[first] === 0x20 || bytes[first] === 0x0a || bytes[first] === 0x0d || bytes[first] === 0x09)) first++;
  const json = bytes[first] === 0x7b || bytes[first] === 0x5b;
  const cuts: number[] = [];
  if (!json) {
    for (let i = bytes.indexOf('\n---'); i >= 0; i = bytes.indexOf('\n---', i + 1)) {
      const after = bytes[i + 4];
      if (after === undefined || after === 0x0a || after === 0x0d || after === 0x20 || after === 0x09) cuts.push(i + 1);
    }
    return cuts;
  }
  // JSON: depth and strings, byte by byte; a newline at depth 0 after a value starts the next.
  let depth = 0;
  let seen = false;
  for (let i = first; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === 0x22) {
      for (i++; i < bytes.length && bytes[i] !== 0x22; i++) if (bytes[i] === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      seen = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    } else if (c === 0x0a && depth === 0 && seen) {
      cuts.push(i + 1);
      seen = false;
    }
  }
  return cuts;
}

function tooLarge(file: string, size: number | undefined, limit: number): Diagnostic {
  const max = `${limit} bytes${limit % (1 << 20) === 0 ? ` (${limit >> 20} MiB)` : ''}`;
  const message = size !== undefined ? `${file} is ${size} bytes; the limit is ${max}` : `${file} holds more than ${max}, the limit`;
  return diag('KR0105', message, { file, line: 0, column: 0 }, 'split the input into several files');
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  if (err.code === 'ENXIO') return 'no such device or address (a socket cannot be read as a file)';
  return err.message ?? String(e);
}
