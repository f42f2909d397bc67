// CIDR parsing and printing. Go's ParseCIDR returns the *network*, so kube-proxy prints
// "10.0.0.5/8" as "10.0.0.0/8" and "203.0.113.000/025" as "203.0.113.0/25".
import { formatIP, LOOPBACK, parseIP, type IP, type IPFamily } from './ip.js';

export interface CIDR {
  readonly family: IPFamily;
  /** Network address (host bits cleared). */
  readonly ip: IP;
  readonly prefix: number;
}

export interface ParsedCIDR {
  cidr: CIDR;
  leadingZeros: boolean;
  /** The text had host bits set ("10.0.0.5/8"). */
  hostBits: boolean;
}

export function parseCIDR(text: string): ParsedCIDR | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const parsed = parseIP(text.slice(0, slash));
  if (!parsed) return null;
  const lenText = text.slice(slash + 1);
  if (!/^[0-9]{1,3}$/.test(lenText)) return null;
  const prefix = Number(lenText);
  const bits = parsed.ip.family === 4 ? 32 : 128;
  if (prefix > bits) return null;
  const network = maskIP(parsed.ip, prefix);
  let hostBits = false;
  for (let i = 0; i < network.bytes.length; i++) {
    if (network.bytes[i] !== parsed.ip.bytes[i]) hostBits = true;
  }
  return {
    cidr: { family: parsed.ip.family, ip: network, prefix },
    leadingZeros: parsed.leadingZeros || (lenText.length > 1 && lenText.startsWith('0')),
    hostBits,
  };
}

function maskIP(ip: IP, prefix: number): IP {
  const bytes = new Uint8Array(ip.bytes);
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = bytes[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return { family: ip.family, bytes };
}

export function formatCIDR(c: CIDR): string {
  return `${formatIP(c.ip)}/${c.prefix}`;
}

export function cidrContains(c: CIDR, ip: IP): boolean {
  if (c.family !== ip.family) return false;
  const masked = maskIP(ip, c.prefix);
  return masked.bytes.every((b, i) => b === c.ip.bytes[i]);
}

/** c is inside (or equal to) outer. */
export function cidrWithin(inner: CIDR, outer: CIDR): boolean {
  return inner.family === outer.family && inner.prefix >= outer.prefix && cidrContains(outer, inner.ip);
}

export function hostCIDR(ip: IP): CIDR {
  return { family: ip.family, ip, prefix: ip.family === 4 ? 32 : 128 };
}

/**
 * The loopback ranges, 127.0.0.0/8 and ::1/128, stated once. Built from values, not parsed, so
 * that importing this module runs no parser (test/net/cidr.test.ts checks them against parseCIDR).
 */
export const LOOPBACK_NET = {
  4: { family: 4, ip: { family: 4, bytes: Uint8Array.of(127, 0, 0, 0) }, prefix: 8 },
  6: { family: 6, ip: LOOPBACK[6], prefix: 128 },
} as const satisfies Record<IPFamily, CIDR>;
