// What compile and validate share before the pipeline runs: the request (standard input read,
// bounded, only when a path asks for it) and the usage checks on the input paths.
import { existsSync } from 'node:fs';
import { COMMAND_LINE, diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { fromDir, MAX_FILE_BYTES } from '../load/sources.js';
import type { LoadRequest } from '../pipeline/load.js';
import type { IO } from './io.js';
import { parseFlags, type TypedFlags } from './flags.js';
import { stringFlagValues, type InputArgs } from './options.js';

/** The pipeline's request and the typed flags, or the usage diagnostics that stop the command before it. */
export async function loadRequest(a: InputArgs, io: IO): Promise<{ req: LoadRequest; flags: TypedFlags } | Diagnostic[]> {
  const parsed = parseFlags(a.flags);
  if (a.paths.length === 0) return noInput(a, parsed.diagnostics, io.cwd);
  if (parsed.diagnostics.length > 0) return parsed.diagnostics;
  if (a.configPath === '-' && a.paths.includes('-')) {
    return [diag('KR0001', '--config - and the input path - cannot both be standard input', COMMAND_LINE)];
  }
  const wantsStdin = a.paths.includes('-') || a.configPath === '-';
  if (wantsStdin && io.stdinIsTTY && io.stderrIsTTY) io.stderr('kube-rulec: reading standard input (end it with Ctrl-D)\n');
  const req: LoadRequest = {
    paths: a.paths,
    configPath: a.configPath,
    stdin: wantsStdin ? await io.readStdin(MAX_FILE_BYTES) : undefined,
    exclude: a.exclude,
    allowEmpty: a.allowEmpty,
    notes: a.verbose,
    cwd: io.cwd,
  };
  return { req, flags: parsed.flags };
}

/**
 * No input path. A flag that takes a value may have swallowed the path
 * (`--cluster-cidr fixtures/demo/input`): say which, and report the flags' own errors too.
 */
function noInput(a: InputArgs, flagErrors: Diagnostic[], cwd: string | undefined): Diagnostic[] {
  const at = fromDir(cwd);
  const swallowed = stringFlagValues(a.flags).find(([, v]) => existsSync(at(v)));
  const hint = swallowed
    ? `${swallowed[0]} took ${JSON.stringify(swallowed[1])} as its value; give the flag its value, then the path`
    : undefined;
  return [diag('KR0109', 'no input: give files or directories, or - for standard input', COMMAND_LINE, hint), ...flagErrors];
}
