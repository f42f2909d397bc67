// formats/ipvsadm: addresses as glibc's inet_ntop prints them, ipvsadm-save's sort order (its
// comparators subtract 32-bit words into an int), and its line format (print_service_entry).
import { describe, expect, it } from 'vitest';
import { addrPort, inetNtop } from '../../../src/formats/ipvsadm/address.js';
import { compareAddressC, mergeSort, saveOrder } from '../../../src/formats/ipvsadm/order.js';
import { realServerLine, serviceLine, writeIpvsadm } from '../../../src/formats/ipvsadm/write.js';
import type { VirtualService } from '../../../src/ir/ipvs.js';
import { parseIP, type IP } from '../../../src/net/ip.js';

const ip = (t: string): IP => parseIP(t)!.ip;
const svc = (addr: string, port: number, more: Partial<VirtualService> = {}): VirtualService => ({
  protocol: 'tcp',
  ip: ip(addr),
  port,
  scheduler: 'rr',
  flags: [],
  persistence: undefined,
  realServers: [],
  ...more,
});

describe('inetNtop', () => {
  it.each([
    ['10.96.0.1', '10.96.0.1'],
    ['2001:db8::1:1', '2001:db8::1:1'],
    ['2001:0:0:1::1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['::', '::'],
    ['::1', '::1'],
    ['fe80::', 'fe80::'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0'],
    // glibc keeps the old embedded-IPv4 forms that Go does not print.
    ['::1.2.3.4', '::1.2.3.4'],
    ['::2:3', '::0.2.0.3'],
    ['::ffff:0:1.2.3.4', '::ffff:0:102:304'],
    ['0:0:0:0:0:ffff:1.2.3.4', '::ffff:1.2.3.4'],
  ])('%s prints as %s', (text, want) => {
    expect(inetNtop(ip(text))).toBe(want);
  });

  it('brackets IPv6 before the port', () => {
    expect(addrPort(ip('2020::1'), 80)).toBe('[2020::1]:80');
    expect(addrPort(ip('10.0.0.1'), 0)).toBe('10.0.0.1:0');
  });
});

describe('ipvsadm-save order', () => {
  it('compares addresses as C subtracts 32-bit words into an int', () => {
    expect(compareAddressC(ip('10.0.0.1'), ip('10.0.0.2'))).toBeLessThan(0);
    // 192.168.0.5 - 10.96.0.10 is more than 2^31: the int is negative, so it sorts first.
    expect(compareAddressC(ip('192.168.0.5'), ip('10.96.0.10'))).toBeLessThan(0);
    expect(compareAddressC(ip('172.18.255.200'), ip('192.168.0.5'))).toBeLessThan(0);
    expect(compareAddressC(ip('2001:db8::1'), ip('2001:db8::2'))).toBeLessThan(0);
    expect(compareAddressC(ip('f000::'), ip('1000::'))).toBeLessThan(0); // the first word, again wrapped
    expect(compareAddressC(ip('2001:db8::1'), ip('2001:db8::1'))).toBe(0);
  });

  it('sorts by protocol number, then address, then port; real servers by address and port', () => {
    const out = saveOrder([
      svc('10.96.0.10', 53, { protocol: 'udp' }),
      svc('10.96.0.10', 53, { protocol: 'sctp' }),
      svc('10.96.0.10', 53),
      svc('192.168.0.5', 30001),
      svc('10.96.0.1', 443, { realServers: [8080, 80].flatMap((p) => ['10.244.1.2', '10.244.0.9'].map((a) => ({ ip: ip(a), port: p, forwarding: 'masq' as const, weight: 1 }))) }),
      svc('172.18.255.200', 80),
    ]);
    expect(out.map((s) => `${s.protocol} ${inetNtop(s.ip)}:${s.port}`)).toEqual([
      'tcp 172.18.255.200:80',
      'tcp 192.168.0.5:30001',
      'tcp 10.96.0.1:443',
      'tcp 10.96.0.10:53',
      'udp 10.96.0.10:53',
      'sctp 10.96.0.10:53',
    ]);
    expect(out[2]!.realServers.map((r) => `${inetNtop(r.ip)}:${r.port}`)).toEqual(['10.244.0.9:80', '10.244.0.9:8080', '10.244.1.2:80', '10.244.1.2:8080']);
  });

  it('merges as glibc msort does: halves of n/2, the left one first on ties', () => {
    const cmp = (a: [number, string], b: [number, string]) => a[0] - b[0];
    expect(mergeSort([[2, 'a'], [1, 'b'], [2, 'c'], [1, 'd'], [0, 'e']] as [number, string][], cmp).map((x) => x[1]).join('')).toBe('ebdac');
    // A comparison that is not transitive (three addresses spread over the whole circle) still
    // gives one answer, the same on every run.
    const spread = [svc('0.0.0.1', 1), svc('96.0.0.1', 1), svc('192.0.0.1', 1)];
    const once = saveOrder(spread).map((s) => inetNtop(s.ip));
    expect(saveOrder([...spread].reverse()).map((s) => inetNtop(s.ip))).toEqual(once);
  });
});

describe('ipvsadm-save lines', () => {
  it('prints -s, then -p, then -b, as print_service_entry does', () => {
    expect(serviceLine(svc('10.102.128.4', 3080, { persistence: 10800 }))).toBe('-A -t 10.102.128.4:3080 -s rr -p 10800');
    expect(serviceLine(svc('10.0.0.1', 80, { scheduler: 'mh', flags: ['mh-port'], persistence: 60 }))).toBe('-A -t 10.0.0.1:80 -s mh -p 60 -b mh-port');
    expect(serviceLine(svc('10.0.0.1', 80, { scheduler: 'sh', flags: ['sh-port', 'sh-fallback'] }))).toBe('-A -t 10.0.0.1:80 -s sh -b sh-fallback,sh-port');
    expect(serviceLine(svc('2001:db8::1', 53, { protocol: 'udp' }))).toBe('-A -u [2001:db8::1]:53 -s rr');
    expect(serviceLine(svc('10.0.0.1', 7, { protocol: 'sctp', scheduler: 'wlc', flags: ['flag-2'] }))).toBe('-A --sctp-service 10.0.0.1:7 -s wlc -b flag-2');
  });

  it('prints real servers with their forwarding and weight', () => {
    const s = svc('2001:db8::1:1', 3001, { protocol: 'sctp' });
    expect(realServerLine(s, { ip: ip('2001::1'), port: 80, forwarding: 'masq', weight: 1 })).toBe('-a --sctp-service [2001:db8::1:1]:3001 -r [2001::1]:80 -m -w 1');
    expect(realServerLine(svc('10.0.0.1', 80), { ip: ip('10.0.0.9'), port: 80, forwarding: 'gate', weight: 0 })).toBe('-a -t 10.0.0.1:80 -r 10.0.0.9:80 -g -w 0');
  });

  it('refuses what ipvsadm could not have printed', () => {
    expect(() => serviceLine(svc('10.0.0.1', 80, { scheduler: 'rr', flags: ['sh-port'] }))).toThrow(/prints no flag/);
    expect(() => serviceLine(svc('10.0.0.1', 80, { scheduler: 'rr -j ACCEPT' }))).toThrow(/unsafe/);
    expect(() => serviceLine(svc('10.0.0.1', 65536))).toThrow(/port/);
    expect(() => realServerLine(svc('10.0.0.1', 80), { ip: ip('10.0.0.9'), port: 80, forwarding: 'masq', weight: 65536 })).toThrow(/weight/);
  });

  it('writes nothing for an empty table, and each service followed by its servers', () => {
    expect(writeIpvsadm({ family: 4, services: [], keep: [] })).toBe('');
    const table = {
      family: 4 as const,
      keep: [],
      services: [svc('10.0.0.2', 80), svc('10.0.0.1', 80, { realServers: [{ ip: ip('10.1.0.1'), port: 8080, forwarding: 'masq' as const, weight: 1 }] })],
    };
    expect(writeIpvsadm(table)).toBe('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 1\n-A -t 10.0.0.2:80 -s rr\n');
  });
});
