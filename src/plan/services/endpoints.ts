// The endpoints of one service port, as kube-proxy's endpoint slice cache hands them over: joined
// by port name and protocol, one per ip:port, in the order of their ip:port text.
import type { EndpointGroup } from '../../model/types.js';
import type { Protocol } from '../../ir/addr.js';
import { joinHostPort, type IP } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';

export interface PlannedEndpoint {
  readonly ip: IP;
  readonly port: number;
  /** net.JoinHostPort form: "10.0.0.1:80", "[fd00::1]:80". Sort key and hash input. */
  readonly str: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly isLocal: boolean;
  readonly zoneHints: readonly string[] | undefined;
  readonly nodeHints: readonly string[] | undefined;
}

export function collectEndpoints(
  groups: readonly EndpointGroup[],
  portName: string,
  protocol: Protocol,
  hostname: string,
): PlannedEndpoint[] {
  const byStr = new Map<string, PlannedEndpoint>();
  // The same ip:port twice (endpointslicecache.go, addEndpoints): a copy replaces an earlier one
  // unless it is terminating, so the last non-terminating copy wins and decides readiness,
  // locality and hints. Within a slice "later" is the slice's own order; kube-proxy walks a
  // service's slices in Go map order, so kube-rulec walks them by name to stay deterministic.
  const ordered = [...groups].sort((a, b) => byteOrder(a.origin, b.origin));
  for (const g of ordered) {
    for (const p of g.ports) {
      if (p.name !== portName || p.protocol !== protocol) continue;
      for (const a of g.addresses) {
        const str = joinHostPort(a.ip, p.port);
        if (byStr.has(str) && a.terminating) continue;
        byStr.set(str, {
          ip: a.ip,
          port: p.port,
          str,
          ready: a.ready,
          serving: a.serving,
          terminating: a.terminating,
          isLocal: hostname !== '' && a.nodeName === hostname,
          zoneHints: a.zoneHints,
          nodeHints: a.nodeHints,
        });
      }
    }
  }
  return [...byStr.values()].sort((a, b) => byteOrder(a.str, b.str));
}
