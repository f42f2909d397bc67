// The nftables IR: one table with its chains, sets and maps, as `nft -f` takes them and `nft list
// table` prints them. Backends build these values (kube-proxy's nftables mode, policy mode's
// nftables dataplane); formats/nft writes them as a knftables-style transaction (`add table`,
// `add chain`, ... `add element`) or as the ruleset the kernel lists back. No backend glues
// strings: a rule is a list of typed statements; what a parser does not know is kept word for
// word (`unknown`), never dropped, and never produced by a backend.
//
// Names (tables, chains, sets, maps) and comments come from input (service names, endpoint
// addresses): the writers check every one (formats/nft/words.ts) before it reaches the text.
import type { CIDR } from '../net/cidr.js';
import type { IP } from '../net/ip.js';
import type { Protocol } from './addr.js';
import type { RuleOrigin } from './iptables.js';

/** nft's address families. `ip` and `ip6` see one IP family, `inet` both. */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

export type ChainType = 'filter' | 'nat' | 'route';
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress' | 'egress';

/** A base chain's attachment to a netfilter hook. The priority is a number (knftables writes numbers). */
export interface BaseChainSpec {
  type: ChainType;
  hook: Hook;
  priority: number;
  /** Default `accept` (not written). */
  policy?: 'accept' | 'drop';
  /** netdev ingress/egress only. */
  device?: string;
}

export interface NftChain {
  name: string;
  /** A base chain (attached to a hook); undefined: a regular chain, reached by jump/goto or a verdict map. */
  base?: BaseChainSpec;
  comment?: string;
  rules: NftRule[];
}

/**
 * The data types of set and map keys and map values (nft's `type`), or a concatenation of them
 * (`ipv4_addr . inet_proto . inet_service`). `verdict` only as a map's value.
 */
export type NftDataType =
  | 'ipv4_addr'
  | 'ipv6_addr'
  | 'inet_proto'
  | 'inet_service'
  | 'mark'
  | 'ifname'
  | 'ether_addr'
  | 'ct_state'
  | 'nf_proto'
  | 'verdict';

export type NftSetFlag = 'constant' | 'interval' | 'timeout' | 'dynamic';

interface KeyedContainer {
  name: string;
  /** The key: one type, or several concatenated (`a . b . c`). */
  key: NftDataType[];
  /** In the order knftables writes them (`flags dynamic,timeout`). */
  flags: NftSetFlag[];
  /** Default timeout of elements, in whole seconds. */
  timeout?: number;
  /** Concatenated interval keys want `auto-merge` off; single-type interval sets may merge. */
  autoMerge?: boolean;
  comment?: string;
}

export interface NftSet extends KeyedContainer {
  kind: 'set';
  elements: NftSetElement[];
  /**
   * Elements the table learns at run time (`update @set { ip saddr }`): a load must not flush
   * them (kube-proxy's affinity sets keep their clients across syncs).
   */
  dynamic?: true;
}

export interface NftMap extends KeyedContainer {
  kind: 'map';
  /** The value's type: `verdict` makes a verdict map (vmap). */
  value: NftDataType[];
  elements: NftMapElement[];
}

export type NftContainer = NftSet | NftMap;

/**
 * A key or value: one part per type of the container's key (concatenations), each a typed
 * value. Interval sets take CIDRs and ranges.
 */
export type NftKey = NftValue[];

export interface NftSetElement {
  key: NftKey;
  comment?: string;
  /** Per-element timeout, whole seconds. */
  timeout?: number;
}

export interface NftMapElement {
  key: NftKey;
  value: NftMapValue;
  comment?: string;
}

export type NftMapValue = { kind: 'verdict'; verdict: Verdict } | { kind: 'data'; value: NftKey };

// ---------------------------------------------------------------------------------------------
// Rules: expressions and statements.

