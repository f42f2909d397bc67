// The JavaScript SHA-256 behind chain names (src/net/sha256.ts) against node:crypto's digest:
// every padding case (texts of 0 to 200 characters, across the 55/56 and 64-byte block edges),
// random ASCII texts, and the names made from them; non-ASCII texts go to node:crypto.
import { hash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAscii, sha256AsciiWords } from '../../src/net/sha256.js';
import { base32Prefix, endpointChainName, sha256Base32 } from '../../src/net/hash.js';

const cryptoHex = (text: string) => hash('sha256', text, 'hex');
const wordsHex = (words: Int32Array) => [...words].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');

describe('sha256AsciiWords', () => {
  it('is the FIPS 180-4 digest of "abc" and of the empty text', () => {
    expect(wordsHex(sha256AsciiWords('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(wordsHex(sha256AsciiWords(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('equals node:crypto for every length from 0 to 200 (one, two and four blocks)', () => {
    for (let n = 0; n <= 200; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(0x20 + ((i * 7 + n) % 95))).join('');
      expect(wordsHex(sha256AsciiWords(text)), `length ${n}`).toBe(cryptoHex(text));
    }
  });

  it('equals node:crypto for random ASCII texts, including control characters and DEL', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 300 }), (text) => {
        expect(wordsHex(sha256AsciiWords(text))).toBe(cryptoHex(text));
      }),
      { numRuns: 500 },
    );
  });

  it('tells ASCII from anything else', () => {
    expect(isAscii('ns1/svc1:p80tcp10.0.0.1:80\x7f')).toBe(true);
    expect(isAscii('ns1/svc\x80')).toBe(false);
    expect(isAscii('ns1/svcé')).toBe(false);
  });
});

describe('chain names from the JavaScript digest', () => {
  it('are base32 of node:crypto digest for any text, ASCII or not, and any length up to the whole digest', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), fc.integer({ min: 1, max: 60 }), (text, length) => {
        expect(sha256Base32(text, length)).toBe(base32Prefix(hash('sha256', text, 'buffer'), length));
      }),
      { numRuns: 500 },
    );
  });

  it('name an endpoint chain with a non-ASCII service name as node:crypto would', () => {
    const text = 'ns/søk:p80tcp10.0.0.1:80';
    expect(endpointChainName('KUBE-SEP-', 'ns/søk:p80', 'TCP', '10.0.0.1:80')).toBe(`KUBE-SEP-${base32Prefix(hash('sha256', text, 'buffer'), 16)}`);
  });
});
