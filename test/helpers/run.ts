// Runs the CLI in-process and captures what it prints.
import { run } from '../../src/cli/main.js';

export interface RunResult {
  exit: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  /** Standard output and standard error are terminals. */
  tty?: boolean;
  /** The directory the command runs in: relative paths are read from it and shown as given. */
  cwd?: string;
}

export async function runCli(args: readonly string[], stdin = '', opts: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const exit = await run(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: (limit) => (Buffer.byteLength(stdin) > limit ? { exceeded: Buffer.byteLength(stdin) } : { text: stdin }),
    stdinIsTTY: false,
    stdoutIsTTY: opts.tty ?? false,
    stderrIsTTY: opts.tty ?? false,
    env: opts.env ?? {},
    cwd: opts.cwd,
  });
  return { exit, stdout, stderr };
}

/** Splits an args file: whitespace-separated words, with "double" or 'single' quotes. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const line of text.split('\n')) {
    if (line.trim().startsWith('#')) continue;
    let mt: RegExpExecArray | null;
    while ((mt = re.exec(line)) !== null) out.push(mt[1] ?? mt[2] ?? mt[3]!);
  }
  return out;
}
