// A policy program → a POSIX sh script: restore the ipsets (with --ipset), rewrite the KR-*
// chains with iptables-restore --noflush (deleting KR-* chains this ruleset no longer has), make
// sure the jumps from FORWARD, INPUT and OUTPUT are the first rule of each (so that no ACCEPT
// above them, such as kube-proxy's KUBE-FORWARD, lets traffic past the policy), then destroy KR
// ipsets no longer used. Running it twice changes nothing; it touches nothing outside KR-*
// chains, KR<family>-* sets and its three jump rules.
import { part, type NodeProgram } from '../../ir/program.js';
import type { Owner } from './kube-proxy-script.js';
import { Script } from './script.js';

export function writePolicyScript(program: NodeProgram, owner: Owner & { setPrefix: string }): string {
  const rs = part(program, 'iptables')!.ruleset;
  const sets = part(program, 'ipsets')?.sets ?? [];
  return new Script({
    title: `${program.title}${program.node ? ` for the pods of node ${program.node}` : ''}`,
    rerun: 'it rewrites only its own KR-* chains and sets and keeps its jumps first.',
    family: program.family,
    ipset: true,
  })
    .ipsets(sets)
    .restore('the chains this ruleset owns; any other KR-POLICY/POD/NP/NPX chain is stale', rs, owner, { dialect: 'kernel' })
    .firstJumps('the jumps into the policy chains, first in their built-in chains', rs)
    .dropUnusedSets('KR sets of this family that no rule uses any more', owner.setPrefix, sets)
    .text();
}
