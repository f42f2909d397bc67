// Expands the command line's PATH arguments into a list of input files, in a stable order:
// arguments in the order given, directory contents recursively in byte order of their paths.
// Only this module and the CLI touch the file system.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';

export interface SourceFile {
  /** The name used in diagnostics: the path as given, or `<stdin>`. */
  name: string;
  text: string;
}

export const INPUT_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export interface ReadResult {
  files: SourceFile[];
  diagnostics: Diagnostic[];
}

export function readSources(paths: readonly string[], readStdin: () => string): ReadResult {
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  let stdinUsed = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      files.push({ name: '<stdin>', text: readStdin() });
      continue;
    }
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      diagnostics.push(diag('KR0101', `cannot read ${p}: ${errText(e)}`, { file: p, line: 0, column: 0 }));
      continue;
    }
    if (st.isDirectory()) {
      const found = walk(p, diagnostics);
      if (found.length === 0) {
        diagnostics.push(
          diag('KR0109', `directory ${p} holds no .yaml, .yml or .json file`, { file: p, line: 0, column: 0 }),
        );
      }
      for (const f of found) readOne(f, files, diagnostics);
    } else {
      readOne(p, files, diagnostics);
    }
  }
  return { files, diagnostics };
}

function walk(dir: string, diagnostics: Diagnostic[]): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    diagnostics.push(diag('KR0101', `cannot read directory ${dir}: ${errText(e)}`, { file: dir, line: 0, column: 0 }));
    return [];
  }
  const names = entries.map((e) => e.name).sort(byteOrder);
  const out: string[] = [];
  for (const name of names) {
    const entry = entries.find((e) => e.name === name)!;
    const full = join(dir, name);
    if (entry.isDirectory()) out.push(...walk(full, diagnostics));
    else if (INPUT_EXTENSIONS.some((ext) => name.endsWith(ext))) out.push(full);
  }
  return out;
}

function readOne(path: string, files: SourceFile[], diagnostics: Diagnostic[]): void {
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      diagnostics.push(
        diag('KR0105', `${path} is ${size} bytes; the limit is ${MAX_FILE_BYTES}`, { file: path, line: 0, column: 0 }),
      );
      return;
    }
    files.push({ name: path, text: readFileSync(path, 'utf8') });
  } catch (e) {
    diagnostics.push(diag('KR0101', `cannot read ${path}: ${errText(e)}`, { file: path, line: 0, column: 0 }));
  }
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return 'no such file or directory';
  if (err.code === 'EACCES') return 'permission denied';
  if (err.code === 'EISDIR') return 'is a directory';
  return err.message ?? String(e);
}

export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
