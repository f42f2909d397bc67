// src/backends/iptables/order.ts: the canonical order of iptables mode's ruleset, on rulesets made
// for the purpose (the goldens see it only on what the backend builds, which is mostly in order
// already). Each rule is named by its one comment, so a test reads as the order it expects.
import { describe, expect, it } from 'vitest';
import { canonicalize, compareChainNames, NODEPORTS_JUMP_COMMENT, ruleComment, serviceNameOf } from '../../../src/backends/iptables/order.js';
import { m, t, type Chain, type IptablesRuleset, type Rule, type RuleOrigin, type Table } from '../../../src/ir/iptables.js';

const svc = (namespace: string, name: string): RuleOrigin => ({ kind: 'service-port', namespace, name, port: 'p', protocol: 'tcp' });

/** A rule whose comment is `comment`, with `origin` when given. */
function rule(comment: string, origin?: RuleOrigin): Rule {
  return origin ? { matches: [m.comment(comment)], target: t.accept, origin } : { matches: [m.comment(comment)], target: t.accept };
}

const chain = (name: string, rules: Rule[] = []): Chain => ({ name, rules });
const table = (name: Table['name'], chains: Chain[]): Table => ({ name, builtins: [{ name: 'INPUT', policy: 'ACCEPT', rules: [] }], chains });
const ruleset = (tables: Table[]): IptablesRuleset => ({ family: 6, tables, builtinJumps: [{ table: 'nat', chain: 'OUTPUT', rule: { matches: [], target: t.jump('KUBE-SERVICES') } }] });

/** Each chain's rules by their comments. */
function comments(c: Chain): string[] {
  return c.rules.map((r) => ruleComment(r) ?? '(none)');
}

