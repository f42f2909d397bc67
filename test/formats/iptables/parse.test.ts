// formats/iptables/parse.ts: text → IR, and back. For every golden in restore or save form,
// writing what the parser read gives the same text, byte for byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IptablesParseError, parseIptables, splitWords } from '../../../src/formats/iptables/parse.js';
import { writeRestore } from '../../../src/formats/iptables/restore.js';
import { writeSave } from '../../../src/formats/iptables/save.js';
import { goldenCases, restoreFamily } from '../../helpers/fixtures.js';

/** The writer that wrote a golden: its output form, and for restore text the dialect of its mode. */
function writerOf(args: string[]): ((text: string, family: 4 | 6) => string) | undefined {
  const form = args[args.indexOf('--output-format') + 1];
  if (args.includes('--output-format') && form !== 'save' && form !== 'restore') return undefined;
  if (form === 'save' && args.includes('--output-format')) return (text, family) => writeSave(parseIptables(text, family));
  const dialect = args[args.indexOf('--mode') + 1] === 'policy' && args.includes('--mode') ? 'kernel' : 'kube-proxy';
  return (text, family) => writeRestore(parseIptables(text, family), { dialect });
}

describe('iptables text round trip: write(parse(text)) == text', () => {
  const cases = goldenCases().filter((c) => restoreFamily(c) !== undefined && writerOf(c.args));
  it('has restore and save goldens of both modes', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.some((c) => c.args.includes('save'))).toBe(true);
    expect(cases.some((c) => c.args.includes('policy'))).toBe(true);
  });
  for (const c of cases) {
    it(c.name, () => {
      const text = readFileSync(join(c.dir, 'expected.stdout'), 'utf8');
      expect(writerOf(c.args)!(text, restoreFamily(c)!)).toBe(text);
    });
  }
});

// IPVS mode's iptables form (expected.iptables of the multi-form ipvs cases): kube-proxy's dialect.
describe('IPVS mode iptables text round trip: write(parse(text)) == text', () => {
  const cases = goldenCases().filter((c) => c.forms?.includes('iptables'));
  it('has IPVS goldens of both families', () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(cases.some((c) => c.args.includes('ipv6'))).toBe(true);
  });
  for (const c of cases) {
    it(c.name, () => {
      const text = readFileSync(join(c.dir, 'expected.iptables'), 'utf8');
      const family = c.args.includes('ipv6') ? 6 : 4;
      const parsed = parseIptables(text, family);
      expect(writeRestore(parsed)).toBe(text);
      // Every match and target is typed: nothing of IPVS mode is kept as mere words.
      const kinds = parsed.tables.flatMap((t) => t.chains.flatMap((ch) => ch.rules.flatMap((r) => [...r.matches.map((m) => m.kind), r.target?.kind])));
      expect(kinds).not.toContain('unknown');
    });
  }
});

