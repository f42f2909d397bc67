// src/ir/iptables.ts: the builders backends use.
import { describe, expect, it } from 'vitest';
import { BUILTIN_CHAINS, m, t, TableBuilder } from '../../src/ir/iptables.js';
import { part, type NodeProgram } from '../../src/ir/program.js';

describe('TableBuilder', () => {
  it('declares every built-in chain of its table with policy ACCEPT and no rules of its own', () => {
    expect(new TableBuilder('nat').build().builtins).toEqual(BUILTIN_CHAINS.nat.map((name) => ({ name, policy: 'ACCEPT', rules: [] })));
  });

  it('keeps chains in first-use order and rules in the order they are added, each with the origin current when added', () => {
    const b = new TableBuilder('filter');
    b.chain('B').add(t.accept);
    b.origin = { kind: 'policy', namespace: 'x', name: 'p', direction: 'ingress' };
    b.chain('A').add(t.drop, m.comment('one'));
    b.chain('B').add(t.ret);
    b.origin = undefined;
    b.chain('A').add(null, m.comment('two'));
    const table = b.build();
    expect(table.chains.map((c) => c.name)).toEqual(['B', 'A']);
    expect(table.chains[0]!.rules).toEqual([
      { matches: [], target: { kind: 'accept' } },
      { matches: [], target: { kind: 'return' }, origin: { kind: 'policy', namespace: 'x', name: 'p', direction: 'ingress' } },
    ]);
    expect(table.chains[1]!.rules.map((r) => 'origin' in r)).toEqual([true, false]);
  });
});

describe('NodeProgram', () => {
  it('finds a part by kind', () => {
    const program: NodeProgram = { title: 't', node: '', family: 4, parts: [{ kind: 'host', steps: [{ kind: 'nfacct', name: 'c' }] }] };
    expect(part(program, 'host')?.steps).toEqual([{ kind: 'nfacct', name: 'c' }]);
    expect(part(program, 'iptables')).toBeUndefined();
  });
});
