// The iptables rule IR. Backends build these values; writers in src/formats/iptables turn them
// into text (iptables-restore input as kube-proxy writes it, or iptables-save as the kernel prints
// it), and formats/iptables/parse.ts reads such text (ours, or a live node's) back into them. No
// backend glues strings: a rule is a list of typed matches and one typed target, and what the
// parser does not know is kept word for word (`unknown`), never dropped.
import type { IP, IPFamily } from '../net/ip.js';
import type { AddrValue, Protocol } from './addr.js';

export type TableName = 'filter' | 'nat' | 'mangle' | 'raw';

/** The built-in chains of each table, in the order iptables-save prints them. */
export const BUILTIN_CHAINS: Record<TableName, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

/**
 * Matches, in the order kube-proxy writes them. `dport` belongs to the protocol match written
 * before it (`-m tcp -p tcp ... --dport 80`); the save writer regroups it there.
 */
export type Match =
  | { kind: 'comment'; text: string }
  /** `-m tcp -p tcp`; `bare`: `-p tcp` alone, without the protocol's match module (live dumps). */
  | { kind: 'protocol'; protocol: Protocol; bare?: true }
  | { kind: 'dport'; port: number; endPort?: number }
  | { kind: 'addr'; dir: 'src' | 'dst'; value: AddrValue; negate: boolean }
  | { kind: 'iface'; dir: 'in' | 'out'; name: string; negate: boolean }
  | { kind: 'mark'; value: number; mask: number; negate: boolean }
  | { kind: 'conntrack'; states: string[]; negate: boolean }
  | { kind: 'addrtype'; dir: 'src' | 'dst'; type: 'LOCAL'; negate: boolean }
  | { kind: 'statistic'; probability: number }
  | { kind: 'recent'; name: string; op: { kind: 'set' } | { kind: 'rcheck'; seconds: number; reap: boolean } }
  | { kind: 'nfacct'; name: string }
  /** `-m set [!] --match-set NAME src,dst,...`: one flag per dimension of the set's members. */
  | { kind: 'set'; name: string; flags: ('src' | 'dst')[]; negate: boolean }
  /** `-m physdev [!] --physdev-is-in`: the packet came in through a bridge port (IPVS mode's externalIP rules). */
  | { kind: 'physdev-is-in'; negate: boolean }
  /** `-m ipvs --vaddr IP --vproto P --vport N`: the packet belongs to that IPVS virtual service. */
  | { kind: 'ipvs'; vaddr: IP; vproto: Protocol; vport: number }
  /** Anything else, as the words it was written with (a parsed live dump). */
  | { kind: 'unknown'; words: string[] };

export type Target =
  | { kind: 'jump'; chain: string }
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'return' }
  | { kind: 'reject' }
  | { kind: 'dnat'; ip: IP; port: number }
  | { kind: 'mark'; op: 'or' | 'xor' | 'clear'; value: number }
  | { kind: 'masquerade'; randomFully: boolean }
  | { kind: 'unknown'; words: string[] };

/** What produced a rule: for `stats` and `diff` per service or policy, and trace's explanations. */
export type RuleOrigin =
  | { kind: 'service-port'; namespace: string; name: string; port: string; protocol: Protocol }
  | { kind: 'endpoint'; namespace: string; name: string; port: string; protocol: Protocol; endpoint: string }
  | { kind: 'policy'; namespace: string; name: string; direction: 'ingress' | 'egress' }
  | { kind: 'pod'; namespace: string; name: string; direction: 'ingress' | 'egress' };

export interface Rule {
  matches: Match[];
  /** null: a rule with no target (counts packets only; kube-proxy's KUBE-FW tail rule). */
  target: Target | null;
  /** Undefined for a node's fixed rules, and for rules parsed from text. */
  origin?: RuleOrigin;
}

export interface Chain {
  name: string;
  rules: Rule[];
}

/** A built-in chain (INPUT, PREROUTING ...): its policy, and the rules it holds. */
export interface BuiltinChain {
  name: string;
  policy: string;
  /** Compiled rulesets leave these empty (their jumps are `builtinJumps`); a parsed dump fills them. */
  rules: Rule[];
}

export interface Table {
  name: TableName;
  builtins: BuiltinChain[];
  /** User chains this ruleset owns; declared (and so flushed) on every load. */
  chains: Chain[];
}

/** A rule kube-proxy inserts into a built-in chain outside iptables-restore (`iptables -I`). */
export interface BuiltinJump {
  table: TableName;
  chain: string;
  rule: Rule;
}

export interface IptablesRuleset {
  family: IPFamily;
  tables: Table[];
  /**
   * The rules the owner inserts into built-in chains outside iptables-restore, in the order it
   * ensures them (each at position 1). Empty for a parsed dump, whose built-in chains hold them.
   */
  builtinJumps: BuiltinJump[];
}

/** A chain under construction: rules keep the order they are added in. */
export class ChainBuilder {
  readonly rules: Rule[] = [];
  constructor(
    readonly name: string,
    private readonly table: TableBuilder,
  ) {}

  /** Adds a rule; it takes the table's current origin. */
  add(target: Target | null, ...matches: Match[]): this {
    const origin = this.table.origin;
    this.rules.push(origin ? { matches, target, origin } : { matches, target });
    return this;
  }
}

/** Collects the chains of one table, creating each on first use. */
export class TableBuilder {
  private readonly chains = new Map<string, ChainBuilder>();
  /** What the rules added from now on stand for (a service port, an endpoint, a policy). */
  origin: RuleOrigin | undefined;
  constructor(readonly name: TableName) {}

  chain(name: string): ChainBuilder {
    let c = this.chains.get(name);
    if (!c) {
      c = new ChainBuilder(name, this);
      this.chains.set(name, c);
    }
    return c;
  }

  build(): Table {
    return {
      name: this.name,
      builtins: BUILTIN_CHAINS[this.name].map((name) => ({ name, policy: 'ACCEPT', rules: [] })),
      chains: [...this.chains.values()].map((c) => ({ name: c.name, rules: c.rules })),
    };
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
  set: (name: string, flags: ('src' | 'dst')[], negate = false): Match => ({ kind: 'set', name, flags, negate }),
  physdevIsIn: (negate = false): Match => ({ kind: 'physdev-is-in', negate }),
  ipvs: (vaddr: IP, vproto: Protocol, vport: number): Match => ({ kind: 'ipvs', vaddr, vproto, vport }),
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
