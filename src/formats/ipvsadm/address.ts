// Addresses as ipvsadm prints them with -n (addrport_to_anyname, FMT_NUMERIC): inet_ntop text,
// IPv6 in brackets, then ":port". glibc's inet_ntop agrees with Go's net.IP.String() (RFC 5952:
// the longest run of two or more zero groups, the first on a tie, becomes "::") except for one
// old form: an address whose first 96 bits are zero, or ::ffff:0:0/96, ends in dotted IPv4
// ("::1.2.3.4" where Go prints "::102:304").
import { formatIP, type IP } from '../../net/ip.js';

export function inetNtop(ip: IP): string {
  if (ip.family === 4) return formatIP(ip);
  const b = ip.bytes;
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push((b[i * 2]! << 8) | b[i * 2 + 1]!);
  // glibc inet_ntop6: best run; then, at group 6, the embedded IPv4 form when the run is the
  // first six groups, or the first five followed by ffff.
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
    else if (cur.base !== -1) {
      if (best.base === -1 || cur.len > best.len) best = cur;
      cur = { base: -1, len: 0 };
    }
  }
  if (cur.base !== -1 && (best.base === -1 || cur.len > best.len)) best = cur;
  if (best.base !== -1 && best.len < 2) best = { base: -1, len: 0 };
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.base !== -1 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      return out + `${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
    }
    out += words[i]!.toString(16);
  }
  if (best.base !== -1 && best.base + best.len === 8) out += ':';
  return out;
}

/** "10.0.0.1:80", "[2001:db8::1]:80". */
export function addrPort(ip: IP, port: number): string {
  return ip.family === 4 ? `${inetNtop(ip)}:${port}` : `[${inetNtop(ip)}]:${port}`;
}
