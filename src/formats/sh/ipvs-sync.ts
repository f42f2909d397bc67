// How the IPVS script brings a node's IPVS table to the wanted one without touching anyone
// else's services: an awk program (POSIX awk: mawk, gawk and busybox run it) reads what
// `ipvsadm -S -n` prints, a marker line, then the wanted table in the same form, and prints the
// `ipvsadm -R` commands that make the first into the second, as kube-proxy's syncService,
// syncEndpoint and cleanLegacyService would:
//   - a wanted service that is missing is added (-A), one that differs is edited (-E);
//   - a wanted service's real servers: missing ones added (-a), different ones edited (-e),
//     others deleted (-d);
//   - a service that is not wanted is deleted (-D, with its real servers) when it is kube-proxy's
//     to delete: of the script's family, not a fwmark service, and not on an address inside
//     --ipvs-exclude-cidrs (passed as bit-string prefixes, `keep`).
// Lines are compared as text: the wanted table is written exactly as ipvsadm-save prints it, so
// a second run prints nothing.
import type { CIDR } from '../../net/cidr.js';

export const IPVS_WANT_MARK = '#KUBE-RULEC-WANT';

/** A CIDR as the bit string of its prefix ("10.0.0.0/8" → "00001010"), what the awk program compares. */
export function prefixBits(c: CIDR): string {
  return [...c.ip.bytes].map((b) => b.toString(2).padStart(8, '0')).join('').slice(0, c.prefix);
}

export function keepPrefixes(keep: readonly CIDR[]): string[] {
  return keep.map(prefixBits);
}

export const IPVS_SYNC_AWK = [
  'function hexval(h,   i, v) { h = tolower(h); v = 0; for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return v }',
  'function bin(v, n,   s, i) { s = ""; for (i = 0; i < n; i++) { s = (v % 2) s; v = int(v / 2) } return s }',
  'function bits(a,   o, g, h, t, hn, tn, i, n, out, p) {',
  '  if (a !~ /:/) { split(a, o, "."); return bin(o[1], 8) bin(o[2], 8) bin(o[3], 8) bin(o[4], 8) }',
  '  if (a ~ /\\./) { n = split(a, g, ":"); split(g[n], o, "."); sub(/[^:]*$/, sprintf("%x:%x", o[1] * 256 + o[2], o[3] * 256 + o[4]), a) }',
  '  p = index(a, "::")',
  '  if (p) { hn = (p == 1) ? 0 : split(substr(a, 1, p - 1), h, ":"); tn = (p + 2 > length(a)) ? 0 : split(substr(a, p + 2), t, ":") }',
  '  else { hn = split(a, h, ":"); tn = 0 }',
  '  out = ""',
  '  for (i = 1; i <= hn; i++) out = out bin(hexval(h[i]), 16)',
  '  for (i = hn + tn; i < 8; i++) out = out bin(0, 16)',
  '  for (i = 1; i <= tn; i++) out = out bin(hexval(t[i]), 16)',
  '  return out',
  '}',
  '# the address of "-t 10.0.0.1:80" or "--sctp-service [2001:db8::1]:80"',
  'function host(svc,   a) { a = svc; sub(/^[^ ]* /, "", a); sub(/:[0-9]+$/, "", a); gsub(/[][]/, "", a); return a }',
  'function ours(svc,   a, b, i, n, k) {',
  '  if (svc ~ /^-f /) return 0',
  '  if ((family == 6) != (svc ~ /\\[/)) return 0',
  '  a = host(svc); b = bits(a); n = split(keep, k, " ")',
  '  for (i = 1; i <= n; i++) if (substr(b, 1, length(k[i])) == k[i]) return 0',
  '  return 1',
  '}',
  `$0 == "${IPVS_WANT_MARK}" { want = 1; next }`,
  '$1 == "-A" { svc = $2 " " $3; if (want) { W[svc] = $0; wn++; WS[wn] = svc } else { H[svc] = $0; hn++; HS[hn] = svc }; next }',
  '$1 == "-a" { svc = $2 " " $3; rs = svc " -r " $5; if (want) { WR[rs] = $0; wrn[svc]++; WRS[svc, wrn[svc]] = rs } else { HR[rs] = $0; hrn[svc]++; HRS[svc, hrn[svc]] = rs }; next }',
  'END {',
  '  for (i = 1; i <= hn; i++) if (!(HS[i] in W) && ours(HS[i])) print "-D " HS[i]',
  '  for (i = 1; i <= wn; i++) {',
  '    svc = WS[i]',
  '    if (!(svc in H)) print W[svc]',
  '    else if (H[svc] != W[svc]) { line = W[svc]; sub(/^-A /, "-E ", line); print line }',
  '    for (j = 1; j <= hrn[svc]; j++) if (!(HRS[svc, j] in WR)) print "-d " HRS[svc, j]',
  '    for (j = 1; j <= wrn[svc]; j++) {',
  '      rs = WRS[svc, j]',
  '      if (!(rs in HR)) print WR[rs]',
  '      else if (HR[rs] != WR[rs]) { line = WR[rs]; sub(/^-a /, "-e ", line); print line }',
  '    }',
  '  }',
  '}',
].join('\n');
