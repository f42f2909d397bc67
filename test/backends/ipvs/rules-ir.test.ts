// src/backends/ipvs/rules.ts builds typed rules, not text: `-j RETURN` is the return target (not a
// jump to a chain named RETURN), `-j MASQUERADE` the masquerade target, `--dst-type LOCAL` an
// addrtype match on the destination. For every IPVS golden, the rules of the program are exactly
// what its iptables text reads back as (origins aside: text has none).
import { describe, expect, it } from 'vitest';
import { parseIptables } from '../../../src/formats/iptables/parse.js';
import { writeRestore } from '../../../src/formats/iptables/restore.js';
import type { IptablesRuleset, Rule } from '../../../src/ir/iptables.js';
import { part } from '../../../src/ir/program.js';
import { goldenCases } from '../../helpers/fixtures.js';
import { caseProgram } from '../../helpers/program.js';

const chains = (rs: IptablesRuleset) =>
  rs.tables.map((t) => ({ table: t.name, chains: t.chains.map((c) => ({ name: c.name, rules: c.rules.map((r: Rule) => ({ matches: r.matches, target: r.target })) })) }));

describe('IPVS mode: the rules of the program are the rules its text says', () => {
  // Only the list of cases is read here; each is compiled inside its test.
  const cases = goldenCases().filter((c) => c.forms?.includes('iptables'));
  it('has IPVS goldens of both families', () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.some((c) => c.args.includes('ipv6'))).toBe(true);
  });
  for (const c of cases) {
    it(c.name, () => {
      const rs = part(caseProgram(c), 'iptables')!.ruleset;
      expect(chains(parseIptables(writeRestore(rs), rs.family))).toEqual(chains(rs));
    });
  }
});
