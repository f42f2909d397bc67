// KR0409: two Services with one cluster IP, port and protocol. The API server's cluster IP
// allocator never hands out an address twice, so only hand-written or merged input has this;
// kube-proxy would write the rules of both, and which one gets the traffic is not defined (it
// writes services in Go map order). Each family's cluster IP counts on its own (a dual-stack
// service's IPv6 address included), whatever family is compiled.
import { diag, type Location } from '../../diagnostics/diagnostic.js';
import { formatIP } from '../../net/ip.js';
import type { Service } from '../../model/types.js';
import type { LintRule } from '../rule.js';

interface Use {
  service: Service;
  /** Found only for addresses used twice: finding a place in a JSON file means parsing it again. */
  at: () => Location;
}

const byPlace = (a: Location, b: Location) =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;

export const SharedClusterIPRule: LintRule = {
  code: 'KR0409',
  scope: 'input',
  run(ctx) {
    const uses = new Map<string, Use[]>();
    for (const svc of ctx.cluster.services) {
      if (svc.skipped) continue;
      for (const ip of svc.clusterIPs.values()) {
        const ipText = formatIP(ip);
        const at = () => svc.locateClusterIP(ip);
        for (const port of svc.ports) {
          const key = `${ipText} ${port.port}/${port.protocol.toUpperCase()}`;
          const list = uses.get(key);
          if (list) list.push({ service: svc, at });
          else uses.set(key, [{ service: svc, at }]);
        }
      }
    }
    for (const [key, list] of uses) {
      if (list.length < 2) continue;
      const placed = list.map((u) => ({ service: u.service, at: u.at() })).sort((a, b) => byPlace(a.at, b.at));
      const [first, ...later] = placed;
      const [ip, port] = key.split(' ');
      for (const u of later) {
        ctx.report(
          diag(
            'KR0409',
            `Service ${u.service.namespace}/${u.service.name}: cluster IP ${ip} port ${port} is also the cluster IP and port of Service ${first!.service.namespace}/${first!.service.name} (${first!.at.file}:${first!.at.line}:${first!.at.column}); the API server never allocates one cluster IP twice`,
            u.at,
            'kube-proxy writes the rules of both, in no fixed order: which service gets the traffic is not defined',
          ),
        );
      }
    }
  },
};
