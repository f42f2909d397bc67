// `kube-rulec validate`: diagnostics on standard output, as text or JSON. It takes compile's
// settings flags too, so it reports what a compile with the same command line would.
import { Command, Option } from 'commander';
import { EXIT, hasErrors } from '../diagnostics/diagnostic.js';
import { byteOrder } from '../net/order.js';
import { validateInput } from '../pipeline/compile.js';
import type { Loaded } from '../pipeline/load.js';
import { loadRequest } from './input.js';
import { colourOn, printDiagnostics, type IO } from './io.js';
import { addClusterOptions, inputArgs } from './options.js';

export function validateCommand(io: IO, setExit: (code: number) => void): Command {
  const cmd = new Command('validate')
    .description('check Kubernetes objects and print every diagnostic on standard output')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'));
  return addClusterOptions(cmd).action(async (paths: string[], opts: Record<string, unknown>) => {
    const a = inputArgs(paths, opts);
    const format = opts.format as 'text' | 'json';
    const print = { verbose: a.verbose, format, colour: colourOn(a.colour, io.stdoutIsTTY, io.env) };
    const request = await loadRequest(a, io);
    if (Array.isArray(request)) {
      printDiagnostics(request, [], io.stdout, print);
      setExit(EXIT.invalid);
      return;
    }
    const loaded = validateInput(request.req, request.flags);
    printDiagnostics(loaded.diagnostics, loaded.files, io.stdout, print);
    const failed = hasErrors(loaded.diagnostics);
    // Silence means success for scripts; a person at a terminal gets a word that all went well.
    if (!failed && format === 'text' && io.stdoutIsTTY) io.stdout(summary(loaded));
    setExit(failed ? EXIT.invalid : EXIT.ok);
  });
}

function summary(loaded: Loaded): string {
  const kinds = Object.entries(loaded.kinds)
    .sort(([a], [b]) => byteOrder(a, b))
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const total = Object.values(loaded.kinds).reduce((a, b) => a + b, 0);
  const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning').length;
  const files = loaded.files.length;
  return (
    `valid: ${total} object${total === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''} in ${files} file${files === 1 ? '' : 's'}` +
    `${warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}\n`
  );
}
