// A program of kube-proxy's IPVS mode → a POSIX sh script that does what kube-proxy does on a
// sync: loads IPVS (ipvsadm does, as kube-proxy's startup probe does), sets its sysctls and
// connection timeouts, makes the dummy interface kube-ipvs0 and binds exactly the virtual IPs to
// it, restores its ipsets (filled and swapped in), brings the IPVS table to the wanted services
// with ipvsadm -R (ipvs-sync.ts), ensures the jumps from the built-in chains, and rewrites its
// nat and filter chains with iptables-restore --noflush. Running it twice changes nothing. Stale
// objects of kube-proxy's are removed (addresses of the family on kube-ipvs0, set members,
// virtual and real servers); other services (another family, fwmark, --ipvs-exclude-cidrs),
// chains, sets and rules are kept.
import { part, type NodeProgram } from '../../ir/program.js';
import { Script } from './script.js';

export function writeKubeProxyIpvsScript(program: NodeProgram): string {
  const steps = part(program, 'host')?.steps ?? [];
  const table = part(program, 'ipvs')!.table;
  const rs = part(program, 'iptables')!.ruleset;
  return new Script({
    title: `${program.title}${program.node ? ` for node ${program.node}` : ''}`,
    rerun: 'it adds what is missing, changes what differs and removes only stale objects of kube-proxy\'s.',
    family: program.family,
    ipset: true,
    ipvsadm: true,
  })
    .section('IPVS must be there before its sysctls: ipvsadm loads the ip_vs module', ['"$IPVSADM" -L -n >/dev/null'])
    .sysctls("the kernel settings kube-proxy's IPVS mode makes", steps)
    .dummyLink('the dummy interface kube-proxy binds virtual IPs to (never set up), with exactly these addresses of the family', program.family, steps)
    .ipsets(part(program, 'ipsets')?.sets ?? [], "kube-proxy's sets, before the rules that match on them")
    .ipvs("virtual and real servers: what differs from the table is changed; other services of the family are deleted, unless on an --ipvs-exclude-cidrs address", table)
    .prependJumps('jumps from the built-in chains, in the order kube-proxy ensures them', rs.builtinJumps)
    .restore("kube-proxy's nat and filter chains, declared and so rewritten", rs, undefined)
    .text();
}
