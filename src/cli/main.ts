// The kube-rulec command line. Each command lives in its own file; this one wires them up and
// maps every way of ending to an exit status: 0 ok, 1 findings, 2 invalid input or usage,
// 3 internal error.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { COMMAND_LINE, diag, EXIT } from '../diagnostics/diagnostic.js';
import { compileCommand } from './compile.js';
import { printDiagnostics, processIO, type IO } from './io.js';
import { normalizeBooleanFlags } from './options.js';
import { validateCommand } from './validate.js';

const HELP_LINE = '(run kube-rulec --help for usage)';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function run(argv: readonly string[], io: IO): Promise<number> {
  let exit: number = EXIT.ok;
  const setExit = (c: number) => {
    exit = c;
  };
  const output = { writeOut: io.stdout, writeErr: io.stderr };
  const program = new Command('kube-rulec')
    .description('Compile Kubernetes Services, EndpointSlices and NetworkPolicies into node packet-filtering rules.')
    .version(version())
    .configureOutput(output)
    .exitOverride()
    .showHelpAfterError(HELP_LINE);
  const commands = [compileCommand(io, setExit), validateCommand(io, setExit)];
  for (const cmd of commands) {
    cmd.exitOverride().configureOutput(output).showHelpAfterError(HELP_LINE);
    program.addCommand(cmd);
  }
  const { argv: args, errors } = normalizeBooleanFlags(argv);
  if (errors.length > 0) {
    const ds = errors.map((e) => diag('KR0001', e, COMMAND_LINE));
    printDiagnostics(ds, [], io.stderr, { verbose: false, format: 'text', colour: false });
    io.stderr(`${HELP_LINE}\n`);
    return EXIT.invalid;
  }
  // `kube-rulec help NAME` for a command that does not exist is a usage error, not help.
  if (args[0] === 'help' && args[1] !== undefined && !commands.some((c) => c.name() === args[1])) {
    io.stderr(`error: unknown command '${args[1]}'\n${HELP_LINE}\n`);
    return EXIT.invalid;
  }
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.invalid;
    }
    const err = e as Error;
    io.stderr(`kube-rulec: internal error KR0900: ${err.message}\n${io.env.KUBE_RULEC_DEBUG ? (err.stack ?? '') + '\n' : ''}`);
    return EXIT.internal;
  }
  return exit;
}

export async function main(): Promise<void> {
  // A reader that stops early (`kube-rulec compile ... | head`) is not an error of ours.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  process.exitCode = await run(process.argv.slice(2), processIO());
}
