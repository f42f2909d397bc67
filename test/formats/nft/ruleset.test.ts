// formats/nft/ruleset: what nft 1.0.6 prints when it lists a table. The expectations are the
// kernel's own listings (nft list table after nft -f in a namespace), taken by hand for the
// cases below; test/kernel/nftables.test.ts holds every golden against a live listing.
import { describe, expect, it } from 'vitest';
import { durationText, priorityText, writeRuleset } from '../../../src/formats/nft/ruleset.js';
import { statementText } from '../../../src/formats/nft/statements.js';
import { nft, type NftTable } from '../../../src/ir/nftables.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP } from '../../../src/net/ip.js';

const ip = (t: string) => parseIP(t)!.ip;
const cidr = (t: string) => parseCIDR(t)!.cidr;

describe('priorityText (rule.c prio2str)', () => {
  it.each([
    ['prerouting', -110, 'dstnat - 10'],
    ['output', -110, '-110'],
    ['output', -100, '-100'],
    ['prerouting', -100, 'dstnat'],
    ['postrouting', 100, 'srcnat'],
    ['input', 100, '100'],
    ['forward', 5, 'filter + 5'],
    ['input', 0, 'filter'],
    ['prerouting', -300, 'raw'],
    ['forward', 50, 'security'],
  ] as const)('%s %i → %s', (hook, priority, text) => {
    expect(priorityText('ip', { type: 'filter', hook, priority })).toBe(text);
  });
});

describe('durationText (time_print)', () => {
  it.each([
    [10800, '3h'],
    [10801, '3h1s'],
    [86400, '1d'],
    [90061, '1d1h1m1s'],
    [60, '1m'],
  ])('%i s → %s', (s, text) => expect(durationText(s)).toBe(text));
});

describe('statements, list dialect', () => {
  it('writes marks with eight hex digits and the operators as symbols', () => {
    const mark = { kind: 'meta', key: 'mark', short: true } as const;
    expect(statementText({ kind: 'mark-set', target: 'meta', short: true, value: { kind: 'op', of: mark, op: 'or', value: { kind: 'hex', value: 0x4000, digits: 8 } } }, 'list')).toBe('meta mark set meta mark | 0x00004000');
    expect(statementText({ kind: 'match', left: { kind: 'and', of: mark, mask: 0x4000 }, op: '==', right: nft.num(0) }, 'list')).toBe('meta mark & 0x00004000 == 0x00000000');
  });
  it('prints a set of one element as the element, sorts the others, and merges intervals', () => {
    expect(statementText(nft.match(nft.daddr(4), nft.anon([nft.cidr(cidr('172.30.0.0/16'))])), 'list')).toBe('ip daddr 172.30.0.0/16');
    expect(statementText(nft.match(nft.saddr(6), nft.anon([nft.cidr(cidr('fd00::/64')), nft.ip(ip('2001:db8::1'))]), '!='), 'list')).toBe('ip6 saddr != { 2001:db8::1, fd00::/64 }');
    expect(statementText(nft.match(nft.saddr(4), nft.anon([nft.cidr(cidr('192.168.0.0/16')), nft.ip(ip('198.51.100.1')), nft.ip(ip('198.51.100.2'))]), '!='), 'list')).toBe(
      'ip saddr != { 192.168.0.0/16, 198.51.100.1-198.51.100.2 }',
    );
    // Two merged into one prefix, and one absorbed: still in braces (the set had two elements).
    expect(statementText(nft.match(nft.saddr(4), nft.anon([nft.ip(ip('10.0.0.2')), nft.cidr(cidr('10.0.0.3/32'))])), 'list')).toBe('ip saddr { 10.0.0.2/31 }');
    expect(statementText(nft.match(nft.saddr(4), nft.anon([nft.cidr(cidr('0.0.0.0/0')), nft.ip(ip('198.51.100.1'))]), '!='), 'list')).toBe('ip saddr != { 0.0.0.0/0 }');
  });
  it('quotes interface names', () => {
    expect(statementText(nft.match({ kind: 'meta', key: 'iifname', short: true }, { kind: 'string', text: 'veth*' }, '!='), 'list')).toBe('iifname != "veth*"');
  });
});

describe('writeRuleset', () => {
  it('lists sets before chains, cuts element lines by type, and sorts concatenated keys from their last byte', () => {
    const t: NftTable = {
      family: 'ip6',
      name: 't',
      comment: 'x',
      containers: [
        { kind: 'set', name: 's6', key: ['ipv6_addr'], flags: [], elements: ['fd00::3', 'fd00::1', '2001:db8::1'].map((a) => ({ key: [nft.ip(ip(a))] })) },
        { kind: 'set', name: 'p', key: ['inet_service'], flags: [], elements: Array.from({ length: 13 }, (_, i) => ({ key: [nft.port(13 - i)] })) },
        {
          kind: 'map',
          name: 'ports',
          key: ['inet_proto', 'inet_service'],
          value: ['verdict'],
          flags: [],
          elements: [256, 255, 3001].map((p) => ({ key: [nft.proto('tcp'), nft.port(p)], value: { kind: 'verdict', verdict: { kind: 'drop' } } })),
        },
        { kind: 'set', name: 'aff', key: ['ipv6_addr'], flags: ['timeout', 'dynamic'], timeout: 10801, elements: [], dynamic: true },
      ],
      chains: [
        { name: 'c', base: { type: 'nat', hook: 'output', priority: -100 }, rules: [{ statements: [{ kind: 'set-update', op: 'update', set: 'aff', key: nft.saddr(6) }] }] },
        { name: 'e', base: { type: 'filter', hook: 'forward', priority: 5 }, comment: 'hi', rules: [] },
      ],
    };
    expect(writeRuleset(t)).toBe(
      [
        'table ip6 t {',
        '\tcomment "x"',
        '\tset s6 {',
        '\t\ttype ipv6_addr',
        '\t\telements = { 2001:db8::1,',
        '\t\t\t     fd00::1,',
        '\t\t\t     fd00::3 }',
        '\t}',
        '',
        '\tset p {',
        '\t\ttype inet_service',
        '\t\telements = { 1, 2, 3, 4, 5,',
        '\t\t\t     6, 7, 8, 9, 10,',
        '\t\t\t     11, 12, 13 }',
        '\t}',
        '',
        '\tmap ports {',
        '\t\ttype inet_proto . inet_service : verdict',
        // 256 = 0x0100 sorts before 255 = 0x00ff: the port's low byte is the key's last.
        '\t\telements = { tcp . 256 : drop,',
        '\t\t\t     tcp . 3001 : drop,',
        '\t\t\t     tcp . 255 : drop }',
        '\t}',
        '',
        '\tset aff {',
        '\t\ttype ipv6_addr',
        '\t\tsize 65535',
        '\t\tflags dynamic,timeout',
        '\t\ttimeout 3h1s',
        '\t}',
        '',
        '\tchain c {',
        '\t\ttype nat hook output priority -100; policy accept;',
        '\t\tupdate @aff { ip6 saddr }',
        '\t}',
        '',
        '\tchain e {',
        '\t\tcomment "hi"',
        '\t\ttype filter hook forward priority filter + 5; policy accept;',
        '\t}',
        '}',
        '',
      ].join('\n'),
    );
  });
});
