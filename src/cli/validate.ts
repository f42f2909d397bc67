// `kube-rulec validate`: diagnostics on standard output, as text or JSON.
import { Command, Option } from 'commander';
import { EXIT, hasErrors } from '../diagnostics/diagnostic.js';
import { validateInput } from '../pipeline.js';
import { printDiagnostics, type IO } from './io.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export function validateCommand(io: IO, setExit: (code: number) => void): Command {
  return new Command('validate')
    .description('check Kubernetes objects and print every diagnostic on standard output')
    .argument('[path...]', 'YAML or JSON files, directories (recursive), or - for standard input')
    .option('-f, --filename <path>', 'input file or directory (repeatable)', collect, [] as string[])
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .option('-v, --verbose', 'also mention skipped objects')
    .action((paths: string[], opts: { filename: string[]; format: 'text' | 'json'; verbose?: boolean }) => {
      const loaded = validateInput({ paths: [...paths, ...opts.filename], readStdin: io.readStdin });
      printDiagnostics(loaded.diagnostics, loaded.files, io.stdout, io.stdoutIsTTY, {
        verbose: !!opts.verbose,
        format: opts.format,
      });
      setExit(hasErrors(loaded.diagnostics) ? EXIT.invalid : EXIT.ok);
    });
}
