// Golden cases: fixtures/<case>/ holds `args` (what follows `kube-rulec`; `compile` is implied
// when it starts with a flag, and the case's `input` folder is appended when no argument names
// `input` or `-`), optionally `stdin`, and the expected `expected.stdout`, `expected.stderr`
// (when not empty) and `expected.exit` (when not 0).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { splitArgs } from './run.js';

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures');
const COMMANDS = new Set(['compile', 'validate']);

export interface GoldenCase {
  name: string;
  dir: string;
  args: string[];
  stdin: string;
}

export function goldenCases(): GoldenCase[] {
  return readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(FIXTURES, d.name, 'args')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(FIXTURES, name);
      let args = splitArgs(readFileSync(join(dir, 'args'), 'utf8'));
      if (!COMMANDS.has(args[0] ?? '')) args = ['compile', ...args];
      if (!args.some((a) => a === '-' || /(^|\/)input(\/|$)/.test(a))) args.push('input');
      const stdinFile = join(dir, 'stdin');
      return { name, dir, args, stdin: existsSync(stdinFile) ? readFileSync(stdinFile, 'utf8') : '' };
    });
}

/** True when the case's expected output is iptables-restore text for the given family. */
export function restoreFamily(c: GoldenCase): 4 | 6 | undefined {
  const file = join(c.dir, 'expected.stdout');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  if (!text.startsWith('*filter') && !text.startsWith('*nat')) return undefined;
  const i = c.args.indexOf('--ip-family');
  return i >= 0 && c.args[i + 1] === 'ipv6' ? 6 : 4;
}