/** What a rule looks at (the left-hand side of a match, the key of a lookup). */
export type Selector =
  /** `ip saddr`, `ip6 daddr`, `ip protocol`. */
  | { kind: 'payload'; base: 'ip' | 'ip6'; field: 'saddr' | 'daddr' | 'protocol' | 'nexthdr' }
  /** `tcp dport`, `udp sport`, `sctp dport`. */
  | { kind: 'l4'; protocol: Protocol; field: 'sport' | 'dport' }
  /** `th dport`: the transport header's port, whatever the protocol. */
  | { kind: 'th'; field: 'sport' | 'dport' }
  /**
   * `meta l4proto`, `meta mark`, `meta iifname` ... `short`: written without `meta` (`mark`,
   * `iifname`), as input may say it; `nft list` always prints `meta mark` and bare `iifname`.
   */
  | { kind: 'meta'; key: 'l4proto' | 'mark' | 'iifname' | 'oifname' | 'iif' | 'oif' | 'nfproto' | 'pkttype'; short?: true }
  /** `ct state`, `ct mark`, `ct status`. */
  | { kind: 'ct'; key: 'state' | 'mark' | 'status' | 'direction' }
  /** `fib saddr type`, `fib daddr . iif type`. */
  | { kind: 'fib'; flags: ('saddr' | 'daddr' | 'iif' | 'oif' | 'mark')[]; result: 'type' | 'oif' | 'oifname' }
  /** `numgen random mod N` (offset 0). */
  | { kind: 'numgen'; mode: 'random' | 'inc'; mod: number }
  /** `a . b . c`: a concatenation (set and map lookups). */
  | { kind: 'concat'; parts: Selector[] }
  /** `mark and 0x4000`: a selector masked with a number (`maskDigits` pads its hex digits: `0x00004000`). */
  | { kind: 'and'; of: Selector; mask: number; maskDigits?: number };

/** A constant: the right-hand side of a match, a set or map element's key part. */
export type NftValue =
  | { kind: 'ip'; ip: IP }
  | { kind: 'cidr'; cidr: CIDR }
  | { kind: 'range'; from: IP; to: IP }
  | { kind: 'number'; value: number }
  /** A number written in hexadecimal (marks): `0x4000`; `digits` pads it (`0x00004000`). */
  | { kind: 'hex'; value: number; digits?: number }
  | { kind: 'port'; port: number }
  | { kind: 'port-range'; from: number; to: number }
  | { kind: 'protocol'; protocol: Protocol }
  /** A symbolic constant of the selector's type: `new`, `established`, `local`, `ipv4`, an interface name. */
  | { kind: 'symbol'; name: string }
  /** A quoted string (interface names with wildcards: `"veth*"`). */
  | { kind: 'string'; text: string }
  /**
   * An anonymous set: `{ a , b }` (several values, or one kube-proxy still writes in braces).
   * `compact`: the elements joined by a bare comma (`{ a,b }`), as kube-proxy writes the
   * service CIDRs it was given as one comma-separated string.
   */
  | { kind: 'set'; elements: NftValue[]; compact?: true }
  /** A named set: `@name`. */
  | { kind: 'set-ref'; name: string };

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'return' }
  | { kind: 'continue' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string };

/** The arithmetic `meta mark set` and `ct mark set` apply: `mark or 0x4000`, `mark xor 0x4000`, a constant. */
export type MarkValue = { kind: 'value'; value: NftValue } | { kind: 'op'; of: Selector; op: 'or' | 'xor' | 'and'; value: NftValue };

export type Statement =
  /** `SELECTOR [!=] VALUE`; `op` `==` is written without an operator, as nft prints it. */
  | { kind: 'match'; left: Selector; op: '==' | '!=' | '<' | '>' | '<=' | '>='; right: NftValue }
  /** `SELECTOR vmap @map` or `SELECTOR vmap { k : verdict , ... }`. */
  | { kind: 'vmap'; key: Selector; map: { kind: 'named'; name: string } | { kind: 'anonymous'; entries: { key: NftValue; verdict: Verdict }[] } }
  | { kind: 'verdict'; verdict: Verdict }
  /** `reject`, or `reject with icmp type host-unreachable`, `reject with tcp reset`. */
  | { kind: 'reject'; with?: { kind: 'icmp' | 'icmpv6' | 'icmpx'; type: string } | { kind: 'tcp-reset' } }
  | { kind: 'counter' }
  /** `meta mark set ...`, `ct mark set ...` (`mark set mark or 0x4000` when `short`). */
  | { kind: 'mark-set'; target: 'meta' | 'ct'; value: MarkValue; short?: true }
  | { kind: 'masquerade'; fullyRandom: boolean }
  | { kind: 'snat' | 'dnat'; ip: IP; port?: number }
  /** `update @set { KEY }` / `add @set { KEY }`: the packet's key joins a dynamic set. */
  | { kind: 'set-update'; op: 'update' | 'add'; set: string; key: Selector; timeout?: number }
  | { kind: 'log'; prefix?: string }
  /** Words of parsed text nothing above describes; never produced by a backend. */
  | { kind: 'unknown'; words: string[] };

