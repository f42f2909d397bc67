// The fixtures/nftables/upstream-* cases are kube-proxy's own whole-dump tests
// (pkg/proxy/nftables/proxier_test.go), transcribed: input objects, the settings of
// NewFakeProxier as flags, and the expected dump as upstream wrote it (upstream.nft). kube-rulec's
// transaction, applied to a fresh table, must equal it under upstream's own comparison
// (helpers_test.go: sorted by object type and name, rules in their order). The one deliberate
// difference, named in each case's README: the mark, which real kube-proxy writes `%#08x`
// (0x00004000) and the fake proxier hard-codes as 0x4000.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formArgs, goldenCases } from '../../helpers/fixtures.js';
import { applyTransaction, sortTransaction } from '../../helpers/nft-transaction.js';
import { runCli } from '../../helpers/run.js';

describe('upstream nftables whole-dump tests', () => {
  it('sorts as helpers_test.go does: type, then name, rules kept in order, blank and # lines dropped', () => {
    const tx = [
      'add rule ip kube-proxy b second',
      '# comment',
      'add element ip kube-proxy s { 2 }',
      '',
      'add rule ip kube-proxy a only',
      'add chain ip kube-proxy b',
      'add rule ip kube-proxy b first',
      'add element ip kube-proxy s { 1 }',
      'add table ip kube-proxy { comment "x" ; }',
      'add set ip kube-proxy s { type ipv4_addr ; }',
    ].join('\n');
    expect(sortTransaction(tx).split('\n')).toEqual([
      'add table ip kube-proxy { comment "x" ; }',
      'add chain ip kube-proxy b',
      'add rule ip kube-proxy a only',
      'add rule ip kube-proxy b second',
      'add rule ip kube-proxy b first',
      'add set ip kube-proxy s { type ipv4_addr ; }',
      'add element ip kube-proxy s { 1 }',
      'add element ip kube-proxy s { 2 }',
    ]);
  });

  it('applies flushes and deletes: what a transaction leaves in a fresh table', () => {
    const tx = [
      'add table ip t',
      'add chain ip t c',
      'delete chain ip t c',
      'add chain ip t c { type nat hook output priority -100 ; }',
      'flush chain ip t c',
      'add set ip t gone { type ipv4_addr ; }',
      'delete set ip t gone',
      'add rule ip t c accept',
    ].join('\n');
    expect(applyTransaction(tx)).toBe('add table ip t\nadd chain ip t c { type nat hook output priority -100 ; }\nadd rule ip t c accept\n');
  });

  const cases = goldenCases().filter((c) => c.name.startsWith('nftables/upstream-'));
  it('finds the cases', () => {
    expect(cases.map((c) => c.name)).toContain('nftables/upstream-overall');
  });
  for (const c of cases) {
    it(c.name, async () => {
      expect(existsSync(join(c.dir, 'README.md'))).toBe(true);
      const upstream = readFileSync(join(c.dir, 'upstream.nft'), 'utf8');
      const r = await runCli(formArgs(c, 'transaction'), c.stdin, { cwd: c.dir });
      expect(r.exit).toBe(0);
      const ours = applyTransaction(r.stdout).replaceAll('0x00004000', '0x4000');
      expect(sortTransaction(ours)).toBe(sortTransaction(upstream));
    });
  }
});
