// A golden case compiled to its NodeProgram (what its forms are written from), the way the CLI
// would compile it: for tests that look at the IR rather than the text.
import { parseCompileArgs } from '../../src/cli/compile.js';
import { parseFlags } from '../../src/cli/flags.js';
import type { NodeProgram } from '../../src/ir/program.js';
import { compileProgram } from '../../src/pipeline/compile.js';
import type { GoldenCase } from './fixtures.js';

export function caseProgram(c: GoldenCase): NodeProgram {
  const args = parseCompileArgs(c.args.slice(1));
  return compileProgram({ paths: args.paths, configPath: args.configPath, stdin: { text: c.stdin }, cwd: c.dir }, parseFlags(args.flags).flags).program;
}
