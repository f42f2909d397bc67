// The order `ipvsadm -S` (ipvsadm-save) prints in: list_all sorts the services with
// ipvs_cmp_services, print_service_entry sorts each service's real servers with ipvs_cmp_dests
// (libipvs/libipvs.c), both through glibc's qsort.
//
// The comparators subtract: fwmark, address family (AF_INET 2 before AF_INET6 10), protocol
// number (TCP 6, UDP 17, SCTP 132), then the address as 32-bit words in host order, then the
// port. The word difference of two unsigned 32-bit values is stored in an int, so two words
// 2^31 or more apart compare "backwards" (192.168.0.5 sorts before 10.96.0.10). kube-rulec
// compares exactly so. When a table's addresses all lie within half of the address circle that
// order is total and any sort gives ipvsadm's output; when they do not, the comparison is not
// transitive and a live ipvsadm's order depends on the kernel's hash order, which no compiler
// can know: kube-rulec then starts from numeric order and merges as glibc's msort does.
import type { IP } from '../../net/ip.js';
import { compareIP } from '../../net/ip.js';
import { PROTOCOL_NUMBERS } from '../../ir/addr.js';
import type { RealServer, VirtualService } from '../../ir/ipvs.js';

/** C's `int r = ntohl(a) - ntohl(b)` for each 32-bit word, the first that differs. */
export function compareAddressC(a: IP, b: IP): number {
  for (let w = 0; w < a.bytes.length / 4; w++) {
    const r = (word(a, w) - word(b, w)) | 0;
    if (r !== 0) return r;
  }
  return 0;
}

function word(ip: IP, w: number): number {
  const b = ip.bytes;
  return ((b[w * 4]! << 24) >>> 0) + (b[w * 4 + 1]! << 16) + (b[w * 4 + 2]! << 8) + b[w * 4 + 3]!;
}

const AF = { 4: 2, 6: 10 } as const;

/** ipvs_cmp_services (no fwmark services here: kube-proxy makes none). */
export function compareServices(a: VirtualService, b: VirtualService): number {
  return AF[a.ip.family] - AF[b.ip.family] || PROTOCOL_NUMBERS[a.protocol] - PROTOCOL_NUMBERS[b.protocol] || compareAddressC(a.ip, b.ip) || a.port - b.port;
}

/** ipvs_cmp_dests. */
export function compareDests(a: RealServer, b: RealServer): number {
  return compareAddressC(a.ip, b.ip) || a.port - b.port;
}

/** glibc's msort_with_tmp: split in halves (the first n/2), sort each, merge taking the left on ties. */
export function mergeSort<T>(items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  if (items.length <= 1) return [...items];
  const n1 = Math.floor(items.length / 2);
  const left = mergeSort(items.slice(0, n1), cmp);
  const right = mergeSort(items.slice(n1), cmp);
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) out.push(cmp(left[i]!, right[j]!) <= 0 ? left[i++]! : right[j++]!);
  return [...out, ...left.slice(i), ...right.slice(j)];
}

/** The services in ipvsadm-save's order, each with its real servers in that order. */
export function saveOrder(services: readonly VirtualService[]): VirtualService[] {
  const numeric = [...services].sort((a, b) => compareIP(a.ip, b.ip) || PROTOCOL_NUMBERS[a.protocol] - PROTOCOL_NUMBERS[b.protocol] || a.port - b.port);
  return mergeSort(numeric, compareServices).map((s) => ({
    ...s,
    realServers: mergeSort(
      [...s.realServers].sort((a, b) => compareIP(a.ip, b.ip) || a.port - b.port),
      compareDests,
    ),
  }));
}
