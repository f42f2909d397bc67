// SHA-256 (FIPS 180-4) of a short ASCII text, in JavaScript, for kube-proxy's chain names.
//
// A large cluster names a few hundred thousand chains, each from a SHA-256 of some 40-80
// characters. node:crypto's one-shot digest pays a call into C++ and a Buffer per name, several
// times what the compression itself costs at these lengths; this file hashes into a state that
// every call reuses and hands back the first words of the digest. Texts with a character
// outside ASCII (their UTF-8 bytes differ from their character codes) are for node:crypto.
// test/net/sha256.test.ts holds it to node:crypto's digest on random and edge-length texts.

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The digest's eight 32-bit words, big-endian, of the last call. */
const H = new Int32Array(8);
const W = new Int32Array(64);

/** The message schedule's first 16 words: block `block` of the padded message of `text`. */
function loadBlock(text: string, block: number, blocks: number): void {
  const n = text.length;
  const base = block * 64;
  for (let w = 0; w < 16; w++) {
    let word = 0;
    for (let b = 0; b < 4; b++) {
      const i = base + w * 4 + b;
      // The text's bytes, then 0x80, then zeros, then (in the last block's last 8 bytes) the bit length.
      const byte = i < n ? text.charCodeAt(i) : i === n ? 0x80 : 0;
      word = (word << 8) | byte;
    }
    W[w] = word;
  }
  if (block === blocks - 1) {
    // The length in bits as a 64-bit big-endian number. Its high word is 0: a string of the
    // engine is shorter than 2^29 characters, so its length in bits fits in 32.
    W[14] = 0;
    W[15] = (n * 8) | 0;
  }
}

function compress(): void {
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

/** True when every character of the text is ASCII (its UTF-8 bytes are its character codes). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The SHA-256 of an ASCII text, as eight 32-bit words (big-endian, signed) in a buffer that the
 * next call overwrites: read what you need before hashing again. The caller checks isAscii.
 */
export function sha256AsciiWords(text: string): Int32Array {
  H.set(INITIAL);
  // The text, one 0x80 byte and the 8-byte length, rounded up to whole 64-byte blocks.
  const blocks = Math.floor((text.length + 8) / 64) + 1;
  for (let block = 0; block < blocks; block++) {
    loadBlock(text, block, blocks);
    compress();
  }
  return H;
}
