// kube-proxy's chain-name hashes: base32 (RFC 4648 standard alphabet, upper case) of a SHA-256,
// cut to 16 characters. Protocol is lower case and concatenated without separators.
import { hash } from 'node:crypto';
import { isAscii, sha256AsciiWords } from './sha256.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Appends the character codes of the first `length` base32 (StdEncoding) characters of the data. */
function base32Codes(data: Uint8Array, length: number, out: number[]): void {
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let k = 0; k < data.length && written < length; k++) {
    buffer = ((buffer << 8) | data[k]!) & 0xffff;
    bits += 8;
    while (bits >= 5 && written < length) {
      out.push(ALPHABET.charCodeAt((buffer >> (bits - 5)) & 31));
      bits -= 5;
      written++;
    }
  }
  if (bits > 0 && written < length) out.push(ALPHABET.charCodeAt((buffer << (5 - bits)) & 31));
}

/** Base32 (StdEncoding) of the data, first `length` characters. */
export function base32Prefix(data: Uint8Array, length: number): string {
  const codes: number[] = [];
  base32Codes(data, length, codes);
  return String.fromCharCode(...codes);
}

const DIGEST = new Uint8Array(32);

/**
 * SHA-256 of the text's UTF-8 bytes: computed here for an ASCII text (net/sha256.ts, no call into
 * C++ and no Buffer per name), by node:crypto for any other. An ASCII text's digest is a buffer
 * the next call overwrites.
 */
function sha256(text: string): Uint8Array {
  if (!isAscii(text)) return hash('sha256', text, 'buffer');
  const words = sha256AsciiWords(text);
  for (let k = 0; k < 32; k++) DIGEST[k] = (words[k >> 2]! >>> (24 - 8 * (k & 3))) & 0xff;
  return DIGEST;
}

/** Where a chain name's characters are put together (prefixes and names are short and ASCII). */
const NAME = Buffer.allocUnsafe(256);

/**
 * Each prefix followed by the first `length` base32 characters of SHA-256(text), each made as
 * one flat string from its bytes. (A prefix glued to a hash is a two-part string that the
 * engine copies again the first time it compares or looks it up; a large cluster sorts and
 * looks up a few hundred thousand chain names.) A prefix beyond ASCII or longer than the
 * buffer, never one of kube-proxy's, is glued.
 */
export function prefixedHash(prefixes: readonly string[], text: string, length: number): string[] {
  const suffix: number[] = [];
  base32Codes(sha256(text), length, suffix);
  return prefixes.map((prefix) => {
    if (!isAscii(prefix) || prefix.length + suffix.length > NAME.length) return prefix + String.fromCharCode(...suffix);
    const at = NAME.write(prefix, 0, 'latin1');
    for (let i = 0; i < suffix.length; i++) NAME[at + i] = suffix[i]!;
    return NAME.toString('latin1', 0, at + suffix.length);
  });
}

export function sha256Base32(text: string, length: number): string {
  return base32Prefix(sha256(text), length);
}

/** portProtoHash: the suffix shared by KUBE-SVC/SVL/EXT/FW chains of one service port. */
export function servicePortHash(servicePortName: string, protocol: string): string {
  return sha256Base32(servicePortName + protocol.toLowerCase(), 16);
}

/** The KUBE-SVC/SVL/EXT/FW chain names of one service port: each prefix with servicePortHash. */
export function servicePortChainNames(prefixes: readonly string[], servicePortName: string, protocol: string): string[] {
  return prefixedHash(prefixes, servicePortName + protocol.toLowerCase(), 16);
}

/** An endpoint's chain name: the prefix with endpointHash. */
export function endpointChainName(prefix: string, servicePortName: string, protocol: string, endpoint: string): string {
  return prefixedHash([prefix], servicePortName + protocol.toLowerCase() + endpoint, 16)[0]!;
}

/** The suffix of a KUBE-SEP chain. */
export function endpointHash(servicePortName: string, protocol: string, endpoint: string): string {
  return sha256Base32(servicePortName + protocol.toLowerCase() + endpoint, 16);
}
