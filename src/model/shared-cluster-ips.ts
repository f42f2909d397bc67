// Two Services with one cluster IP, port and protocol. The API server's cluster IP allocator
// never hands out an address twice, so only hand-written or merged input has this; kube-proxy
// would write the rules of both services, and which one gets the traffic is not defined (it
// writes services in Go map order). Each family's cluster IP counts on its own (a dual-stack
// service's IPv6 address included), whatever family is compiled.
import type { Checked } from '../check/index.js';
import type { ServiceObject } from '../check/k8s-types.js';
import { diag, type Diagnostic, type Location } from '../diagnostics/diagnostic.js';
import type { Path } from '../load/position.js';
import { formatIP, ipEquals, parseIP } from '../net/ip.js';
import type { Service } from './types.js';

interface Use {
  service: Service;
  at: Location;
}

const byPlace = (a: Use, b: Use) =>
  (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : 0) || a.at.line - b.at.line || a.at.column - b.at.column;

/** `checked[i]` is the input of `services[i]`. */
export function sharedClusterIPs(checked: readonly Checked<ServiceObject>[], services: readonly Service[]): Diagnostic[] {
  const uses = new Map<string, Use[]>();
  services.forEach((svc, i) => {
    if (svc.skipped) return;
    const spec = checked[i]!.obj.spec ?? {};
    const fromClusterIPs = (spec.clusterIPs ?? []).length > 0;
    const texts = fromClusterIPs ? spec.clusterIPs! : [spec.clusterIP ?? ''];
    texts.forEach((text, k) => {
      // Only the addresses the model took (GetClusterIPByFamily), where they are written.
      const ip = parseIP(text)?.ip;
      if (!ip || ![...svc.clusterIPs.values()].some((x) => ipEquals(x, ip))) return;
      const path: Path = fromClusterIPs ? ['spec', 'clusterIPs', k] : ['spec', 'clusterIP'];
      const at = checked[i]!.raw.loc.value(path);
      for (const port of svc.ports) {
        const key = `${formatIP(ip)} ${port.port}/${port.protocol.toUpperCase()}`;
        const list = uses.get(key) ?? [];
        list.push({ service: svc, at });
        uses.set(key, list);
      }
    });
  });
  const out: Diagnostic[] = [];
  for (const [key, list] of uses) {
    if (list.length < 2) continue;
    const [first, ...later] = [...list].sort(byPlace);
    const [ip, port] = key.split(' ');
    for (const u of later) {
      out.push(
        diag(
          'KR0409',
          `Service ${u.service.namespace}/${u.service.name}: cluster IP ${ip} port ${port} is also the cluster IP and port of Service ${first!.service.namespace}/${first!.service.name} (${first!.at.file}:${first!.at.line}:${first!.at.column}); the API server never allocates one cluster IP twice`,
          u.at,
          'kube-proxy writes the rules of both, in no fixed order: which service gets the traffic is not defined',
        ),
      );
    }
  }
  return out;
}
