// Every iptables golden loads into a real kernel: `iptables-restore --test`, then a real
// `--noflush` load, in a fresh network namespace; the loaded ruleset has every chain we declared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCases, restoreFamily } from '../helpers/fixtures.js';
import { ensureNfacct, netnsUnavailable, nsExec, skipNetns, withNetns } from '../helpers/netns.js';

const cases = goldenCases().filter((c) => restoreFamily(c) !== undefined);

describe.skipIf(skipNetns)('golden iptables rules load into the kernel', () => {
  it('can use network namespaces', () => {
    expect(netnsUnavailable()).toBeUndefined();
  });
  it('has iptables goldens to load', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(c.name, () => {
      const rules = readFileSync(join(c.dir, 'expected.stdout'), 'utf8');
      const v6 = restoreFamily(c) === 6;
      const restore = v6 ? 'ip6tables-restore' : 'iptables-restore';
      const save = v6 ? 'ip6tables-save' : 'iptables-save';
      withNetns((ns) => {
        ensureNfacct(ns, rules);
        const test = nsExec(ns, restore, ['--test', '--noflush'], rules);
        expect(test.stderr).toBe('');
        expect(test.status).toBe(0);
        const load = nsExec(ns, restore, ['--noflush'], rules);
        expect(load.stderr).toBe('');
        expect(load.status).toBe(0);
        const dump = nsExec(ns, save, []);
        expect(dump.status).toBe(0);
        const declared = [...rules.matchAll(/^:(\S+) - \[0:0\]$/gm)].map((mt) => mt[1]!);
        const loaded = new Set([...dump.stdout.matchAll(/^:(\S+) /gm)].map((mt) => mt[1]!));
        for (const chain of declared) expect(loaded).toContain(chain);
        const ruleCount = rules.split('\n').filter((l) => l.startsWith('-A ')).length;
        expect(dump.stdout.split('\n').filter((l) => l.startsWith('-A ')).length).toBe(ruleCount);
      });
    });
  }
});
