// IP address parsing and printing, compatible with the way kube-proxy reads and writes them.
//
// kube-proxy parses with netutils.ParseIPSloppy (Go's pre-1.17 parser): an IPv4 octet may carry
// leading zeros and is then read as *decimal* ("010" is ten, never eight). It prints with
// net.IP.String(): dotted decimal for IPv4, RFC 5952 compressed lower-case text for IPv6.
// These functions are the only place in kube-rulec that turns address text into values and back.

export type IPFamily = 4 | 6;

export interface IP {
  readonly family: IPFamily;
  /** 4 bytes for IPv4, 16 for IPv6. */
  readonly bytes: Uint8Array;
}

export interface ParsedIP {
  ip: IP;
  /** An IPv4 octet had a leading zero (legacy text, read as decimal). */
  leadingZeros: boolean;
}

/**
 * Parses IPv4 dotted-decimal text; octets may carry leading zeros (read as decimal). One pass
 * over the characters: every address of a large cluster goes through here.
 */
function parseIPv4(text: string): ParsedIP | null {
  const n = text.length;
  if (n < 7 || n > 15) return null;
  const bytes = new Uint8Array(4);
  let leadingZeros = false;
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0x2e; // a '.' after the last octet closes it
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return null;
      bytes[part++] = value;
      value = 0;
      digits = 0;
      continue;
    }
    if (c < 0x30 || c > 0x39 || digits === 3) return null;
    if (digits === 1 && value === 0) leadingZeros = true;
    value = value * 10 + (c - 0x30);
    if (value > 255) return null;
    digits++;
  }
  if (part !== 4) return null;
  return { ip: { family: 4, bytes }, leadingZeros };
}

function parseIPv6(text: string): ParsedIP | null {
  if (text.length < 2 || text.length > 45) return null;
  let leadingZeros = false;
  const words: number[] = [];
  let tail: number[] = [];
  let elided = false;
  let rest = text;
  // An embedded IPv4 tail ("::ffff:1.2.3.4") occupies the last two groups.
  let v4: Uint8Array | null = null;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon >= 0 && rest.indexOf('.', lastColon) > lastColon) {
    const parsed = parseIPv4(rest.slice(lastColon + 1));
    if (!parsed) return null;
    leadingZeros = parsed.leadingZeros;
    v4 = parsed.ip.bytes;
    rest = rest.slice(0, lastColon + 1);
    if (!rest.endsWith('::')) rest = rest.slice(0, -1); // the colon before the tail; "::" stays
  }
  const halves = rest.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parseGroups(halves[0]!);
  if (!head) return null;
  words.push(...head);
  if (halves.length === 2) {
    elided = true;
    const t = parseGroups(halves[1]!);
    if (!t) return null;
    tail = t;
  }
  const v4Words = v4 ? 2 : 0;
  const total = words.length + tail.length + v4Words;
  if (elided ? total > 7 : total !== 8) return null;
  const bytes = new Uint8Array(16);
  const all = [...words, ...new Array<number>(8 - total).fill(0), ...tail];
  all.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  if (v4) bytes.set(v4, 12);
  return { ip: { family: 6, bytes }, leadingZeros };
}

/**
 * Parses an IP address the way ParseIPSloppy does. Returns null for anything that is not an
 * address (including zone suffixes and surrounding white space).
 */
export function parseIP(text: string): ParsedIP | null {
  if (text.includes(':')) return parseIPv6(text);
  return parseIPv4(text);
}

/** True for ::ffff:a.b.c.d, which Go treats as IPv4 (refused, or read as IPv4 where kube-proxy does). */
export function isIPv4Mapped(ip: IP): boolean {
  if (ip.family !== 6) return false;
  for (let i = 0; i < 10; i++) if (ip.bytes[i] !== 0) return false;
  return ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
}

/** The IPv4 address ::ffff:a.b.c.d stands for (Go's To4()); any other address unchanged. */
export function unmapIPv4(ip: IP): IP {
  return isIPv4Mapped(ip) ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** net.IP.String(): dotted decimal, or RFC 5952 text for IPv6. */
export function formatIP(ip: IP): string {
  const b = ip.bytes;
  if (ip.family === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[i * 2]! << 8) | b[i * 2 + 1]!);
  // Longest run of two or more zero words is elided; the first one wins a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLen))}`;
}

/** net.JoinHostPort: "10.0.0.1:80", "[fd00::1]:80". */
export function joinHostPort(ip: IP, port: number): string {
  return ip.family === 6 ? `[${formatIP(ip)}]:${port}` : `${formatIP(ip)}:${port}`;
}

export function ipEquals(a: IP, b: IP): boolean {
  if (a.family !== b.family) return false;
  for (let i = 0; i < a.bytes.length; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

/** Byte order on the address value, IPv4 before IPv6. */
export function compareIP(a: IP, b: IP): number {
  if (a.family !== b.family) return a.family - b.family;
  for (let i = 0; i < a.bytes.length; i++) {
    const d = a.bytes[i]! - b.bytes[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

export function isLoopback(ip: IP): boolean {
  if (ip.family === 4) return ip.bytes[0] === 127;
  return ip.bytes.every((v, i) => (i === 15 ? v === 1 : v === 0));
}

/**
 * The loopback address of each family, 127.0.0.1 and ::1. Written as bytes, not parsed, so that
 * importing this module runs no parser (test/net/ip.test.ts checks them against parseIP).
 */
export const LOOPBACK = {
  4: { family: 4, bytes: Uint8Array.of(127, 0, 0, 1) },
  6: { family: 6, bytes: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1) },
} as const satisfies Record<IPFamily, IP>;
