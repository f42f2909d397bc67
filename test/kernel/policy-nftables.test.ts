// Every policy-nftables golden against a real kernel, each load in a fresh network namespace
// (never the root namespace's ruleset):
//  - the transaction form passes `nft -c -f` and loads with `nft -f`;
//  - after loading, `nft list table inet kube-rulec-policy` prints exactly the ruleset form, and
//    loading the transaction again changes nothing;
//  - the script form, run twice over a namespace that already has a stale chain and set in our
//    table and a table of someone else's, leaves exactly the ruleset form in our table, and the
//    other table as it was.
import { describe, expect, it } from 'vitest';
import { goldenCases, formArgs, type GoldenCase } from '../helpers/fixtures.js';
import { exec, netnsUnavailable, nsExec, skipNetns, withNetns } from '../helpers/netns.js';
import { runCli } from '../helpers/run.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TABLE = ['inet', 'kube-rulec-policy'];
const cases = () => goldenCases().filter((c) => c.name.startsWith('policy-nftables/'));

async function form(c: GoldenCase, name: string): Promise<string> {
  const r = await runCli(formArgs(c, name), c.stdin, { cwd: c.dir });
  expect(r.exit, r.stderr).toBe(0);
  return r.stdout;
}

function listed(ns: string): string {
  const r = nsExec(ns, 'nft', ['list', 'table', ...TABLE]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

function load(ns: string, text: string, check = false): void {
  const r = nsExec(ns, 'nft', check ? ['-c', '-f', '-'] : ['-f', '-'], text);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

const SITE = 'table ip site {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n';

describe.skipIf(skipNetns)('policy nftables goldens in the kernel', () => {
  it('can use network namespaces and nft', async () => {
    expect(netnsUnavailable()).toBeUndefined();
    expect(exec('sh', ['-c', 'command -v nft']).status, 'nft is not installed (scripts/install-test-deps.sh)').toBe(0);
  });
  it('has policy-nftables goldens, each with a transaction or ruleset form', async () => {
    const list = cases();
    expect(list.length).toBeGreaterThanOrEqual(4);
    for (const c of list) expect(c.forms ?? [], c.name).toContain('ruleset');
  });

  for (const c of cases()) {
    it(`${c.name}: the transaction passes nft -c, loads, and nft list prints the ruleset form`, async () => {
      const transaction = await form(c, 'transaction');
      const ruleset = await form(c, 'ruleset');
      withNetns((ns) => {
        load(ns, transaction, true);
        load(ns, transaction);
        expect(listed(ns)).toBe(ruleset);
        load(ns, transaction);
        expect(listed(ns)).toBe(ruleset);
      });
    });

    it(`${c.name}: the script replaces the table, removes what it no longer has, and touches nothing else`, async () => {
      const script = await form(c, 'script');
      const ruleset = await form(c, 'ruleset');
      const file = join(mkdtempSync(join(tmpdir(), 'kr-nft-script-')), 'rules.sh');
      writeFileSync(file, script);
      withNetns((ns) => {
        load(ns, SITE);
        // What an older policy set left: a chain and a set this one does not have.
        load(ns, `add table inet kube-rulec-policy\nadd chain inet kube-rulec-policy pod-in-STALE\nadd set inet kube-rulec-policy peer-ip4-STALE { type ipv4_addr ; }\n`);
        for (let run = 0; run < 2; run++) {
          const r = nsExec(ns, 'sh', [file]);
          expect(r.stderr).toBe('');
          expect(r.status).toBe(0);
          expect(listed(ns)).toBe(ruleset);
        }
        expect(nsExec(ns, 'nft', ['list', 'table', 'ip', 'site']).stdout).toBe(SITE);
      });
    });
  }
});