export interface NftRule {
  statements: Statement[];
  comment?: string;
  /** What produced the rule (a service port, an endpoint, a policy); undefined for fixed rules. */
  origin?: RuleOrigin;
}

/**
 * One table, and what a load does to the objects in it: everything listed is created and
 * flushed (a chain's old rules, a set's or map's old elements are gone after the load; dynamic
 * sets keep theirs). `resetBaseChains`: the base chains are deleted and made again first, so
 * that a changed hook or priority loads (kube-proxy's first sync does this).
 */
export interface NftTable {
  family: NftFamily;
  name: string;
  comment?: string;
  /** Chains in the order they are written (a backend's canonical order). */
  chains: NftChain[];
  /** Sets and maps in the order they are written. */
  containers: NftContainer[];
  resetBaseChains?: boolean;
  /**
   * Sets and maps that must not exist after the load, whether or not they did before: written
   * as an add and a delete (a bare delete of a missing object fails the whole transaction).
   */
  absent?: NftContainer[];
}

// ---------------------------------------------------------------------------------------------
// Small constructors, so that backends read like the rules they build.

export const nft = {
  ip: (ip: IP): NftValue => ({ kind: 'ip', ip }),
  cidr: (cidr: CIDR): NftValue => ({ kind: 'cidr', cidr }),
  num: (value: number): NftValue => ({ kind: 'number', value }),
  port: (port: number): NftValue => ({ kind: 'port', port }),
  proto: (protocol: Protocol): NftValue => ({ kind: 'protocol', protocol }),
  sym: (name: string): NftValue => ({ kind: 'symbol', name }),
  setRef: (name: string): NftValue => ({ kind: 'set-ref', name }),
  anon: (elements: NftValue[]): NftValue => ({ kind: 'set', elements }),
  saddr: (family: 4 | 6): Selector => ({ kind: 'payload', base: family === 4 ? 'ip' : 'ip6', field: 'saddr' }),
  daddr: (family: 4 | 6): Selector => ({ kind: 'payload', base: family === 4 ? 'ip' : 'ip6', field: 'daddr' }),
  l4proto: (): Selector => ({ kind: 'meta', key: 'l4proto' }),
  thDport: (): Selector => ({ kind: 'th', field: 'dport' }),
  concat: (...parts: Selector[]): Selector => ({ kind: 'concat', parts }),
  match: (left: Selector, right: NftValue, op: '==' | '!=' = '=='): Statement => ({ kind: 'match', left, op, right }),
  jump: (chain: string): Statement => ({ kind: 'verdict', verdict: { kind: 'jump', chain } }),
  goto: (chain: string): Statement => ({ kind: 'verdict', verdict: { kind: 'goto', chain } }),
  verdict: (verdict: Verdict): Statement => ({ kind: 'verdict', verdict }),
  vmap: (key: Selector, name: string): Statement => ({ kind: 'vmap', key, map: { kind: 'named', name } }),
};

/** The key type of an address of a family. */
export function addrType(family: 4 | 6): NftDataType {
  return family === 4 ? 'ipv4_addr' : 'ipv6_addr';
}

/** The chain a verdict names, if it names one. */
export function verdictChain(v: Verdict): string | undefined {
  return v.kind === 'jump' || v.kind === 'goto' ? v.chain : undefined;
}
