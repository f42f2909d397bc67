// Golden cases: fixtures/<case>/ holds `args` (what follows `kube-rulec`; `compile` is implied
// when it starts with a flag, and the case's `input` folder is appended when no argument names
// `input` or `-`), optionally `stdin`, and the expected `expected.stdout`, `expected.stderr`
// (when not empty) and `expected.exit` (when not 0). A case with a `forms` file (output form
// names, such as `script ipvsadm ipset iptables`) runs once per form, with `--output-format`
// added, and expects `expected.<form>` for each (and the one `expected.stderr` for all).
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
  /** The output forms of a multi-form case (its `forms` file), else undefined. */
  forms: string[] | undefined;
}

/** The arguments of one form of a multi-form case. */
export function formArgs(c: GoldenCase, form: string): string[] {
  return [c.args[0]!, '--output-format', form, ...c.args.slice(1)];
}

/**
 * Case folders: fixtures/demo (the README's demo) and fixtures/<group>/<case>, grouped by what
 * they exercise (input/, iptables/, policy-iptables/ ...); a case is named group/case.
 */
function caseNames(): string[] {
  const isCase = (rel: string) => existsSync(join(FIXTURES, rel, 'args'));
  const names: string[] = [];
  for (const d of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    if (isCase(d.name)) names.push(d.name);
    else for (const c of readdirSync(join(FIXTURES, d.name), { withFileTypes: true })) if (c.isDirectory() && isCase(`${d.name}/${c.name}`)) names.push(`${d.name}/${c.name}`);
  }
  return names.sort();
}

export function goldenCases(): GoldenCase[] {
  return caseNames().map((name) => {
      const dir = join(FIXTURES, name);
      let args = splitArgs(readFileSync(join(dir, 'args'), 'utf8'));
      if (!COMMANDS.has(args[0] ?? '')) args = ['compile', ...args];
      if (!args.some((a) => a === '-' || /(^|\/)input(\/|$)/.test(a))) args.push('input');
      const stdinFile = join(dir, 'stdin');
      const formsFile = join(dir, 'forms');
      const forms = existsSync(formsFile) ? readFileSync(formsFile, 'utf8').split(/\s+/).filter((f) => f !== '') : undefined;
      return { name, dir, args, stdin: existsSync(stdinFile) ? readFileSync(stdinFile, 'utf8') : '', forms };
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
