// policy mode on nftables: the policy plans of both IP families → one table, inet
// kube-rulec-policy (docs/policy-nftables.md has the layout and why):
//
//   egress-forward, egress-input    (priority filter)      ip saddr vmap @egress-ip4 / ip6 …
//   ingress-forward, ingress-output (priority filter + 1)  ip daddr vmap @ingress-ip4 / ip6 …
//       each first accepts replies (ct state established, related)
//   pod-in-* / pod-out-*: INVALID drop, (ingress) the own node accept, a jump to each isolating
//       policy's chain, then reject (or drop): nothing allowed it
//   np-in-* / np-out-*: one rule per (peer, port group) of each policy rule, each `accept`
//
// An `accept` ends only the base chain it is in: the other direction's base chain, and everyone
// else's tables, still see the packet, so these chains can take traffic away, never let it in.
// Values are built in the form nft lists them (intervals merged, one-element sets as their
// element, /32 as an address), so the transaction and the ruleset say the same thing.
import type { Settings } from '../../config/settings.js';
import type { CIDR } from '../../net/cidr.js';
import { compareIP, type IP, type IPFamily } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import { PROTOCOL_NUMBERS, type Protocol } from '../../ir/addr.js';
import type { RuleOrigin } from '../../ir/iptables.js';
import {
  addrType,
  nft,
  type NftChain,
  type NftContainer,
  type NftMap,
  type NftRule,
  type NftSet,
  type NftTable,
  type NftValue,
  type Selector,
  type Statement,
} from '../../ir/nftables.js';
import type { NodeProgram } from '../../ir/program.js';
import type { Direction } from '../../model/policy.js';
import type { PodRef, PolicyDirection, PolicyPlans, ResolvedRule } from '../../plan/policy.js';
import * as N from './names.js';

const FAMILIES = [4, 6] as const;
const PROTOCOLS: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

/** A local pod with a firewall, over both plans: its IPs per family and its policies per direction. */
interface Pod {
  id: string;
  namespace: string;
  name: string;
  ips: Map<IPFamily, IP>;
  ingress: PolicyDirection[] | undefined;
  egress: PolicyDirection[] | undefined;
}

/** One policy in one direction, with its resolution per family. */
interface PolicyBoth {
  id: string;
  namespace: string;
  name: string;
  direction: Direction;
  byFamily: Map<IPFamily, PolicyDirection>;
}

interface Ctx {
  sets: Map<string, NftSet>;
}

export function policyNftablesProgram(plans: PolicyPlans, settings: Settings): NodeProgram {
  const ctx: Ctx = { sets: new Map() };
  const pods = new Map<string, Pod>();
  const policies = new Map<string, PolicyBoth>();
  const both = (p: PolicyDirection, family: IPFamily): void => {
    const key = `${p.id}/${p.direction}`;
    let entry = policies.get(key);
    if (!entry) {
      entry = { id: p.id, namespace: p.policy.namespace, name: p.policy.name, direction: p.direction, byFamily: new Map() };
      policies.set(key, entry);
    }
    entry.byFamily.set(family, p);
  };
  for (const plan of plans) {
    for (const fw of plan.pods) {
      let pod = pods.get(fw.ref.id);
      if (!pod) {
        // The policies that isolate a pod do not depend on the family: the first plan's are the pod's.
        pod = { id: fw.ref.id, namespace: fw.ref.pod.namespace, name: fw.ref.pod.name, ips: new Map(), ingress: fw.ingress, egress: fw.egress };
        pods.set(fw.ref.id, pod);
      }
      pod.ips.set(plan.family, fw.ref.ip);
      for (const p of [...(fw.ingress ?? []), ...(fw.egress ?? [])]) both(p, plan.family);
    }
  }

  const maps = new Map<string, NftMap>();
  for (const dir of ['ingress', 'egress'] as const) {
    for (const family of FAMILIES) {
      const name = N.podMap(dir, family);
      maps.set(name, { kind: 'map', name, key: [addrType(family)], value: ['verdict'], flags: [], elements: [] });
    }
  }

  const chains: NftChain[] = [];
  for (const pod of pods.values()) {
    for (const dir of ['ingress', 'egress'] as const) {
      const isolating = pod[dir];
      if (!isolating) continue;
      const chain = N.podChain(pod.namespace, pod.name, dir);
      for (const [family, ip] of pod.ips) {
        maps.get(N.podMap(dir, family))!.elements.push({ key: [nft.ip(ip)], value: { kind: 'verdict', verdict: { kind: 'jump', chain } } });
      }
      chains.push(podChain(chain, pod, dir, isolating, settings));
    }
  }
  for (const p of policies.values()) chains.push(policyChain(ctx, p));
  for (const m of maps.values()) m.elements.sort((a, b) => compareIP(ipOf(a.key[0]!), ipOf(b.key[0]!)));
  chains.sort((a, b) => byteOrder(a.name, b.name));

  const containers: NftContainer[] = [...maps.values(), ...[...ctx.sets.values()].sort((a, b) => byteOrder(a.name, b.name))];
  const table: NftTable = { family: N.FAMILY, name: N.TABLE, chains: [...baseChains(), ...chains], containers };
  return { title: 'NetworkPolicy nftables table', node: settings.node.hostname, family: settings.node.family, parts: [{ kind: 'nftables', table }] };
}

