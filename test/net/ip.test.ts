import { describe, expect, it } from 'vitest';
import { formatIP, isIPv4Mapped, joinHostPort, parseIP } from '../../src/net/ip.js';
import { formatCIDR, parseCIDR, cidrContains } from '../../src/net/cidr.js';

const canon = (s: string) => {
  const p = parseIP(s);
  return p ? formatIP(p.ip) : null;
};

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

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4\n', 'a.b.c.d', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'fe80::1%eth0', '::g', '1.2.3.0x1', '0001.2.3.4'])(
    'rejects %j',
    (input) => {
      expect(parseIP(input)).toBeNull();
    },
  );

  it('recognises IPv4-mapped IPv6', () => {
    expect(isIPv4Mapped(parseIP('::ffff:1.2.3.4')!.ip)).toBe(true);
    expect(isIPv4Mapped(parseIP('::1')!.ip)).toBe(false);
  });

  it('joins host and port like net.JoinHostPort', () => {
    expect(joinHostPort(parseIP('10.180.0.1')!.ip, 80)).toBe('10.180.0.1:80');
    expect(joinHostPort(parseIP('fd00:10:180::1')!.ip, 80)).toBe('[fd00:10:180::1]:80');
  });
});

describe('parseCIDR', () => {
  it('returns the network, as Go ParseCIDR does', () => {
    const p = parseCIDR('10.0.0.5/8')!;
    expect(formatCIDR(p.cidr)).toBe('10.0.0.0/8');
    expect(p.hostBits).toBe(true);
    expect(formatCIDR(parseCIDR('203.0.113.000/025')!.cidr)).toBe('203.0.113.0/25');
    expect(parseCIDR('203.0.113.000/025')!.leadingZeros).toBe(true);
    expect(formatCIDR(parseCIDR('fd00:10::/64')!.cidr)).toBe('fd00:10::/64');
    expect(formatCIDR(parseCIDR('2001:db8::1/127')!.cidr)).toBe('2001:db8::/127');
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '::/129', '10.0.0.0/-1', '10.0.0.0/', '/8', '10.0.0.0/8/8'])('rejects %j', (s) => {
    expect(parseCIDR(s)).toBeNull();
  });
  it('tests membership', () => {
    const c = parseCIDR('203.0.113.0/25')!.cidr;
    expect(cidrContains(c, parseIP('203.0.113.2')!.ip)).toBe(true);
    expect(cidrContains(c, parseIP('203.0.113.130')!.ip)).toBe(false);
    expect(cidrContains(c, parseIP('::1')!.ip)).toBe(false);
  });
});
