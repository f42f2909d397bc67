// ByteText: the byte buffer the restore writer puts its tokens into. What it must keep: tokens
// spaced within a line and not across lines, numbers in decimal exactly as String() prints
// them, any text (not only ASCII) back as it was put, and a token larger than its buffer.
import { describe, expect, it } from 'vitest';
import { ByteText, PIECE_BYTES } from '../../src/formats/bytes.js';

describe('ByteText', () => {
  it('spaces the tokens of a line, not the first one of the next', () => {
    const b = new ByteText();
    b.put('-A');
    b.put('KUBE-SERVICES');
    b.newline();
    b.put('COMMIT');
    b.newline();
    expect(b.take()).toBe('-A KUBE-SERVICES\nCOMMIT\n');
  });

  it('writes a token in parts without spaces between them', () => {
    const b = new ByteText();
    b.put('-d');
    b.space();
    b.raw('10.0.0.1');
    b.char(0x3a);
    b.decimal(80);
    b.put('x');
    expect(b.take()).toBe('-d 10.0.0.1:80 x');
  });

  it('writes integers as String() does', () => {
    const values = [0, 1, 9, 10, 99, 100, 255, 1000, 10800, 65535, 2 ** 31, 2 ** 32 - 1, Number.MAX_SAFE_INTEGER];
    for (let i = 0; i < 300; i++) values.push(Math.floor(Math.random() * 10 ** (i % 16)));
    const b = new ByteText();
    for (const v of values) b.putNumber(v);
    expect(b.take()).toBe(values.map(String).join(' '));
  });

  it('writes anything else it is given as a number as String() does', () => {
    const b = new ByteText();
    const values = [1.5, -3, 2 ** 60, NaN, Infinity];
    for (const v of values) b.putNumber(v);
    expect(b.take()).toBe(values.map(String).join(' '));
  });

  it('gives back text that is not ASCII as it was put, and ASCII after it as before', () => {
    const b = new ByteText();
    b.put('naïve');
    b.put('名前');
    b.put('😀x');
    b.newline();
    expect(b.take()).toBe('naïve 名前 😀x\n');
    b.put('plain');
    expect(b.take()).toBe('plain');
  });

  it('takes a token larger than its buffer whole', () => {
    const b = new ByteText();
    b.put('a');
    const big = 'x'.repeat(PIECE_BYTES * 3 + 7);
    b.put(big);
    b.put('z');
    expect(b.size).toBe(big.length + 4);
    expect(b.take()).toBe(`a ${big} z`);
    expect(b.size).toBe(0);
    expect(b.take()).toBe('');
  });
});
