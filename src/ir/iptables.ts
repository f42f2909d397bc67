// The iptables rule IR. Backends build these values; writers in src/emit turn them into text
// (iptables-restore input as kube-proxy writes it, or iptables-save as the kernel prints it), and
// the analysis tools read the same values back from a live node's dump. No backend glues
// strings: a rule is a list of typed matches and one typed target.
import type { CIDR } from '../net/cidr.js';
import type { IP, IPFamily } from '../net/ip.js';
import type { Protocol } from '../model/types.js';

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';

/** An address match value: a single address (written without a prefix length by kube-proxy) or a CIDR. */
export type AddrValue = { kind: 'ip'; ip: IP } | { kind: 'cidr'; cidr: CIDR };

/**
 * Matches, in the order kube-proxy writes them. `dport` belongs to the protocol match written
 * before it (`-m tcp -p tcp ... --dport 80`); the save writer regroups it there.
 */
export type Match =
  | { kind: 'comment'; text: string }
  | { kind: 'protocol'; protocol: Protocol }
  | { kind: 'dport'; port: number; endPort?: number }
  | { kind: 'addr'; dir: 'src' | 'dst'; value: AddrValue; negate: boolean }
  | { kind: 'iface'; dir: 'in' | 'out'; name: string; negate: boolean }
  | { kind: 'mark'; value: number; mask: number; negate: boolean }
  | { kind: 'conntrack'; states: string[]; negate: boolean }
  | { kind: 'addrtype'; dir: 'src' | 'dst'; type: 'LOCAL'; negate: boolean }
  | { kind: 'statistic'; probability: number }
  | { kind: 'recent'; name: string; op: { kind: 'set' } | { kind: 'rcheck'; seconds: number; reap: boolean } }
  | { kind: 'nfacct'; name: string }
  | { kind: 'set'; name: string; dir: 'src' | 'dst' };

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'return' }
  | { kind: 'reject' }
  | { kind: 'dnat'; ip: IP; port: number }
  | { kind: 'mark'; op: 'or' | 'xor' | 'clear'; value: number }
  | { kind: 'masquerade'; randomFully: boolean };

export interface Rule {
  matches: Match[];
  /** null: a rule with no target (counts packets only; kube-proxy's KUBE-FW tail rule). */
  target: Target | null;
}

export interface Chain {
  name: string;
  rules: Rule[];
}

export interface Table {
  name: TableName;
  /** User chains this ruleset owns; declared (and so flushed) on every load. */
  chains: Chain[];
}

/** A rule kube-proxy inserts into a built-in chain outside iptables-restore (`iptables -I`). */
export interface BuiltinJump {
  table: TableName;
  chain: string;
  rule: Rule;
}

/** An ipset the rules match on (policy mode with --ipset). Members are kept sorted. */
export interface IpSet {
  name: string;
  type: 'hash:ip' | 'hash:net';
  family: IPFamily;
  members: AddrValue[];
  comment: string;
}

export interface IptablesRuleset {
  family: IPFamily;
  tables: Table[];
  /** In the order kube-proxy ensures them; each is inserted at position 1. */
  builtinJumps: BuiltinJump[];
}

/** A chain under construction: rules keep the order they are added in. */
export class ChainBuilder {
  readonly rules: Rule[] = [];
  constructor(readonly name: string) {}

  add(target: Target | null, ...matches: Match[]): this {
    this.rules.push({ matches, target });
    return this;
  }
}

/** Collects the chains of one table, creating each on first use. */
export class TableBuilder {
  private readonly chains = new Map<string, ChainBuilder>();
  constructor(readonly name: TableName) {}

  chain(name: string): ChainBuilder {
    let c = this.chains.get(name);
    if (!c) {
      c = new ChainBuilder(name);
      this.chains.set(name, c);
    }
    return c;
  }

  build(): Table {
    return { name: this.name, chains: [...this.chains.values()].map((c) => ({ name: c.name, rules: c.rules })) };
  }
}

// Small constructors keep backends readable.
export const m = {
  comment: (text: string): Match => ({ kind: 'comment', text }),
  proto: (protocol: Protocol): Match => ({ kind: 'protocol', protocol }),
  dport: (port: number, endPort?: number): Match => (endPort === undefined ? { kind: 'dport', port } : { kind: 'dport', port, endPort }),
  dst: (value: AddrValue, negate = false): Match => ({ kind: 'addr', dir: 'dst', value, negate }),
  src: (value: AddrValue, negate = false): Match => ({ kind: 'addr', dir: 'src', value, negate }),
  inIface: (name: string, negate = false): Match => ({ kind: 'iface', dir: 'in', name, negate }),
  mark: (value: number, mask: number, negate = false): Match => ({ kind: 'mark', value, mask, negate }),
  ctstate: (states: string[], negate = false): Match => ({ kind: 'conntrack', states, negate }),
  addrtype: (dir: 'src' | 'dst', negate = false): Match => ({ kind: 'addrtype', dir, type: 'LOCAL', negate }),
  statistic: (probability: number): Match => ({ kind: 'statistic', probability }),
  recentSet: (name: string): Match => ({ kind: 'recent', name, op: { kind: 'set' } }),
  recentCheck: (name: string, seconds: number): Match => ({ kind: 'recent', name, op: { kind: 'rcheck', seconds, reap: true } }),
  nfacct: (name: string): Match => ({ kind: 'nfacct', name }),
  set: (name: string, dir: 'src' | 'dst'): Match => ({ kind: 'set', name, dir }),
};

export const t = {
  jump: (chain: string): Target => ({ kind: 'jump', chain }),
  accept: { kind: 'accept' } as Target,
  drop: { kind: 'drop' } as Target,
  ret: { kind: 'return' } as Target,
  reject: { kind: 'reject' } as Target,
  dnat: (ip: IP, port: number): Target => ({ kind: 'dnat', ip, port }),
  markOr: (value: number): Target => ({ kind: 'mark', op: 'or', value }),
  markXor: (value: number): Target => ({ kind: 'mark', op: 'xor', value }),
  markClear: (value: number): Target => ({ kind: 'mark', op: 'clear', value }),
  masquerade: (randomFully: boolean): Target => ({ kind: 'masquerade', randomFully }),
};

export const addr = {
  ip: (ip: IP): AddrValue => ({ kind: 'ip', ip }),
  cidr: (cidr: CIDR): AddrValue => ({ kind: 'cidr', cidr }),
};
