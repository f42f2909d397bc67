import { describe, expect, it } from 'vitest';
import { compareIP, formatIP, ipEquals, isIPv4Mapped, isLoopback, joinHostPort, LOOPBACK, parseIP, unmapIPv4, type IP } from '../../src/net/ip.js';

const canon = (s: string) => {
  const p = parseIP(s);
  return p ? formatIP(p.ip) : null;
};
const ip = (s: string): IP => parseIP(s)!.ip;

describe('parseIP / formatIP (Go net.IP.String)', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['0.0.0.0', '0.0.0.0'],
    ['255.255.255.255', '255.255.255.255'],
    ['2001:db8::1', '2001:db8::1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['fd00:10:180:0:0:0:0:1', 'fd00:10:180::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    // RFC 5952: a single zero group is not compressed, the longest run is, the first on a tie.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0000:0000:0000:0000:0000:0000:0000:0001', '::1'],
    ['64:ff9b::192.0.2.33', '64:ff9b::c000:221'],
    ['1:0:0:2:0:0:3:4', '1::2:0:0:3:4'],
    ['0:0:1:2:3:4:5:6', '::1:2:3:4:5:6'],
    ['1:0:0:0:0:0:0:0', '1::'],
    // An embedded IPv4 tail, with the groups before it written out or compressed.
    ['0:0:0:0:0:0:1.2.3.4', '::102:304'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ['1::1.2.3.4', '1::102:304'],
    // A "::" may stand for a single group (Go accepts it).
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
    ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
    // 45 characters, the longest address text there is.
    ['1111:2222:3333:4444:5555:6666:255.255.255.255', '1111:2222:3333:4444:5555:6666:ffff:ffff'],
  ])('%s -> %s', (input, want) => {
    expect(canon(input)).toBe(want);
  });

  it('reads IPv4 octets with leading zeros as decimal, never octal', () => {
    const p = parseIP('010.000.000.010')!;
    expect(formatIP(p.ip)).toBe('10.0.0.10');
    expect(p.leadingZeros).toBe(true);
    expect(parseIP('172.30.0.041')!.leadingZeros).toBe(true);
    expect(canon('172.30.0.041')).toBe('172.30.0.41');
    expect(parseIP('10.0.0.1')!.leadingZeros).toBe(false);
  });

  it.each([
    ...['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4\n', 'a.b.c.d', '1.2.3.0x1', '0001.2.3.4', '1.2.3.', '1..3.4', '.2.3.4'],
    ...['1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%eth0', '::g', ':', ':::', '1.2.3.4::'],
    // Eight groups and one or two "::"; too many groups before an IPv4 tail, or too few without "::".
    ...['1:2:3:4::5:6:7:8', '1:2:3:4:5:6:7:8::', '1:2:3:4:5:6:7:8::1::2', '1:2:3:4:5:6:7:1.2.3.4', '1:2:3:4:5:1.2.3.4'],
    // A bad IPv4 tail.
    ...['::1.2.3.256', '::1.2.3', '::ffff:1.2.3.4.5'],
  ])(
    'rejects %j',
    (input) => {
      expect(parseIP(input)).toBeNull();
    },
  );

  it('recognises IPv4-mapped IPv6', () => {
    expect(isIPv4Mapped(parseIP('::ffff:1.2.3.4')!.ip)).toBe(true);
    expect(isIPv4Mapped(parseIP('0:0:0:0:0:ffff:1.2.3.4')!.ip)).toBe(true);
    expect(ipEquals(ip('0:0:0:0:0:ffff:1.2.3.4'), ip('::ffff:1.2.3.4'))).toBe(true);
    expect(isIPv4Mapped(parseIP('::1')!.ip)).toBe(false);
  });

  it.each(['::1:ffff:1.2.3.4', '64:ff9b::ffff:1.2.3.4', '::ff:1.2.3.4', '::ff00:1.2.3.4', '::fffe:1.2.3.4', '1.2.3.4', '0.0.0.0'])(
    '%s is not IPv4-mapped: ten zero bytes, then 0xff 0xff',
    (text) => {
      expect(isIPv4Mapped(ip(text))).toBe(false);
    },
  );

  it('unmaps ::ffff:a.b.c.d to IPv4 and leaves every other address as it is', () => {
    expect(unmapIPv4(ip('::ffff:192.0.2.10'))).toEqual(ip('192.0.2.10'));
    const other = ip('::1');
    expect(unmapIPv4(other)).toBe(other);
    const v4 = ip('192.0.2.10');
    expect(unmapIPv4(v4)).toBe(v4);
  });

  it('compares addresses by family and value', () => {
    expect(ipEquals(ip('10.0.0.1'), ip('010.0.0.01'))).toBe(true);
    expect(ipEquals(ip('2001:db8::1'), ip('2001:DB8:0:0:0:0:0:1'))).toBe(true);
    expect(ipEquals(ip('10.0.0.1'), ip('10.0.0.2'))).toBe(false);
    expect(ipEquals(ip('2001:db8::1'), ip('2001:db8::2'))).toBe(false);
    // Same leading bytes, other family.
    expect(ipEquals(ip('0.0.0.0'), ip('::'))).toBe(false);
    expect(ipEquals(ip('10.0.0.1'), ip('a00:1::'))).toBe(false);
  });

  it('orders addresses by byte value, IPv4 before IPv6', () => {
    expect(compareIP(ip('10.0.0.2'), ip('10.0.0.2'))).toBe(0);
    expect(compareIP(ip('::1'), ip('::1'))).toBe(0);
    expect(compareIP(ip('10.0.0.1'), ip('10.0.0.2'))).toBeLessThan(0);
    expect(compareIP(ip('10.0.0.2'), ip('10.0.0.1'))).toBeGreaterThan(0);
    expect(compareIP(ip('255.255.255.255'), ip('::'))).toBeLessThan(0);
    expect(compareIP(ip('::'), ip('255.255.255.255'))).toBeGreaterThan(0);
    const sorted = ['2001:db8::1', '10.0.0.10', '::1', '9.255.255.255', '10.0.0.2', '10.0.0.2'].map(ip).sort(compareIP).map(formatIP);
    expect(sorted).toEqual(['9.255.255.255', '10.0.0.2', '10.0.0.2', '10.0.0.10', '::1', '2001:db8::1']);
  });

  it('knows the loopback addresses: 127.0.0.0/8 and ::1', () => {
    expect(['127.0.0.1', '127.255.0.9', '::1'].map((t) => isLoopback(ip(t)))).toEqual([true, true, true]);
    expect(['128.0.0.1', '126.0.0.1', '::', '::2', '1::1', '2001:db8::1', '::ffff:127.0.0.1'].map((t) => isLoopback(ip(t)))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('joins host and port like net.JoinHostPort', () => {
    expect(joinHostPort(parseIP('10.180.0.1')!.ip, 80)).toBe('10.180.0.1:80');
    expect(joinHostPort(parseIP('fd00:10:180::1')!.ip, 80)).toBe('[fd00:10:180::1]:80');
  });
});

describe('LOOPBACK', () => {
  it('holds what parseIP reads from 127.0.0.1 and ::1', () => {
    expect(LOOPBACK[4]).toEqual(parseIP('127.0.0.1')!.ip);
    expect(LOOPBACK[6]).toEqual(parseIP('::1')!.ip);
  });
});
