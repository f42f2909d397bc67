// `kube-rulec compile`: option parsing and output; the work is in src/pipeline.ts.
import { Command } from 'commander';
import { formNames, formsHelp } from '../backends/registry.js';
import { COMMAND_LINE, diag, EXIT, hasErrors } from '../diagnostics/diagnostic.js';
import { compile } from '../pipeline/compile.js';
import { loadRequest } from './input.js';
import { colourOn, printDiagnostics, type IO } from './io.js';
import { addClusterOptions, inputArgs, normalizeBooleanFlags, type InputArgs } from './options.js';
import { OutputError, writeOutput } from './output.js';

export interface CompileArgs extends InputArgs {
  output: string | undefined;
}

/** The `compile` command's options; `onArgs` receives them parsed. */
export function compileCommandSpec(onArgs: (a: CompileArgs) => Promise<void> | void): Command {
  const cmd = new Command('compile')
    .description('compile Kubernetes objects into the rules kube-proxy would program on a node')
    .option('-o, --output <file>', 'write the rules to FILE (- for standard output; a file is replaced atomically)')
    .option('--output-format <format>', `the output form: ${formNames().join(', ')} (the first one a mode writes is its default; policy mode's ipset form needs --ipset)`);
  return addClusterOptions(cmd)
    .addHelpText('after', `\n${formsHelp()}`).action(async (paths: string[], opts: Record<string, unknown>) => {
    await onArgs({ ...inputArgs(paths, opts), output: opts.output as string | undefined });
  });
}

export function compileCommand(io: IO, setExit: (code: number) => void): Command {
  return compileCommandSpec(async (a) => {
    const print = (ds: Parameters<typeof printDiagnostics>[0], files: Parameters<typeof printDiagnostics>[1] = []) =>
      printDiagnostics(ds, files, io.stderr, { verbose: a.verbose, format: 'text', colour: colourOn(a.colour, io.stderrIsTTY, io.env) });
    const request = await loadRequest(a, io);
    if (Array.isArray(request)) {
      print(request);
      setExit(EXIT.invalid);
      return;
    }
    const result = compile(request.req, request.flags);
    print(result.diagnostics, result.files);
    if (hasErrors(result.diagnostics) || result.output === undefined) {
      setExit(EXIT.invalid);
      return;
    }
    try {
      await writeOutput(a.output ?? '-', result.output, io.stdout, io.cwd);
    } catch (e) {
      if (!(e instanceof OutputError)) throw e;
      print([diag('KR0004', e.message, COMMAND_LINE)]);
      setExit(EXIT.invalid);
      return;
    }
    setExit(EXIT.ok);
  });
}

/** Parses `compile` arguments without running anything (used by tests and tools). */
export function parseCompileArgs(argv: readonly string[]): CompileArgs {
  let parsed: CompileArgs | undefined;
  const normalized = normalizeBooleanFlags(argv);
  if (normalized.errors.length > 0) throw new Error(normalized.errors.join('; '));
  compileCommandSpec((a) => {
    parsed = a;
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .parse(normalized.argv, { from: 'user' });
  return parsed!;
}
