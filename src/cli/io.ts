// The CLI's view of the outside world, so commands can run in-process under test.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderJSON, renderText } from '../diagnostics/render.js';
import type { SourceFile } from '../load/sources.js';

export interface IO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIO(): IO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: () => readFileSync(0, 'utf8'),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

export function colour(isTTY: boolean): ChalkInstance {
  return new Chalk({ level: isTTY && !process.env.NO_COLOR ? 1 : 0 });
}

export interface PrintOptions {
  verbose: boolean;
  format: 'text' | 'json';
}

/** Diagnostics to a stream; `info` ones (skipped kinds) only with --verbose. */
export function printDiagnostics(
  ds: readonly Diagnostic[],
  files: readonly SourceFile[],
  write: (t: string) => void,
  isTTY: boolean,
  opts: PrintOptions,
): void {
  const shown = ds.filter((d) => opts.verbose || d.severity !== 'info');
  if (opts.format === 'json') {
    write(renderJSON(shown));
    return;
  }
  if (shown.length === 0) return;
  const byName = new Map(files.map((f) => [f.name, f.text]));
  write(renderText(shown, { text: (f) => byName.get(f) }, colour(isTTY)));
}

/** Writes a file atomically: a temp file beside it, then rename. Never leaves a partial file. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fd = openSync(tmp, 'w', 0o644);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
