// The nftables backends build typed statements, not text: for every nftables golden that
// compiles, the chains and rules of the program are exactly what its transaction text reads back
// as (origins aside, as text has none;
// a compact set as an ordinary one). An --allow-empty case compiles only through the CLI.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTransaction } from '../../../src/formats/nft/parse.js';
import { writeTransaction } from '../../../src/formats/nft/transaction.js';
import type { NftTable } from '../../../src/ir/nftables.js';
import { part } from '../../../src/ir/program.js';
import { goldenCases } from '../../helpers/fixtures.js';
import { caseProgram } from '../../helpers/program.js';

/** `compact` (a set written `{a,b}`, as kube-proxy joins its service CIDRs) is spelling only: the parser reads an ordinary set. */
const plain = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(plain) : v && typeof v === 'object' && !(v instanceof Uint8Array) ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'compact').map(([k, x]) => [k, plain(x)])) : v;
const chains = (t: NftTable) => t.chains.map((c) => ({ name: c.name, rules: c.rules.map((r) => plain({ statements: r.statements, comment: r.comment })) }));

describe('the rules of an nftables program are the rules its transaction says', () => {
  const cases = goldenCases().filter((c) => c.args[0] === 'compile' && !existsSync(join(c.dir, 'expected.exit')) && c.args.includes('nftables') && !c.args.includes('--allow-empty'));
  it('has goldens of both nftables backends', () => {
    expect(cases.filter((c) => c.name.startsWith('nftables/')).length).toBeGreaterThan(20);
    expect(cases.filter((c) => c.name.startsWith('policy-nftables/')).length).toBeGreaterThan(3);
  });
  for (const c of cases) {
    it(c.name, () => {
      const table = part(caseProgram(c), 'nftables')!.table;
      expect(chains(parseTransaction(writeTransaction(table)))).toEqual(chains(table));
    });
  }
});
