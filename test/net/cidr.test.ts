import { describe, expect, it } from 'vitest';
import { cidrContains, cidrWithin, formatCIDR, hostCIDR, LOOPBACK_NET, parseCIDR, type CIDR } from '../../src/net/cidr.js';
import { parseIP, type IP } from '../../src/net/ip.js';

const cidr = (s: string): CIDR => parseCIDR(s)!.cidr;
const ip = (s: string): IP => parseIP(s)!.ip;

describe('parseCIDR', () => {
  it('returns the network, as Go ParseCIDR does', () => {
    const p = parseCIDR('10.0.0.5/8')!;
    expect(formatCIDR(p.cidr)).toBe('10.0.0.0/8');
    expect(p.hostBits).toBe(true);
    expect(formatCIDR(parseCIDR('203.0.113.000/025')!.cidr)).toBe('203.0.113.0/25');
    expect(parseCIDR('203.0.113.000/025')!.leadingZeros).toBe(true);
    expect(parseCIDR('10.0.0.0/08')!.leadingZeros).toBe(true);
    expect(parseCIDR('10.0.0.0/0')!.leadingZeros).toBe(false);
    expect(parseCIDR('10.0.0.0/8')!.leadingZeros).toBe(false);
    expect(parseCIDR('10.0.0.0/8')!.hostBits).toBe(false);
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
    // Never across families, even where the bytes compared would match.
    expect(cidrContains(cidr('::/0'), ip('10.0.0.1'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('::'))).toBe(false);
    expect(cidrContains(cidr('0.0.0.0/0'), ip('10.0.0.1'))).toBe(true);
  });

  it('tells whether one CIDR lies inside another', () => {
    expect(cidrWithin(cidr('10.1.0.0/16'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrWithin(cidr('10.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrWithin(cidr('10.0.0.0/8'), cidr('10.0.0.0/16'))).toBe(false);
    expect(cidrWithin(cidr('10.1.0.0/16'), cidr('10.0.0.0/16'))).toBe(false);
    expect(cidrWithin(cidr('0.0.0.0/0'), cidr('::/0'))).toBe(false);
    expect(cidrWithin(cidr('fd00:10::/64'), cidr('fd00::/8'))).toBe(true);
  });

  it('makes the host CIDR of an address', () => {
    expect(formatCIDR(hostCIDR(ip('10.0.0.1')))).toBe('10.0.0.1/32');
    expect(formatCIDR(hostCIDR(ip('fd00::1')))).toBe('fd00::1/128');
  });
});

describe('LOOPBACK_NET', () => {
  it('holds what parseCIDR reads from 127.0.0.0/8 and ::1/128', () => {
    expect(LOOPBACK_NET[4]).toEqual(parseCIDR('127.0.0.0/8')!.cidr);
    expect(LOOPBACK_NET[6]).toEqual(parseCIDR('::1/128')!.cidr);
  });
});
