// Every iptables golden against a real kernel, each in a fresh network namespace:
//  - the restore form passes `iptables-restore --test` and loads with --noflush;
//  - after loading, `iptables-save` prints exactly our `save` form;
//  - the `script` form, run twice, leaves exactly the save form plus kube-proxy's jumps from the
//    built-in chains and the chains they target (an empty KUBE-FIREWALL on IPv6, say), and the
//    second run changes nothing.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCompileArgs } from '../../src/cli/compile.js';
import { writeSave } from '../../src/formats/iptables/save.js';
import { compileProgram } from '../../src/pipeline/compile.js';
import { parseFlags } from '../../src/cli/flags.js';
import { parseIptables } from '../../src/formats/iptables/parse.js';
import { part } from '../../src/ir/program.js';
import { t } from '../../src/ir/iptables.js';
import { goldenCases, restoreFamily, type GoldenCase } from '../helpers/fixtures.js';
import { ensureNfacct, netnsUnavailable, nsExec, skipNetns, withNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';

const cases = goldenCases().filter((c) => restoreFamily(c) !== undefined);

/** iptables-save output without its "# Generated/Completed" lines. */
function saved(ns: string, v6: boolean, table: 'filter' | 'nat'): string {
  const r = nsExec(ns, v6 ? 'ip6tables-save' : 'iptables-save', ['-t', table]);
  expect(r.status).toBe(0);
  return r.stdout
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** iptables-save of the tables the expected text has (policy mode writes only filter). */
function savedAll(ns: string, v6: boolean, like: string): string {
  const tables = [...like.matchAll(/^\*(\w+)$/gm)].map((mt) => mt[1] as 'filter' | 'nat');
  return tables.map((tb) => saved(ns, v6, tb)).join('');
}

/** Policy cases with --ipset: their sets must exist before rules that match on them load. */
async function ipsetsOf(c: GoldenCase): Promise<string | undefined> {
  return c.args.includes('--ipset') ? output(c, 'ipset') : undefined;
}

function loadIpsets(ns: string, sets: string | undefined): void {
  if (sets === undefined) return;
  const r = nsExec(ns, 'ipset', ['restore'], sets);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

async function output(c: GoldenCase, format: string): Promise<string> {
  const r = await runCli([...c.args.slice(0, -1), '--output-format', format, c.args.at(-1)!], c.stdin, { cwd: c.dir });
  expect(r.exit).toBe(0);
  return r.stdout;
}

describe.skipIf(skipNetns)('golden iptables rules in the kernel', () => {
  it('can use network namespaces', async () => {
    expect(netnsUnavailable()).toBeUndefined();
  });
  it('has iptables goldens to load', async () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  for (const c of cases) {
    const v6 = restoreFamily(c) === 6;
    const restore = v6 ? 'ip6tables-restore' : 'iptables-restore';

    it(`${c.name}: restore form loads, and iptables-save prints the save form`, async () => {
      const rules = readFileSync(join(c.dir, 'expected.stdout'), 'utf8');
      const save = await output(c, 'save');
      const sets = await ipsetsOf(c);
      withNetns((ns) => {
        ensureNfacct(ns, rules);
        loadIpsets(ns, sets);
        const test = nsExec(ns, restore, ['--test', '--noflush'], rules);
        expect(test.stderr).toBe('');
        expect(test.status).toBe(0);
        const load = nsExec(ns, restore, ['--noflush'], rules);
        expect(load.stderr).toBe('');
        expect(load.status).toBe(0);
        expect(savedAll(ns, v6, save)).toBe(save);
        // The parser reads the kernel's own dump (comments, counters and all) into the IR it
        // reads from our save form: analysis of a live node and of our output agree.
        const live = nsExec(ns, v6 ? 'ip6tables-save' : 'iptables-save', []).stdout;
        expect(parseIptables(live, v6 ? 6 : 4)).toEqual(parseIptables(save, v6 ? 6 : 4));
      });
    });

    it(`${c.name}: script form is idempotent and leaves the save form plus the built-in jumps`, async () => {
      const script = await output(c, 'script');
      const args = parseCompileArgs(c.args.slice(1));
      const { program } = await compileProgram(
        { paths: args.paths, configPath: args.configPath, stdin: { text: c.stdin }, cwd: c.dir },
        parseFlags(args.flags).flags,
      );
      const ruleset = part(program, 'iptables')!.ruleset;
      // What the namespace must hold: our chains and jumps, plus a site's own chain and INPUT
      // rule that were there before (inserted first, so it ends up below our jumps).
      const filter = ruleset.tables.find((tb) => tb.name === 'filter')!;
      const withSite = writeSave(
        {
          ...ruleset,
          tables: ruleset.tables.map((tb) => (tb === filter ? { ...tb, chains: [...tb.chains, { name: 'SITE-LOCAL', rules: [] }] } : tb)),
          builtinJumps: [{ table: 'filter', chain: 'INPUT', rule: { matches: [], target: t.jump('SITE-LOCAL') } }, ...ruleset.builtinJumps],
        },
        { builtinJumps: true },
      );
      const file = join(mkdtempSync(join(tmpdir(), 'kr-script-')), 'rules.sh');
      writeFileSync(file, script);
      withNetns((ns) => {
        // Rules that are not kube-proxy's must survive.
        const tool = v6 ? 'ip6tables' : 'iptables';
        expect(nsExec(ns, tool, ['-N', 'SITE-LOCAL']).status).toBe(0);
        expect(nsExec(ns, tool, ['-A', 'INPUT', '-j', 'SITE-LOCAL']).status).toBe(0);
        const first = nsExec(ns, 'sh', [file]);
        expect(first.stderr).toBe('');
        expect(first.status).toBe(0);
        const after1 = savedAll(ns, v6, withSite);
        const second = nsExec(ns, 'sh', [file]);
        expect(second.status).toBe(0);
        expect(savedAll(ns, v6, withSite)).toBe(after1);
        expect(after1).toBe(withSite);
      });
    });
  }

  it('the script deletes stale per-service chains and keeps everything else', async () => {
    const [a, b] = ['iptables/upstream-overall', 'iptables/upstream-repeated-first'].map((n) => cases.find((c) => c.name === n)!);
    const dir = mkdtempSync(join(tmpdir(), 'kr-stale-'));
    writeFileSync(join(dir, 'a.sh'), await output(a!, 'script'));
    writeFileSync(join(dir, 'b.sh'), await output(b!, 'script'));
    withNetns((ns) => {
      expect(nsExec(ns, 'sh', [join(dir, 'b.sh')]).status).toBe(0);
      const onlyB = savedAll(ns, false, '*filter\n*nat\n');
      expect(nsExec(ns, 'sh', [join(dir, 'a.sh')]).status).toBe(0);
      expect(nsExec(ns, 'sh', [join(dir, 'b.sh')]).status).toBe(0);
      // nfacct counters made by a.sh stay, but the dump is b's exactly.
      expect(savedAll(ns, false, '*filter\n*nat\n')).toBe(onlyB);
    });
  });
});
