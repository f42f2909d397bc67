// The restore writer puts its tokens into bytes (formats/bytes.ts) and hands the text out in
// pieces of about a megabyte. What must hold: the lines kube-proxy writes, addresses and ports
// spelled as net.IP.String() and strconv do, pieces that end on a line's end and add up to the
// whole text, and text that is not ASCII (a parsed dump's unknown words) kept as it was.
import { describe, expect, it } from 'vitest';
import { restorePieces, restoreRuleTokens, restoreTables, writeRestore } from '../../../src/formats/iptables/restore.js';
import { addr } from '../../../src/ir/addr.js';
import { m, t, type Chain, type IptablesRuleset, type Rule } from '../../../src/ir/iptables.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP, type IP } from '../../../src/net/ip.js';
import { PIECE_BYTES } from '../../../src/formats/bytes.js';

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

  it('writes a large ruleset in pieces of whole lines, each line what its tokens say', () => {
    const chains: Chain[] = [];
    for (let c = 0; c < 3000; c++) {
      const rules: Rule[] = [];
      for (let r = 0; r < 10; r++) {
        const pod = ip(`10.${c >> 8}.${c & 255}.${r * 25}`);
        rules.push({ matches: [m.comment(`ns${c}/svc:p${r}`), m.src(addr.ip(pod)), m.statistic(1 / (r + 2))], target: t.dnat(pod, 1000 + r * 7919) });
      }
      chains.push({ name: `KUBE-SEP-${String(c).padStart(6, '0')}`, rules });
    }
    const rs = ruleset(4, chains);
    const pieces = [...restorePieces(rs)];
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) {
      expect(p.endsWith('\n')).toBe(true);
      expect(p.length).toBeLessThan(PIECE_BYTES + 4096);
    }
    const expected = ['*nat', ...chains.map((c) => `:${c.name} - [0:0]`)];
    for (const c of chains) for (const r of c.rules) expected.push(['-A', c.name, ...restoreRuleTokens(r)].join(' '));
    expected.push('COMMIT', '');
    expect(pieces.join('')).toBe(expected.join('\n'));
    expect(restoreTables(rs)).toEqual([expected.slice(0, -1)]);
  });

  it('keeps the words of a parsed dump that are not ASCII', () => {
    const rs = ruleset(4, [{ name: 'X', rules: [{ matches: [{ kind: 'unknown', words: ['-m', 'comment', '--comment', 'día'] }], target: null }] }]);
    expect(writeRestore(rs)).toBe('*nat\n:X - [0:0]\n-A X -m comment --comment día\nCOMMIT\n');
  });
});
