import { describe, expect, it } from 'vitest';
import { cHex, formatFixed, goHex08 } from '../../src/net/format.js';

describe('Go-compatible number formatting', () => {
  it.each([
    [2, '0.5000000000'],
    [3, '0.3333333333'],
    [10, '0.1000000000'],
    [100001, '0.0000099999'],
  ])('the probability 1/%i is written %s, as fmt.Sprintf("%%0.10f") does (TestComputeProbability)', (n, want) => {
    expect(formatFixed(1 / n, 10)).toBe(want);
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

  it('prints whole numbers, numbers of 2^52 and more, and subnormal numbers exactly', () => {
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(2 ** 52, 1)).toBe('4503599627370496.0');
    expect(formatFixed(2 ** 53 + 2, 2)).toBe('9007199254740994.00');
    expect(formatFixed(1e21, 0)).toBe('1000000000000000000000');
    // The smallest double, 2^-1074 = 4.94...e-324, at 324 digits.
    expect(formatFixed(Number.MIN_VALUE, 324)).toBe(`0.${'0'.repeat(323)}5`);
  });

  it('refuses negative, infinite and NaN values', () => {
    expect(() => formatFixed(-0.5, 2)).toThrow(new RangeError('formatFixed: -0.5'));
    expect(() => formatFixed(Infinity, 2)).toThrow(new RangeError('formatFixed: Infinity'));
    expect(() => formatFixed(NaN, 2)).toThrow(new RangeError('formatFixed: NaN'));
  });

  it('writes marks as kube-proxy (%#08x) and as the kernel prints them', () => {
    expect(goHex08(0x4000)).toBe('0x00004000');
    expect(goHex08(1 << 31 >>> 0)).toBe('0x80000000');
    expect(cHex(0x4000)).toBe('0x4000');
    expect(cHex(0)).toBe('0');
  });
});
