// IPVS IR → exactly what `ipvsadm-save -n` (ipvsadm -S -n, FMT_RULE | FMT_NUMERIC) prints once
// the table is loaded (ipvsadm 1.31, print_service_entry):
//   -A <svc> -s <scheduler>[ -p <timeout>][ -b <flags>]
//   -a <svc> -r <address:port> <-m|-g|-i> -w <weight>
// where <svc> is `-t|-u|--sctp-service address:port`, IPv6 in brackets. Services and their real
// servers in ipvsadm's sort order (order.ts). The same text is ipvsadm-restore input.
import type { Forwarding, IpvsTable, RealServer, VirtualService } from '../../ir/ipvs.js';
import { schedulerFlags } from '../../ir/ipvs.js';
import type { Protocol } from '../../ir/addr.js';
import { word } from '../tokens.js';
import { addrPort } from './address.js';
import { saveOrder } from './order.js';

/** option_from_protocol. */
export const SERVICE_OPTION: Readonly<Record<Protocol, string>> = { tcp: '-t', udp: '-u', sctp: '--sctp-service' };

/** fwd_switch: the kernel's Local forwarding (a real server on a local address) prints as -g too. */
export const FORWARDING_OPTION: Readonly<Record<Forwarding, string>> = { masq: '-m', gate: '-g', ipip: '-i' };

/** `-t 10.0.0.1:80`: a service as ipvsadm names it on its own lines and its servers' lines. */
export function serviceArgs(s: Pick<VirtualService, 'protocol' | 'ip' | 'port'>): string {
  return `${SERVICE_OPTION[s.protocol]} ${addrPort(s.ip, port(s.port))}`;
}

function port(p: number): number {
  if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`internal: port ${p} out of range`);
  return p;
}

export function serviceLine(s: VirtualService): string {
  let line = `-A ${serviceArgs(s)} -s ${word(s.scheduler)}`;
  if (s.persistence !== undefined) line += ` -p ${s.persistence}`;
  const order = schedulerFlags(s.scheduler);
  for (const f of s.flags) if (!order.includes(f)) throw new Error(`internal: scheduler ${s.scheduler} prints no flag ${f}`);
  const flags = order.filter((f) => s.flags.includes(f));
  if (flags.length > 0) line += ` -b ${flags.join(',')}`;
  return line;
}

export function realServerLine(s: VirtualService, r: RealServer): string {
  if (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > 65535) throw new Error(`internal: weight ${r.weight} out of range`);
  return `-a ${serviceArgs(s)} -r ${addrPort(r.ip, port(r.port))} ${FORWARDING_OPTION[r.forwarding]} -w ${r.weight}`;
}

export function writeIpvsadm(table: IpvsTable): string {
  const lines: string[] = [];
  for (const s of saveOrder(table.services)) {
    lines.push(serviceLine(s));
    for (const r of s.realServers) lines.push(realServerLine(s, r));
  }
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
