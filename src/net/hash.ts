// kube-proxy's chain-name hashes: base32 (RFC 4648 standard alphabet, upper case) of a SHA-256,
// cut to 16 characters. Protocol is lower case and concatenated without separators.
import { hash } from 'node:crypto';
import { isAscii, sha256AsciiWords } from './sha256.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Base32 (StdEncoding) of the data, first `length` characters. */
export function base32Prefix(data: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
      if (out.length === length) return out;
    }
  }
  if (bits > 0 && out.length < length) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out.slice(0, length);
}

/** The digest's byte k, of the words sha256AsciiWords left. */
const digestByte = (words: Int32Array, k: number) => (words[k >> 2]! >>> (24 - 8 * (k & 3))) & 0xff;

/** Character codes of the prefix, then of the first `length` base32 characters of SHA-256(text). */
function hashCodes(prefix: string, text: string, length: number): number[] {
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  if (length > 51 || !isAscii(text)) {
    const h = base32Prefix(hash('sha256', text, 'buffer'), length);
    for (let i = 0; i < h.length; i++) codes.push(h.charCodeAt(i));
    return codes;
  }
  const words = sha256AsciiWords(text);
  let buffer = 0;
  let bits = 0;
  let written = 0;
  for (let k = 0; k < 32 && written < length; k++) {
    buffer = ((buffer << 8) | digestByte(words, k)) & 0xffff;
    bits += 8;
    while (bits >= 5 && written < length) {
      codes.push(ALPHABET.charCodeAt((buffer >> (bits - 5)) & 31));
      bits -= 5;
      written++;
    }
  }
  return codes;
}

/**
 * `prefix` followed by the first `length` base32 characters of SHA-256(text), made as one flat
 * string from its character codes. (A prefix glued to a hash is a two-part string that the
 * engine copies again the first time it compares or looks it up; a large cluster sorts and
 * looks up a few hundred thousand chain names.) The hash of an ASCII text is computed here
 * (net/sha256.ts), any other by node:crypto.
 */
export function prefixedHash(prefixes: readonly string[], text: string, length: number): string[] {
  const suffix = hashCodes('', text, length);
  return prefixes.map((prefix) => {
    const codes: number[] = [];
    for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
    for (const c of suffix) codes.push(c);
    return String.fromCharCode(...codes);
  });
}

export function sha256Base32(text: string, length: number): string {
  return String.fromCharCode(...hashCodes('', text, length));
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
  return String.fromCharCode(...hashCodes(prefix, servicePortName + protocol.toLowerCase() + endpoint, 16));
}

/** The suffix of a KUBE-SEP chain. */
export function endpointHash(servicePortName: string, protocol: string, endpoint: string): string {
  return sha256Base32(servicePortName + protocol.toLowerCase() + endpoint, 16);
}
