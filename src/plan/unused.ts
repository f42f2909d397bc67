// Notes (shown with --verbose) on objects a services proxy of one IP family leaves out: a
// dual-stack node runs one proxier per family, and each sees only its own family's addresses.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { noRules } from '../model/build.js';
import type { Cluster } from '../model/types.js';
import type { IPFamily } from '../net/ip.js';

export function otherFamilyNotes(cluster: Cluster, family: IPFamily): Diagnostic[] {
  const name = (f: IPFamily) => (f === 4 ? 'IPv4' : 'IPv6');
  const other: IPFamily = family === 4 ? 6 : 4;
  const hint = `compile with --ip-family ${other === 6 ? 'ipv6' : 'ipv4'} for the ${name(other)} rules`;
  const out: Diagnostic[] = [];
  for (const s of cluster.services) {
    if (s.skipped || s.clusterIPs.has(family)) continue;
    out.push(noRules(`Service ${s.namespace}/${s.name} has no ${name(family)} cluster IP, only an ${name(other)} one: kube-proxy's ${name(family)} proxier leaves it out`, s.locate, hint));
  }
  const seen = new Set<string>();
  for (const g of cluster.endpointGroups) {
    if (g.family === family || seen.has(g.origin)) continue;
    seen.add(g.origin);
    out.push(noRules(`${g.origin} holds ${name(other)} addresses: kube-proxy's ${name(family)} proxier leaves them out`, g.locate, hint));
  }
  return out;
}
