import { describe, expect, it } from 'vitest';
import { cHex, formatFixed, goHex08 } from '../../src/net/format.js';
import { probability } from '../../src/backends/iptables/program.js';

describe('Go-compatible number formatting', () => {
  it.each([
    [2, '0.5000000000'],
    [3, '0.3333333333'],
    [10, '0.1000000000'],
    [100001, '0.0000099999'],
  ])('probability(%i) = %s (TestComputeProbability)', (n, want) => {
    expect(probability(n)).toBe(want);
  });

  it('rounds exact ties to even like Go and C, unlike toFixed', () => {
    // 1/2048 = 0.00048828125 exactly: the 10-digit tie goes to the even digit.
    expect(formatFixed(1 / 2048, 10)).toBe('0.0004882812');
    expect((1 / 2048).toFixed(10)).toBe('0.0004882813');
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
  });

  it('prints the exact binary value', () => {
    expect(formatFixed(1 / 3, 20)).toBe('0.33333333333333331483');
    expect(formatFixed(715827883 / 2 ** 31, 11)).toBe('0.33333333349');
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(1, 10)).toBe('1.0000000000');
  });

  it('writes marks as kube-proxy (%#08x) and as the kernel prints them', () => {
    expect(goHex08(0x4000)).toBe('0x00004000');
    expect(goHex08(1 << 31 >>> 0)).toBe('0x80000000');
    expect(cHex(0x4000)).toBe('0x4000');
  });
});
