// The restore writer spells each match and target once, as a string, and hands the text out in
// pieces of about 64 Ki characters. What must hold: the lines kube-proxy writes, addresses and
// ports spelled as net.IP.String() and strconv do, pieces that end on a line's end and add up to the whole text, tokens for scripts that
// are the line's words (a comment's text kept whole), and text that is not ASCII (a parsed
// dump's unknown words) kept as it was.
import { describe, expect, it } from 'vitest';
import { PIECE_CHARS, restorePieces, restoreRuleTokens, restoreTables, writeRestore } from '../../../src/formats/iptables/restore.js';
import { addr } from '../../../src/ir/addr.js';
import { m, t, type Chain, type IptablesRuleset, type Rule } from '../../../src/ir/iptables.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP, type IP } from '../../../src/net/ip.js';

const ip = (s: string): IP => parseIP(s)!.ip;
const ruleset = (family: 4 | 6, chains: Chain[]): IptablesRuleset => ({ family, tables: [{ name: 'nat', builtins: [], chains }], builtinJumps: [] });

describe('the restore writer', () => {
  it('writes addresses, ports and seconds as kube-proxy does', () => {
    const rules: Rule[] = [
      { matches: [m.src(addr.ip(ip('10.0.0.1'))), m.recentCheck('KUBE-SEP-A', 10800)], target: t.dnat(ip('192.168.255.0'), 65535) },
      { matches: [m.dst(addr.cidr(parseCIDR('0.0.0.0/0')!.cidr), true), m.proto('udp'), m.dport(0)], target: t.dnat(ip('fd00::1:0:0:2'), 53) },
      { matches: [m.proto('tcp'), m.dport(30000, 30010), m.src(addr.ip(ip('2001:db8::')))], target: null },
      { matches: [], target: null },
    ];
    expect(writeRestore(ruleset(4, [{ name: 'KUBE-SEP-A', rules }]))).toBe(
      [
        '*nat',
        ':KUBE-SEP-A - [0:0]',
        '-A KUBE-SEP-A -s 10.0.0.1 -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j DNAT --to-destination 192.168.255.0:65535',
        '-A KUBE-SEP-A ! -d 0.0.0.0/0 -m udp -p udp --dport 0 -j DNAT --to-destination [fd00::1:0:0:2]:53',
        '-A KUBE-SEP-A -m tcp -p tcp --dport 30000:30010 -s 2001:db8::',
        '-A KUBE-SEP-A',
        'COMMIT',
        '',
      ].join('\n'),
    );
  });

  it('writes a large ruleset in pieces of whole lines, each line as kube-proxy spells it', () => {
    const chains: Chain[] = [];
    const expectedRules: string[] = [];
    for (let c = 0; c < 3000; c++) {
      const rules: Rule[] = [];
      const name = `KUBE-SEP-${String(c).padStart(6, '0')}`;
      for (let r = 0; r < 10; r++) {
        const podText = `10.${c >> 8}.${c & 255}.${r * 25}`;
        const pod = ip(podText);
        const port = 1000 + r * 7919;
        rules.push({ matches: [m.comment(`ns${c}/svc:p${r}`), m.src(addr.ip(pod)), m.statistic(1 / (r + 2))], target: t.dnat(pod, port) });
        expectedRules.push(
          `-A ${name} -m comment --comment ns${c}/svc:p${r} -s ${podText} -m statistic --mode random --probability ${(1 / (r + 2)).toFixed(10)} -j DNAT --to-destination ${podText}:${port}`,
        );
      }
      chains.push({ name, rules });
    }
    const rs = ruleset(4, chains);
    const pieces = [...restorePieces(rs)];
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.endsWith('\n')).toBe(true);
      expect(p.length).toBeLessThan(PIECE_CHARS + 4096);
    }
    const expected = ['*nat', ...chains.map((c) => `:${c.name} - [0:0]`), ...expectedRules, 'COMMIT', ''];
    expect(pieces.join('')).toBe(expected.join('\n'));
    expect(restoreTables(rs)).toEqual([expected.slice(0, -1)]);
    // A script's words are the line's words.
    for (const c of chains.slice(0, 50)) for (const r of c.rules) expect(['-A', c.name, ...restoreRuleTokens(r)].join(' ')).toBe(expectedRules[chains.indexOf(c) * 10 + c.rules.indexOf(r)]);
  });

  it('gives a script the words of each match, a comment with spaces as one word', () => {
    const rule: Rule = {
      matches: [m.comment('ns1/svc1:p80 cluster IP'), m.inIface('veth+', true), m.mark(0x4000, 0x4000, true), m.recentCheck('KUBE-SEP-A', 10), m.proto('sctp')],
      target: t.markClear(0x4000),
    };
    const quoteless = (text: string) => text;
    expect(restoreRuleTokens(rule, quoteless)).toEqual([
      '-m', 'comment', '--comment', 'ns1/svc1:p80 cluster IP',
      '!', '-i', 'veth+',
      '-m', 'mark', '!', '--mark', '0x00004000/0x00004000',
      '-m', 'recent', '--name', 'KUBE-SEP-A', '--rcheck', '--seconds', '10', '--reap',
      '-m', 'sctp', '-p', 'sctp',
      '-j', 'MARK', '--and-mark', '0xffffbfff',
    ]); // prettier-ignore
    expect(restoreRuleTokens({ matches: [{ kind: 'unknown', words: ['-m', 'foo', '--bar', 'a b'] }], target: { kind: 'unknown', words: ['-j', 'LOG', '--log-prefix', 'x y'] } })).toEqual([
      '-m', 'foo', '--bar', 'a b', '-j', 'LOG', '--log-prefix', 'x y',
    ]); // prettier-ignore
  });

  it('keeps the words of a parsed dump that are not ASCII', () => {
    const rs = ruleset(4, [{ name: 'X', rules: [{ matches: [{ kind: 'unknown', words: ['-m', 'comment', '--comment', 'día'] }], target: null }] }]);
    expect(writeRestore(rs)).toBe('*nat\n:X - [0:0]\n-A X -m comment --comment día\nCOMMIT\n');
  });
});
