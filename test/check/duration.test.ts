// src/check/duration.ts: Go's time.ParseDuration, as kube-proxy reads its IPVS timeouts.
import { describe, expect, it } from 'vitest';
import { ipvsTimeoutError, MAX_IPVS_TIMEOUT, parseGoDuration, wholeSeconds } from '../../src/check/duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['900s', 900e9],
    ['15m0s', 900e9],
    ['1h30m', 5400e9],
    ['1.5h', 5400e9],
    ['.5s', 0.5e9],
    ['5.s', 5e9],
    ['+2m', 120e9],
    ['-2m', -120e9],
    ['300ms', 300e6],
    ['10us', 10e3],
    ['10µs', 10e3],
    ['10μs', 10e3],
    ['7ns', 7],
    ['1h1m1s1ms', 3661001e6],
  ])('%s is %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  // time.ParseDuration: a number needs a unit (except a lone 0), a unit needs a number, no spaces.
  it.each(['', '-', '+', '5', '00', '0s5', 's', '.s', '1d', '1 s', ' 1s', '1s ', '1S', '1h-1m', '--1s', '1e3s', '9223372037s'])('%j is not a duration', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });

  it('takes the largest duration Go does', () => {
    expect(parseGoDuration('2562047h')).toBe(2562047 * 3600e9);
    expect(parseGoDuration('2562048h')).toBeUndefined();
  });
});

describe('IPVS timeouts', () => {
  it('cut a fraction of a second off, as uint32(d.Seconds()) does', () => {
    expect(wholeSeconds(parseGoDuration('1.9s')!)).toBe(1);
    expect(wholeSeconds(parseGoDuration('999ms')!)).toBe(0);
    expect(wholeSeconds(parseGoDuration('15m0s')!)).toBe(900);
  });

  it('are Go durations, not negative, at most 31 days', () => {
    expect(ipvsTimeoutError('0')).toBeUndefined();
    expect(ipvsTimeoutError('744h')).toBeUndefined();
    expect(MAX_IPVS_TIMEOUT).toBe(2678400);
    expect(ipvsTimeoutError('744h0m1s')).toBe('744h0m1s is longer than ipvsadm --set takes (2678400s, 31 days)');
    expect(ipvsTimeoutError('744h0m0.5s')).toBeUndefined();
    expect(ipvsTimeoutError('-1s')).toBe('-1s is negative');
    expect(ipvsTimeoutError('15')).toBe('"15" is not a duration (such as 900s, 15m or 1h30m)');
  });
});