describe('canonicalize', () => {
  it('orders the tables by name and keeps the family, the built-in chains and the built-in jumps', () => {
    const rs = ruleset([table('nat', [chain('KUBE-MARK-MASQ')]), table('filter', [chain('KUBE-FORWARD')])]);
    const out = canonicalize(rs);
    expect(out.tables.map((tb) => tb.name)).toEqual(['filter', 'nat']);
    expect(out.family).toBe(6);
    expect(out.builtinJumps).toBe(rs.builtinJumps);
    expect(out.tables[0]!.builtins).toBe(rs.tables[1]!.builtins);
    expect(out.tables[0]!.chains).toEqual([{ name: 'KUBE-FORWARD', rules: [] }]);
    expect(rs.tables.map((tb) => tb.name)).toEqual(['nat', 'filter']);
  });

  it('orders chains: KUBE-NODEPORTS, KUBE-SERVICES, the other KUBE-* chains, then the rest, each in byte order', () => {
    const names = ['zeta', 'KUBE-SVC-B', 'KUBE-SERVICES', 'KUBE-a', 'Alpha', 'KUBE-NODEPORTS', 'KUBE-SVC-A', 'KUBE-', 'KUBE', 'KUBE-Z', 'a'];
    const out = canonicalize(ruleset([table('nat', names.map((n) => chain(n)))]));
    expect(out.tables[0]!.chains.map((c) => c.name)).toEqual([
      'KUBE-NODEPORTS',
      'KUBE-SERVICES',
      'KUBE-',
      'KUBE-SVC-A',
      'KUBE-SVC-B',
      'KUBE-Z',
      'KUBE-a',
      'Alpha',
      'KUBE',
      'a',
      'zeta',
    ]);
  });

  it('still orders a table that names a chain twice (never built so, but a total order): both kept, stably', () => {
    const first = chain('KUBE-X', [rule('first')]);
    const second = chain('KUBE-X', [rule('second')]);
    const out = canonicalize(ruleset([table('nat', [chain('other'), first, chain('KUBE-SERVICES'), second, chain('KUBE-NODEPORTS'), chain('KUBE-A')])]));
    expect(out.tables[0]!.chains.map((c) => [c.name, ...comments(c)])).toEqual([
      ['KUBE-NODEPORTS'],
      ['KUBE-SERVICES'],
      ['KUBE-A'],
      ['KUBE-X', 'first'],
      ['KUBE-X', 'second'],
      ['other'],
    ]);
  });

  it("leaves the rules of other chains in the order they were added, whatever their services", () => {
    const rules = [rule('ns/b:p'), rule('ns/a:p'), rule('ns/c:p', svc('ns', 'a'))];
    for (const name of ['KUBE-SVC-X', 'KUBE-FORWARD', 'KUBE-MARK-MASQ', 'KUBE-FIREWALL']) {
      const out = canonicalize(ruleset([table('nat', [chain(name, rules)])]));
      expect(out.tables[0]!.chains[0]!.rules).toBe(rules);
    }
  });

  it('stable-sorts KUBE-NODEPORTS, KUBE-SERVICES, KUBE-EXTERNAL-SERVICES and KUBE-PROXY-FIREWALL by service name', () => {
    for (const name of ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL']) {
      const rules = [
        rule('ns/web:http cluster IP'),
        rule('ns/b-1 external IP'),
        rule('ns/web:https cluster IP'),
        rule('ns/b no endpoints'),
        rule('ns/B:x'),
        rule('ns/b-0'),
      ];
      const out = canonicalize(ruleset([table('filter', [chain(name, rules)])]));
      expect(comments(out.tables[0]!.chains[0]!), name).toEqual([
        'ns/B:x',
        'ns/b no endpoints',
        'ns/b-0',
        'ns/b-1 external IP',
        'ns/web:http cluster IP',
        'ns/web:https cluster IP',
      ]);
    }
  });

  it('keeps the order of rules of one service, also when they are apart (a stable sort of runs)', () => {
    const rules = [rule('ns/z:1 first'), rule('ns/a:1 first'), rule('ns/z:2 second'), rule('ns/a:2 second'), rule('ns/m:1'), rule('ns/a:3 third')];
    const out = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', rules)])]));
    expect(comments(out.tables[0]!.chains[0]!)).toEqual(['ns/a:1 first', 'ns/a:2 second', 'ns/a:3 third', 'ns/m:1', 'ns/z:1 first', 'ns/z:2 second']);
  });

  it('sorts by the origin of a rule, not its comment, when it has one', () => {
    const b = svc('ns', 'b');
    const rules = [rule('ns/a:1 (b)', b), rule('ns/z:2 (b)', b), rule('ns/c:1 (a)', svc('ns', 'a')), rule('ns/b:9 (none)')];
    const out = canonicalize(ruleset([table('nat', [chain('KUBE-NODEPORTS', rules)])]));
    expect(comments(out.tables[0]!.chains[0]!)).toEqual(['ns/c:1 (a)', 'ns/a:1 (b)', 'ns/z:2 (b)', 'ns/b:9 (none)']);
  });

  it('finds the name of each rule: a new origin object of another service is not taken for the last one', () => {
    const a = svc('ns', 'a');
    const rules = [rule('1', svc('ns', 'z')), rule('2', a), rule('3', a), rule('4', svc('ns', 'b')), rule('5', { ...a })];
    const out = canonicalize(ruleset([table('nat', [chain('KUBE-NODEPORTS', rules)])]));
    expect(comments(out.tables[0]!.chains[0]!)).toEqual(['2', '3', '5', '4', '1']);
  });

  it('puts the nodeports jump last in nat KUBE-SERVICES, and only there', () => {
    const jump = rule(NODEPORTS_JUMP_COMMENT);
    const natOut = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', [rule('ns/b:p'), jump, rule('ns/a:p'), rule('zz/z:p')])])]));
    expect(comments(natOut.tables[0]!.chains[0]!)).toEqual(['ns/a:p', 'ns/b:p', 'zz/z:p', NODEPORTS_JUMP_COMMENT]);
    // Several jumps (--nodeport-addresses): kept together, in their order, after every service.
    const jumps = [{ ...jump, target: t.jump('X') }, jump];
    const two = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', [jumps[0]!, rule('ns/b:p'), jumps[1]!, rule('ns/a:p')])])]));
    expect(two.tables[0]!.chains[0]!.rules.slice(2)).toEqual(jumps);
    // Already last: nothing to sort.
    const inOrder = [rule('ns/a:p'), rule('ns/b:p'), jump];
    expect(canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', inOrder)])])).tables[0]!.chains[0]!.rules).toBe(inOrder);
    // A rule of a service named like the jump's first word ("kubernetes") is still sorted apart from it.
    const alike = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', [rule('kubernetes:x'), jump, rule('z/z:p')])])]));
    expect(comments(alike.tables[0]!.chains[0]!)).toEqual(['kubernetes:x', 'z/z:p', NODEPORTS_JUMP_COMMENT]);
    // Elsewhere the comment is just a comment: sorted by its first word, "kubernetes".
    const filterOut = canonicalize(ruleset([table('filter', [chain('KUBE-SERVICES', [jump, rule('zz/z:p'), rule('a/a:p')])])]));
    expect(comments(filterOut.tables[0]!.chains[0]!)).toEqual(['a/a:p', NODEPORTS_JUMP_COMMENT, 'zz/z:p']);
    const nodePorts = canonicalize(ruleset([table('nat', [chain('KUBE-NODEPORTS', [jump, rule('zz/z:p'), rule('a/a:p')])])]));
    expect(comments(nodePorts.tables[0]!.chains[0]!)).toEqual(['a/a:p', NODEPORTS_JUMP_COMMENT, 'zz/z:p']);
  });

  it('returns a sorted chain as it is, and otherwise a new list (the ruleset given is not changed)', () => {
    const rules = [rule('a/a:p'), rule('a/a:q'), rule('b/b:p'), rule('c/c:p')];
    expect(canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', rules)])])).tables[0]!.chains[0]!.rules).toBe(rules);
    const unsorted = [rule('b/b:p'), rule('a/a:p')];
    const out = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', unsorted)])])).tables[0]!.chains[0]!;
    expect(comments(out)).toEqual(['a/a:p', 'b/b:p']);
    expect(unsorted.map((r) => ruleComment(r))).toEqual(['b/b:p', 'a/a:p']);
  });

  it('sorts a chain whose only misplaced run is the last one', () => {
    const out = canonicalize(ruleset([table('nat', [chain('KUBE-SERVICES', [rule('b/b:p'), rule('c/c:p'), rule('a/a:p')])])]));
    expect(comments(out.tables[0]!.chains[0]!)).toEqual(['a/a:p', 'b/b:p', 'c/c:p']);
  });
});

describe('compareChainNames', () => {
  it('ranks KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-*, the rest; then byte order', () => {
    const names = ['b', 'KUBE-SVC-B', 'KUBE-SERVICES', 'A', 'KUBE-NODEPORTS', 'KUBE-SVC-A', 'KUBE'];
    expect([...names].sort(compareChainNames)).toEqual(['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-SVC-A', 'KUBE-SVC-B', 'A', 'KUBE', 'b']);
    expect(compareChainNames('KUBE-SERVICES', 'KUBE-SERVICES')).toBe(0);
    expect(compareChainNames('KUBE-NODEPORTS', 'KUBE-SERVICES')).toBe(-1);
    expect(compareChainNames('zz', 'KUBE-NODEPORTS')).toBe(3);
    expect(compareChainNames('KUBE-B', 'KUBE-A')).toBe(1);
  });
});

describe('serviceNameOf', () => {
  it("is ns/name of a service port's or an endpoint's origin", () => {
    expect(serviceNameOf(rule('other/x:p', svc('ns', 'web')))).toBe('ns/web');
    expect(serviceNameOf(rule('other/x:p', { kind: 'endpoint', namespace: 'ns', name: 'db', port: '', protocol: 'udp', endpoint: '10.0.0.1:53' }))).toBe('ns/db');
  });

  it('is the comment up to its first space or colon otherwise (a parsed rule, or an origin that is no service)', () => {
    expect(serviceNameOf(rule('ns1/svc1:p80 cluster IP'))).toBe('ns1/svc1');
    expect(serviceNameOf(rule('ns1/svc1 has no endpoints'))).toBe('ns1/svc1');
    expect(serviceNameOf(rule('ns1/svc1'))).toBe('ns1/svc1');
    expect(serviceNameOf(rule(':x'))).toBe('');
    expect(serviceNameOf(rule('x/y:p', { kind: 'policy', namespace: 'ns', name: 'p', direction: 'ingress' }))).toBe('x/y');
    expect(serviceNameOf({ matches: [m.mark(1, 1)], target: null })).toBe('');
  });
});

describe('ruleComment', () => {
  it("is the text of the rule's first comment match, or undefined", () => {
    expect(ruleComment({ matches: [m.mark(1, 1), m.comment('one'), m.comment('two')], target: null })).toBe('one');
    expect(ruleComment({ matches: [m.mark(1, 1)], target: null })).toBeUndefined();
  });
});
