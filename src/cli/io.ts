// The CLI's view of the outside world, so commands can run in-process under test.
import { isatty } from 'node:tty';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { renderJSON, renderText } from '../diagnostics/render.js';
import { stdinRead, type SourceFile, type StdinRead } from '../load/sources.js';

export interface IO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** All of standard input, or where it stopped when it held more than `limit` bytes. */
  readStdin(limit: number): Promise<StdinRead> | StdinRead;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The environment (colour settings: FORCE_COLOR, NO_COLOR, TERM). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * The directory relative paths on the command line (inputs, --config, -o) are taken from; the
   * process's working directory when absent. Messages name the paths as given. Tests run the CLI
   * from a case folder this way, without process.chdir (which worker threads do not allow).
   */
  cwd?: string | undefined;
}

export function processIO(): IO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: readProcessStdin,
    // Not process.stdin.isTTY: making that stream would put a shared pipe into non-blocking mode
    // for the programs after us (`... | while read f; do kube-rulec compile "$f"; done`).
    stdinIsTTY: isatty(0),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
  };
}

/**
 * Reads standard input through Node's stream, which waits for a slow writer whatever the
 * descriptor's blocking mode (a synchronous read of fd 0 fails with EAGAIN when something has
 * made it non-blocking), and stops as soon as more than `limit` bytes have arrived.
 */
async function readProcessStdin(limit: number): Promise<StdinRead> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > limit) {
      process.stdin.destroy();
      return { exceeded: bytes };
    }
    chunks.push(chunk);
  }
  return stdinRead(Buffer.concat(chunks, bytes));
}

export type ColourMode = 'auto' | 'always' | 'never';
export const COLOUR_MODES: readonly ColourMode[] = ['auto', 'always', 'never'];

/**
 * Whether diagnostics on a stream get colour: --color always|never wins; in auto mode
 * FORCE_COLOR (set and not "0"/"false") turns it on, NO_COLOR (set, non-empty) or TERM=dumb
 * turn it off, and otherwise only a terminal gets it.
 */
export function colourOn(mode: ColourMode, isTTY: boolean, env: IO['env']): boolean {
  if (mode !== 'auto') return mode === 'always';
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

export function colour(on: boolean): ChalkInstance {
  return new Chalk({ level: on ? 1 : 0 });
}

export interface PrintOptions {
  verbose: boolean;
  format: 'text' | 'json';
  colour: boolean;
}

/** Diagnostics to a stream; `info` ones (skipped objects) only with --verbose. */
export function printDiagnostics(
  ds: readonly Diagnostic[],
  files: readonly SourceFile[],
  write: (t: string) => void,
  opts: PrintOptions,
): void {
  const shown = ds.filter((d) => opts.verbose || d.severity !== 'info');
  if (opts.format === 'json') {
    write(renderJSON(shown));
    return;
  }
  if (shown.length === 0) return;
  // A large file is read in parts: the line is looked up in the part that holds it.
  const byName = new Map<string, SourceFile[]>();
  for (const f of files) byName.set(f.name, [...(byName.get(f.name) ?? []), f]);
  const part = (file: string, line: number) => {
    const parts = byName.get(file) ?? [];
    let found: SourceFile | undefined;
    for (const p of parts) if ((p.linesBefore ?? 0) < line) found = p;
    return found ? { text: found.text, linesBefore: found.linesBefore ?? 0 } : undefined;
  };
  write(renderText(shown, { text: (f) => byName.get(f)?.[0]?.text, part }, colour(opts.colour)));
}
