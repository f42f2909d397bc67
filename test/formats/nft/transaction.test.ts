// formats/nft/transaction: knftables' syntax, line by line (objects.go writeOperation), the
// order that lets nft -f resolve every reference, and refusal of names and comments that could
// say something else.
import { describe, expect, it } from 'vitest';
import { chainLine, containerLine, tableLine, writeTransaction } from '../../../src/formats/nft/transaction.js';
import { statementText } from '../../../src/formats/nft/statements.js';
import { UnsafeTokenError } from '../../../src/formats/tokens.js';
import { nft, type NftTable, type Statement } from '../../../src/ir/nftables.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP } from '../../../src/net/ip.js';

const ip = (t: string) => parseIP(t)!.ip;
const cidr = (t: string) => parseCIDR(t)!.cidr;

function table(more: Partial<NftTable> = {}): NftTable {
  return { family: 'ip', name: 'kube-proxy', comment: 'rules for kube-proxy', chains: [], containers: [], ...more };
}

describe('object lines', () => {
  it('writes the table, chains, sets and maps as knftables does (upstream baseRules)', () => {
    const t = table();
    expect(tableLine(t)).toBe('add table ip kube-proxy { comment "rules for kube-proxy" ; }');
    expect(chainLine(t, { name: 'filter-prerouting-pre-dnat', base: { type: 'filter', hook: 'prerouting', priority: -110 }, rules: [] })).toBe(
      'add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }',
    );
    expect(chainLine(t, { name: 'services', rules: [] })).toBe('add chain ip kube-proxy services');
    expect(chainLine(t, { name: 'reject-chain', comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports', rules: [] })).toBe(
      'add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }',
    );
    expect(containerLine(t, { kind: 'set', name: 'cluster-ips', key: ['ipv4_addr'], flags: [], comment: 'Active ClusterIPs', elements: [] })).toBe(
      'add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }',
    );
    expect(
      containerLine(t, { kind: 'map', name: 'service-nodeports', key: ['inet_proto', 'inet_service'], value: ['verdict'], flags: [], comment: 'NodePort traffic', elements: [] }),
    ).toBe('add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }');
    expect(containerLine(t, { kind: 'set', name: 'affinity-X', key: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: 10800, elements: [] })).toBe(
      'add set ip kube-proxy affinity-X { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }',
    );
  });
});

describe('statements, input dialect', () => {
  const cases: [Statement[], string][] = [
    [[nft.match({ kind: 'ct', key: 'state' }, nft.sym('new')), nft.jump('firewall-check')], 'ct state new jump firewall-check'],
    [[{ kind: 'mark-set', target: 'meta', short: true, value: { kind: 'op', of: { kind: 'meta', key: 'mark', short: true }, op: 'or', value: { kind: 'hex', value: 0x4000 } } }], 'mark set mark or 0x4000'],
    [[{ kind: 'match', left: { kind: 'and', of: { kind: 'meta', key: 'mark', short: true }, mask: 0x4000 }, op: '==', right: nft.num(0) }, { kind: 'verdict', verdict: { kind: 'return' } }], 'mark and 0x4000 == 0 return'],
    [[nft.vmap(nft.concat(nft.daddr(4), nft.l4proto(), nft.thDport()), 'service-ips')], 'ip daddr . meta l4proto . th dport vmap @service-ips'],
    [[nft.match(nft.saddr(4), nft.anon([nft.cidr(cidr('203.0.113.0/25')), nft.ip(ip('1.2.3.4'))]), '!='), nft.verdict({ kind: 'drop' })], 'ip saddr != { 203.0.113.0/25 , 1.2.3.4 } drop'],
    [[nft.match(nft.daddr(6), { kind: 'set', compact: true, elements: [nft.cidr(cidr('fd00:10:96::/112')), nft.cidr(cidr('fd00:20::/112'))] }), nft.verdict({ kind: 'drop' })], 'ip6 daddr { fd00:10:96::/112,fd00:20::/112 } drop'],
    [[nft.match(nft.l4proto(), nft.proto('tcp')), { kind: 'dnat', ip: ip('fd00:10::1'), port: 80 }], 'meta l4proto tcp dnat to [fd00:10::1]:80'],
    [[{ kind: 'set-update', op: 'update', set: 'affinity-X', key: nft.saddr(4) }], 'update @affinity-X { ip saddr }'],
    [[{ kind: 'vmap', key: { kind: 'numgen', mode: 'random', mod: 2 }, map: { kind: 'anonymous', entries: [{ key: nft.num(0), verdict: { kind: 'goto', chain: 'a' } }, { key: nft.num(1), verdict: { kind: 'goto', chain: 'b' } }] } }], 'numgen random mod 2 vmap { 0 : goto a , 1 : goto b }'],
  ];
  it.each(cases)('%#: %s', (sts, text) => {
    expect(sts.map((s) => statementText(s, 'input')).join(' ')).toBe(text);
  });
});

describe('writeTransaction', () => {
  it('declares every object before a rule or element refers to it, and flushes only its own objects', () => {
    const t = table({
      resetBaseChains: true,
      chains: [
        { name: 'nat-output', base: { type: 'nat', hook: 'output', priority: -100 }, rules: [{ statements: [nft.jump('services')] }] },
        { name: 'services', rules: [{ statements: [nft.vmap(nft.concat(nft.daddr(4), nft.l4proto(), nft.thDport()), 'service-ips')] }] },
      ],
      containers: [
        { kind: 'map', name: 'service-ips', key: ['ipv4_addr', 'inet_proto', 'inet_service'], value: ['verdict'], flags: [], elements: [{ key: [nft.ip(ip('10.0.0.1')), nft.proto('tcp'), nft.port(80)], value: { kind: 'verdict', verdict: { kind: 'goto', chain: 'services' } }, comment: 'a/b:c' }] },
        { kind: 'set', name: 'aff', key: ['ipv4_addr'], flags: ['dynamic', 'timeout'], timeout: 60, dynamic: true, elements: [] },
      ],
      absent: [{ kind: 'set', name: 'nodeport-ips', key: ['ipv4_addr'], flags: [], elements: [] }],
    });
    expect(writeTransaction(t)).toBe(
      [
        'add table ip kube-proxy { comment "rules for kube-proxy" ; }',
        'add chain ip kube-proxy nat-output',
        'delete chain ip kube-proxy nat-output',
        'add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }',
        'flush chain ip kube-proxy nat-output',
        'add chain ip kube-proxy services',
        'flush chain ip kube-proxy services',
        'add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; }',
        'flush map ip kube-proxy service-ips',
        'add set ip kube-proxy aff { type ipv4_addr ; flags dynamic,timeout ; timeout 60s ; }',
        'add set ip kube-proxy nodeport-ips { type ipv4_addr ; }',
        'delete set ip kube-proxy nodeport-ips',
        'add rule ip kube-proxy nat-output jump services',
        'add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips',
        'add element ip kube-proxy service-ips { 10.0.0.1 . tcp . 80 comment "a/b:c" : goto services }',
        '',
      ].join('\n'),
    );
  });

  it('refuses names and comments that could end the line or the string', () => {
    for (const name of ['a b', 'x;flush ruleset', 'a\nb', '1abc', '']) {
      expect(() => writeTransaction(table({ chains: [{ name, rules: [] }] }))).toThrow(UnsafeTokenError);
    }
    for (const comment of ['a"b', 'a\\b', 'a\nb', 'x'.repeat(129)]) {
      expect(() => writeTransaction(table({ comment }))).toThrow(UnsafeTokenError);
    }
    expect(() => statementText({ kind: 'unknown', words: ['drop;', 'flush'] }, 'input')).toThrow(UnsafeTokenError);
  });

  it('writes a large table in pieces of whole lines', async () => {
    const { transactionPieces } = await import('../../../src/formats/nft/transaction.js');
    const chains = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, rules: [] }));
    const pieces = [...transactionPieces(table({ chains }), 4)];
    expect(pieces.length).toBeGreaterThan(2);
    expect(pieces.every((p) => p.endsWith('\n'))).toBe(true);
    expect(pieces.join('')).toBe(writeTransaction(table({ chains })));
  });
});
