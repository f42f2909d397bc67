// What a backend produces for one node: ordered, typed parts. The order is the order a node
// loads them in (host setup, then sets, then IPVS services, then the rules that match on the
// sets). Each output form writes the parts it knows: `restore` the iptables part, `ipset` the
// sets, `ipvsadm` the IPVS table, `script` all of them.
import type { IPFamily } from '../net/ip.js';
import type { HostStep } from './host.js';
import type { IpSet } from './ipset.js';
import type { IptablesRuleset } from './iptables.js';
import type { IpvsTable } from './ipvs.js';
import type { NftTable } from './nftables.js';

export type ProgramPart =
  | { kind: 'host'; steps: HostStep[] }
  | { kind: 'ipsets'; sets: IpSet[] }
  | { kind: 'ipvs'; table: IpvsTable }
  | { kind: 'iptables'; ruleset: IptablesRuleset }
  | { kind: 'nftables'; table: NftTable };

export interface NodeProgram {
  /** What the program is for, in words ("kube-proxy iptables-mode rules"), for script headers. */
  title: string;
  /** The node it was compiled for ("" when none was named). */
  node: string;
  family: IPFamily;
  parts: ProgramPart[];
}

/** The one part of a kind, if the program has it. */
export function part<K extends ProgramPart['kind']>(program: NodeProgram, kind: K): Extract<ProgramPart, { kind: K }> | undefined {
  return program.parts.find((p): p is Extract<ProgramPart, { kind: K }> => p.kind === kind);
}
