// The kube-rulec command line. Each command lives in its own file; this one wires them up and
// maps every way of ending to an exit status: 0 ok, 1 findings, 2 invalid input or usage,
// 3 internal error.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT } from '../diagnostics/diagnostic.js';
import { compileCommand, normalizeBooleanFlags } from './compile.js';
import { processIO, type IO } from './io.js';
import { validateCommand } from './validate.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function run(argv: readonly string[], io: IO): number {
  let exit: number = EXIT.ok;
  const setExit = (c: number) => {
    exit = c;
  };
  const program = new Command('kube-rulec')
    .description('Compile Kubernetes Services, EndpointSlices and NetworkPolicies into node packet-filtering rules.')
    .version(version())
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError('(run kube-rulec --help for usage)');
  for (const cmd of [compileCommand(io, setExit), validateCommand(io, setExit)]) {
    cmd.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    program.addCommand(cmd);
  }
  try {
    program.parse(normalizeBooleanFlags(argv), { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      if (e.code === 'commander.executeSubCommandAsync') return EXIT.ok;
      return EXIT.invalid;
    }
    const err = e as Error;
    io.stderr(`kube-rulec: internal error KR0900: ${err.message}\n${process.env.KUBE_RULEC_DEBUG ? (err.stack ?? '') + '\n' : ''}`);
    return EXIT.internal;
  }
  return exit;
}

export function main(): void {
  // A reader that stops early (`kube-rulec compile ... | head`) is not an error of ours.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = run(process.argv.slice(2), processIO());
}