function ipOf(v: NftValue): IP {
  if (v.kind !== 'ip') throw new Error('internal: a pod map key is an address');
  return v.ip;
}

const ctState = (states: string[]): Statement =>
  nft.match({ kind: 'ct', key: 'state' }, states.length === 1 ? nft.sym(states[0]!) : nft.anon(states.map(nft.sym)));
const accept: Statement = nft.verdict({ kind: 'accept' });

function baseChains(): NftChain[] {
  const replies: NftRule = { statements: [ctState(['established', 'related']), accept], comment: 'replies and related traffic' };
  const dispatch = (dir: Direction, addr: 'saddr' | 'daddr'): NftRule[] =>
    FAMILIES.map((family) => ({ statements: [nft.vmap({ kind: 'payload', base: family === 4 ? 'ip' : 'ip6', field: addr }, N.podMap(dir, family))] }));
  const base = (name: string, hook: 'forward' | 'input' | 'output', dir: Direction): NftChain => ({
    name,
    base: { type: 'filter', hook, priority: dir === 'egress' ? N.EGRESS_PRIORITY : N.INGRESS_PRIORITY, policy: 'accept' },
    rules: [replies, ...dispatch(dir, dir === 'egress' ? 'saddr' : 'daddr')],
  });
  // Egress is matched by source (routed, and a pod's traffic to its own node), ingress by
  // destination (routed, and the node's own traffic to its pods).
  return [
    base(N.EGRESS_FORWARD, 'forward', 'egress'),
    base(N.EGRESS_INPUT, 'input', 'egress'),
    base(N.INGRESS_FORWARD, 'forward', 'ingress'),
    base(N.INGRESS_OUTPUT, 'output', 'ingress'),
  ];
}

function podChain(name: string, pod: Pod, dir: Direction, isolating: PolicyDirection[], settings: Settings): NftChain {
  const origin: RuleOrigin = { kind: 'pod', namespace: pod.namespace, name: pod.name, direction: dir };
  const rules: NftRule[] = [{ statements: [ctState(['invalid']), nft.verdict({ kind: 'drop' })], origin }];
  if (dir === 'ingress') {
    // The pod's own node always reaches it (kubelet probes): the iptables form's addrtype LOCAL.
    const local = nft.match({ kind: 'fib', flags: ['saddr'], result: 'type' }, nft.sym('local'));
    rules.push({ statements: [local, accept], comment: 'from this node', origin });
  }
  for (const p of isolating) {
    rules.push({ statements: [nft.jump(N.policyChain(p.policy.namespace, p.policy.name, dir))], comment: N.clip(`policy ${p.id}`), origin });
  }
  const deny: Statement = settings.policy.deny === 'REJECT' ? { kind: 'reject' } : nft.verdict({ kind: 'drop' });
  rules.push({ statements: [deny], comment: N.clip(`${pod.id}: no ${dir} policy allows this`), origin });
  return { name, rules };
}

/** A way a rule's peers can match: no address (any peer) or one family's addresses. */
interface PeerAlt {
  family: IPFamily | undefined;
  statements: Statement[];
  /** The set the match names, made when a rule uses it. */
  set?: NftSet;
}

