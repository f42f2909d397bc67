// Backends build typed rules, not text: `-j RETURN` is the return target (not a jump to a chain
// named RETURN), `-j MASQUERADE` the masquerade target, `--dst-type LOCAL` an addrtype match on the
// destination, an ipBlock of every address no address match at all. For every golden that
// compiles, the rules of the program are exactly what its iptables text reads back as (origins
// aside, as text has none; a statistic's probability as the text writes it, to 10 decimals). The
// text is kube-proxy's dialect, which keeps the matches in the order of the program (policy mode
// writes the kernel's, which puts addresses first).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIptables } from '../../src/formats/iptables/parse.js';
import { writeRestore } from '../../src/formats/iptables/restore.js';
import type { IptablesRuleset, Match } from '../../src/ir/iptables.js';
import { part } from '../../src/ir/program.js';
import { goldenCases } from '../helpers/fixtures.js';
import { caseProgram } from '../helpers/program.js';

const match = (mt: Match): Match => (mt.kind === 'statistic' ? { kind: 'statistic', probability: Number(mt.probability.toFixed(10)) } : mt);
const chains = (rs: IptablesRuleset) =>
  rs.tables.map((t) => ({ table: t.name, chains: t.chains.map((c) => ({ name: c.name, rules: c.rules.map((r) => ({ matches: r.matches.map(match), target: r.target })) })) }));

describe('the rules of a program are the rules its text says', () => {
  // Only the list of cases is read here; each is compiled inside its test. The nftables backends
  // (`--mode nftables`, `--backend nftables`) write no iptables text.
  const cases = goldenCases().filter((c) => c.args[0] === 'compile' && !existsSync(join(c.dir, 'expected.exit')) && !c.args.includes('nftables'));
  it('has goldens of every backend, of both families', () => {
    expect(cases.filter((c) => c.args.includes('ipvs')).length).toBeGreaterThan(40);
    expect(cases.filter((c) => c.args.includes('policy')).length).toBeGreaterThan(4);
    expect(cases.filter((c) => !c.args.includes('ipvs') && !c.args.includes('policy')).length).toBeGreaterThan(30);
    expect(cases.some((c) => c.args.includes('ipv6'))).toBe(true);
    expect(goldenCases().filter((c) => c.args.includes('nftables') && !cases.includes(c)).length).toBeGreaterThan(30);
  });
  for (const c of cases) {
    it(c.name, () => {
      const rs = part(caseProgram(c), 'iptables')!.ruleset;
      expect(chains(parseIptables(writeRestore(rs), rs.family))).toEqual(chains(rs));
    });
  }
});