describe('parseIptables', () => {
  it('types what kube-proxy writes, in either order of protocol and module', () => {
    const restore = parseIptables('*nat\n:KUBE-SVC-X - [0:0]\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -m comment --comment "a/b:c cluster IP" -m tcp -p tcp -d 10.96.0.1 --dport 80 -j KUBE-SVC-X\nCOMMIT\n', 4);
    const saved = parseIptables('*nat\n:PREROUTING ACCEPT [4:240]\n:KUBE-SVC-X - [0:0]\n:KUBE-SERVICES - [0:0]\n-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "a/b:c cluster IP" -m tcp --dport 80 -j KUBE-SVC-X\nCOMMIT\n', 4);
    const rule = (rs: ReturnType<typeof parseIptables>) => rs.tables[0]!.chains.find((ch) => ch.name === 'KUBE-SERVICES')!.rules[0]!;
    expect(rule(restore).matches.map((m) => m.kind)).toEqual(['comment', 'protocol', 'addr', 'dport']);
    expect(rule(saved).matches.map((m) => m.kind)).toEqual(['addr', 'comment', 'protocol', 'dport']);
    expect(rule(saved).target).toEqual({ kind: 'jump', chain: 'KUBE-SVC-X' });
    expect(saved.tables[0]!.builtins).toEqual([{ name: 'PREROUTING', policy: 'ACCEPT', rules: [] }]);
  });

  // IPVS mode's two extra matches, as kube-proxy writes them and as iptables-save prints them
  // (libxt_physdev, libxt_ipvs: `--vproto` by number and first, `--vaddr` with its mask).
  it('types the physdev and ipvs matches of IPVS mode in both dialects', () => {
    const restore = [
      '*filter',
      ':KUBE-IPVS-OUT-FILTER - [0:0]',
      ':KUBE-X - [0:0]',
      '-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4 -m ipvs --vaddr 1.2.3.4 --vproto tcp --vport 80 -j DROP',
      '-A KUBE-X -m comment --comment "with type \'hash ip:port\'" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const rs = parseIptables(restore, 4);
    const rules = rs.tables[0]!.chains.map((ch) => ch.rules[0]!);
    expect(rules[0]!.matches.map((m) => m.kind)).toEqual(['addr', 'ipvs']);
    expect(rules[0]!.matches[1]).toMatchObject({ kind: 'ipvs', vproto: 'tcp', vport: 80 });
    expect(rules[1]!.matches.map((m) => m.kind)).toEqual(['comment', 'set', 'physdev-is-in', 'addrtype']);
    expect(rules[1]!.matches[2]).toEqual({ kind: 'physdev-is-in', negate: true });
    expect(writeRestore(rs)).toBe(restore);
    const saved = writeSave(rs);
    expect(saved).toContain('-A KUBE-IPVS-OUT-FILTER -s 1.2.3.4/32 -m ipvs --vproto 6 --vaddr 1.2.3.4/32 --vport 80 -j DROP');
    expect(saved).toContain("-m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT");
    expect(writeSave(parseIptables(saved, 4))).toBe(saved);
    const v6 = '*filter\n:F - [0:0]\n-A F -s 2001:db8::1/128 -m ipvs --vproto 132 --vaddr 2001:db8::1/128 --vport 80 -j DROP\nCOMMIT\n';
    expect(writeSave(parseIptables(v6, 6))).toBe(v6);
    expect(writeRestore(parseIptables(v6, 6))).toContain('-m ipvs --vaddr 2001:db8::1 --vproto sctp --vport 80 -j DROP');
    // Another mask, a negation or an option kube-proxy never writes: kept as words.
    for (const other of ['-m ipvs --vaddr 1.2.3.0/24 --vproto tcp --vport 80', '-m ipvs --vaddr 1.2.3.4 --vproto tcp --vport 80 --vdir ORIGINAL', '-m physdev --physdev-in eth0']) {
      const text = `*filter\n:F - [0:0]\n-A F ${other} -j DROP\nCOMMIT\n`;
      const parsed = parseIptables(text, 4);
      expect(parsed.tables[0]!.chains[0]!.rules[0]!.matches.every((m) => m.kind === 'unknown')).toBe(true);
      expect(writeRestore(parsed)).toBe(text);
    }
  });

  it('keeps what it does not type, word for word, and writes it back', () => {
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':SITE - [0:0]',
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j ACCEPT',
      '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -j SITE',
      '-A INPUT -m set ! --match-set allowed src,dst -j LOG --log-prefix "dropped: "',
      '-A SITE -p udp -j REJECT --reject-with icmp-host-prohibited',
      'COMMIT',
      '',
    ].join('\n');
    const rs = parseIptables(text, 4);
    expect(writeSave(rs)).toBe(text);
    const input = rs.tables[0]!.builtins.find((b) => b.name === 'INPUT')!;
    expect(input.policy).toBe('DROP');
    expect(input.rules[1]!.matches).toEqual([
      { kind: 'unknown', words: ['-p', 'icmp'] },
      { kind: 'unknown', words: ['-m', 'icmp', '--icmp-type', '8'] },
      { kind: 'unknown', words: ['-m', 'limit', '--limit', '5/sec'] },
    ]);
    expect(input.rules[3]!.matches[0]).toEqual({ kind: 'set', name: 'allowed', flags: ['src', 'dst'], negate: true });
    expect(input.rules[3]!.target).toEqual({ kind: 'unknown', words: ['-j', 'LOG', '--log-prefix', '"dropped: "'] });
    const site = rs.tables[0]!.chains[0]!.rules[0]!;
    expect(site.matches).toEqual([{ kind: 'protocol', protocol: 'udp', bare: true }]);
    expect(site.target).toEqual({ kind: 'unknown', words: ['-j', 'REJECT', '--reject-with', 'icmp-host-prohibited'] });
  });

  it('splits words as iptables-save quotes them', () => {
    expect(splitWords('-m comment --comment "a \\"b\\" c" -j X')).toEqual(['-m', 'comment', '--comment', 'a "b" c', '-j', 'X']);
  });

  it('says where text is not iptables text', () => {
    expect(() => parseIptables('-A X -j ACCEPT\n', 4)).toThrow(new IptablesParseError(1, 'a line outside a table (no *filter or *nat before it)'));
    expect(() => parseIptables('*filter\n-A NOPE -j ACCEPT\nCOMMIT\n', 4)).toThrow('line 2: rule for the undeclared chain NOPE');
    expect(() => parseIptables('*filter\n:X - [0:0]\n', 4)).toThrow('table filter has no COMMIT');
  });
});