function policyChain(ctx: Ctx, p: PolicyBoth): NftChain {
  const dir = p.direction;
  const origin: RuleOrigin = { kind: 'policy', namespace: p.namespace, name: p.name, direction: dir };
  const peerField = dir === 'ingress' ? 'saddr' : 'daddr';
  const families = FAMILIES.filter((f) => p.byFamily.has(f));
  const first = p.byFamily.get(families[0]!)!;
  const rules: NftRule[] = [];
  first.rules.forEach((shape, i) => {
    const comment = N.clip(`${p.id} ${dir} rule ${shape.index}`);
    const add = (statements: Statement[], peer?: PeerAlt) => {
      if (peer?.set) ctx.sets.set(peer.set.name, peer.set);
      rules.push({ statements: [...statements, accept], comment, origin });
    };
    const perFamily = families.map((family) => ({ family, rule: p.byFamily.get(family)!.rules[i]! }));

    // Peers: none is any address of both families; else per family, the pod peers' IPs as one
    // set, and each ipBlock with its excepts in the same rule.
    const peerAlts: PeerAlt[] = [];
    if (shape.peers === undefined) peerAlts.push({ family: undefined, statements: [] });
    else {
      for (const { family, rule } of perFamily) {
        const ips = podIPs(rule.peers!.flatMap((peer) => (peer.kind === 'pods' ? peer.pods : [])));
        if (ips.length > 0) {
          const name = N.peerSet(p.namespace, p.name, dir, shape.index, family);
          const set: NftSet = { kind: 'set', name, key: [addrType(family)], flags: [], elements: ips.map((ip) => ({ key: [nft.ip(ip)] })) };
          peerAlts.push({ family, statements: [nft.match(addrSel(family, peerField), nft.setRef(name))], set });
        }
        for (const peer of rule.peers!) {
          if (peer.kind !== 'ipBlock') continue;
          const statements = [nft.match(addrSel(family, peerField), cidrValue(peer.cidr))];
          if (peer.except.length > 0) statements.push(nft.match(addrSel(family, peerField), addressIntervals(peer.except), '!='));
          peerAlts.push({ family, statements });
        }
      }
    }

    // Numeric ports, by protocol; none is every protocol and port.
    for (const peer of peerAlts) for (const ports of numericPortAlts(shape)) add([...peer.statements, ...ports], peer);

    // Named ports: (destination IP . protocol . port) sets, per family. The destinations of an
    // egress rule are its peers' pods, so the set alone is the peer match; an ingress rule's
    // destinations are its targets, and the peer match stays.
    if (shape.ports?.some((port) => port.kind === 'named')) {
      for (const { family, rule } of perFamily) {
        const named = namedDestinations(rule);
        if (named.length === 0) continue;
        const name = N.namedPortSet(p.namespace, p.name, dir, shape.index, family);
        ctx.sets.set(name, {
          kind: 'set',
          name,
          key: [addrType(family), 'inet_proto', 'inet_service'],
          flags: [],
          elements: named.map((d) => ({ key: [nft.ip(d.ip), nft.proto(d.protocol), nft.port(d.port)] })),
        });
        const lookup = nft.match(nft.concat(addrSel(family, 'daddr'), nft.l4proto(), nft.thDport()), nft.setRef(name));
        if (dir === 'egress') add([lookup]);
        else for (const peer of peerAlts.filter((a) => a.family === undefined || a.family === family)) add([...peer.statements, lookup], peer);
      }
    }
  });
  return { name: N.policyChain(p.namespace, p.name, dir), rules };
}

function addrSel(family: IPFamily, field: 'saddr' | 'daddr'): Selector {
  return { kind: 'payload', base: family === 4 ? 'ip' : 'ip6', field };
}

/** The distinct IPs of pods, sorted. */
function podIPs(pods: readonly PodRef[]): IP[] {
  const seen = new Set<string>();
  const out: IP[] = [];
  for (const ref of pods) {
    const key = ref.ip.bytes.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref.ip);
  }
  return out.sort(compareIP);
}

/**
 * The port groups of a rule's numeric ports: per protocol (tcp, udp, sctp), every port (`meta
 * l4proto P`; several such protocols in one set) or the merged ranges (`P dport …`). [[]] when
 * the rule has no ports (every protocol and port); [] when it has only named ports.
 */
