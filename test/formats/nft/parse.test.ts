// formats/nft/parse: every transaction golden reads back into the IR and writes out again byte
// for byte, with every statement understood (no `unknown`); what it cannot read is kept, word
// for word, never dropped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NftParseError, parseRule, parseTransaction, words } from '../../../src/formats/nft/parse.js';
import { writeRuleset } from '../../../src/formats/nft/ruleset.js';
import { writeTransaction } from '../../../src/formats/nft/transaction.js';
import { goldenCases } from '../../helpers/fixtures.js';

describe('parseTransaction', () => {
  it('reads every transaction golden back: write(parse(text)) == text, every statement typed, and the same ruleset', () => {
    const cases = goldenCases().filter((c) => c.forms?.includes('transaction'));
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const text = readFileSync(join(c.dir, 'expected.transaction'), 'utf8');
      const t = parseTransaction(text);
      expect(writeTransaction(t), c.name).toBe(text);
      const unknown = t.chains.flatMap((ch) => ch.rules.flatMap((r) => r.statements.filter((s) => s.kind === 'unknown')));
      expect(unknown, c.name).toEqual([]);
      expect(writeRuleset(t), c.name).toBe(readFileSync(join(c.dir, 'expected.ruleset'), 'utf8'));
    }
  });

  it('keeps a rule it cannot read as its words', () => {
    expect(parseRule(words('tcp flags syn limit rate 10/second accept comment "x y"'))).toEqual({
      statements: [{ kind: 'unknown', words: ['tcp', 'flags', 'syn', 'limit', 'rate', '10/second', 'accept'] }],
      comment: 'x y',
    });
  });

  it('reads statements of an inet policy table', () => {
    const r = parseRule(words('meta nfproto ipv4 ip saddr . tcp dport @allowed ct mark set 0x10 counter accept'));
    expect(r.statements.map((s) => s.kind)).toEqual(['match', 'match', 'mark-set', 'counter', 'verdict']);
  });

  it('refuses what is not a transaction of one table, naming the line', () => {
    expect(() => parseTransaction('add chain ip t c\n')).toThrow(NftParseError);
    expect(() => parseTransaction('add table ip t\nadd rule ip t c accept\n')).toThrow(/line 2: a rule of an undeclared chain c/);
    expect(() => parseTransaction('add table ip t\nadd chain ip other c\n')).toThrow(/line 2/);
  });
});
