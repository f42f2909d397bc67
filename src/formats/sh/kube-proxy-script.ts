// A program of kube-proxy's iptables mode → a POSIX sh script that does what kube-proxy does on a
// full sync: its nfacct counters and route_localnet (host steps), the jumps from the built-in
// chains (EnsureChain + EnsureRule(Prepend): inserted only when missing), then
// iptables-restore --noflush of its chains, deleting the per-service chains it no longer has.
// Running it twice changes nothing, and it touches no chain outside kube-proxy's own.
import { part, type NodeProgram } from '../../ir/program.js';
import type { TableName } from '../../ir/iptables.js';
import { Script } from './script.js';

export interface Owner {
  table: TableName;
  prefixes: readonly string[];
}

export function writeKubeProxyScript(program: NodeProgram, owner: Owner): string {
  const rs = part(program, 'iptables')!.ruleset;
  return new Script({
    title: `${program.title}${program.node ? ` for node ${program.node}` : ''}`,
    rerun: `it only adds missing jump rules and rewrites the KUBE-* chains it owns.`,
    family: program.family,
    ipset: false,
  })
    .host(part(program, 'host')?.steps ?? [])
    .prependJumps('jumps from the built-in chains, in the order kube-proxy ensures them', rs.builtinJumps)
    .restore('per-service chains this ruleset owns; any other KUBE-SVC/SVL/EXT/FW/SEP chain is stale', rs, owner)
    .text();
}