function numericPortAlts(rule: ResolvedRule): Statement[][] {
  if (rule.ports === undefined) return [[]];
  const whole: Protocol[] = [];
  const ranged: Statement[][] = [];
  for (const protocol of PROTOCOLS) {
    const entries = rule.ports.filter((p) => p.kind === 'number' && p.protocol === protocol);
    if (entries.length === 0) continue;
    if (entries.some((p) => p.kind === 'number' && p.port === undefined)) {
      whole.push(protocol);
      continue;
    }
    const ranges = entries.map((p) => (p.kind === 'number' ? [p.port!, p.endPort ?? p.port!] : [0, 0]) as [number, number]);
    ranged.push([nft.match({ kind: 'l4', protocol, field: 'dport' }, portIntervals(ranges))]);
  }
  const out: Statement[][] = [];
  if (whole.length > 0) out.push([nft.match(nft.l4proto(), whole.length === 1 ? nft.proto(whole[0]!) : nft.anon(whole.map(nft.proto)))]);
  return [...out, ...ranged];
}

/** Port ranges merged (overlapping or adjacent) and sorted, as nft lists an interval set. */
function portIntervals(ranges: [number, number][]): NftValue {
  const merged = mergeIntervals(ranges.map(([a, b]) => [BigInt(a), BigInt(b)] as [bigint, bigint]));
  const values = merged.map(([a, b]): NftValue => (a === b ? nft.port(Number(a)) : { kind: 'port-range', from: Number(a), to: Number(b) }));
  return values.length === 1 ? values[0]! : nft.anon(values);
}

interface NamedDestination {
  ip: IP;
  protocol: Protocol;
  port: number;
}

/** The (IP, protocol, port) of a rule's named ports over its peers, distinct and sorted. */
function namedDestinations(rule: ResolvedRule): NamedDestination[] {
  const out = new Map<string, NamedDestination>();
  for (const port of rule.ports ?? []) {
    if (port.kind !== 'named') continue;
    for (const list of port.byPeer) {
      for (const d of list) out.set(`${d.ip.bytes.join('.')}/${port.protocol}/${d.port}`, { ip: d.ip, protocol: port.protocol, port: d.port });
    }
  }
  return [...out.values()].sort(
    (a, b) => compareIP(a.ip, b.ip) || PROTOCOL_NUMBERS[a.protocol] - PROTOCOL_NUMBERS[b.protocol] || a.port - b.port,
  );
}

// Addresses as intervals: nft merges the elements of an anonymous interval set and lists each
// interval as an address, a prefix, or a range.

function toBig(ip: IP): bigint {
  let n = 0n;
  for (const b of ip.bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fromBig(n: bigint, family: IPFamily): IP {
  const bytes = new Uint8Array(family === 4 ? 4 : 16);
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return { family, bytes };
}

const bitsOf = (family: IPFamily) => (family === 4 ? 32 : 128);

function cidrValue(c: CIDR): NftValue {
  return c.prefix === bitsOf(c.family) ? nft.ip(c.ip) : nft.cidr(c);
}

function mergeIntervals(list: [bigint, bigint][]): [bigint, bigint][] {
  const sorted = [...list].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [a, b] of sorted) {
    const last = out.at(-1);
    if (last && a <= last[1] + 1n) last[1] = b > last[1] ? b : last[1];
    else out.push([a, b]);
  }
  return out;
}

/** CIDRs of one family merged into intervals, each the address, prefix or range nft lists. */
function addressIntervals(cidrs: readonly CIDR[]): NftValue {
  const family = cidrs[0]!.family;
  const bits = BigInt(bitsOf(family));
  const merged = mergeIntervals(
    cidrs.map((c) => {
      const start = toBig(c.ip);
      return [start, start + (1n << (bits - BigInt(c.prefix))) - 1n] as [bigint, bigint];
    }),
  );
  const values = merged.map(([a, b]): NftValue => {
    const size = b - a + 1n;
    // A prefix: the size is a power of two and the start is aligned to it.
    if ((size & (size - 1n)) === 0n && a % size === 0n) {
      let hostBits = 0n;
      while (1n << hostBits < size) hostBits++;
      return cidrValue({ family, ip: fromBig(a, family), prefix: Number(bits - hostBits) });
    }
    return { kind: 'range', from: fromBig(a, family), to: fromBig(b, family) };
  });
  return values.length === 1 ? values[0]! : nft.anon(values);
}
