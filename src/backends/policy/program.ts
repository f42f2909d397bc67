// policy mode: NetworkPolicy plan → filter-table IR. Layout (see README, "Policy chains"):
//
//   FORWARD, INPUT, OUTPUT ──► KR-POLICY-FORWARD / -INPUT / -OUTPUT
//       -s <pod IP> -j KR-POD-OUT-<hash(ip)>   egress-isolated local pods (FORWARD, INPUT)
//       -d <pod IP> -j KR-POD-IN-<hash(ip)>    ingress-isolated local pods (FORWARD, OUTPUT)
//       -j MARK --set-xmark 0/<bit>            the allow bit never leaves our chains
//   KR-POD-IN/OUT-*: replies RETURN, INVALID DROP, (ingress) the own node RETURN, clear the bit,
//       then for each policy that isolates the pod: -j KR-NP-*, and RETURN if it set the bit;
//       nothing allowed it: REJECT.
//   KR-NP-IN/OUT-*: one rule per (rule, peer, port) that sets the allow bit; ipBlock peers with
//       excepts go through KR-NPX-* (RETURN for the excepts, then set the bit).
// Verdicts are RETURN (allowed: later checks, e.g. the other pod's direction, still run) or a
// final REJECT/DROP, never ACCEPT, so the chains only ever take traffic away.
import type { PolicySettings, Settings } from '../../config/settings.js';
import { formatIP } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import type { NodeProgram } from '../../ir/program.js';
import { hostCIDR } from '../../net/cidr.js';
import { addr, type AddrValue } from '../../ir/addr.js';
import type { IpSet } from '../../ir/ipset.js';
import {
  m,
  t,
  TableBuilder,
  type BuiltinJump,
  type ChainBuilder,
  type IptablesRuleset,
  type Match,
  type Target,
} from '../../ir/iptables.js';
import type { Direction } from '../../model/policy.js';
import { type PodRef, type PolicyDirection, type PolicyPlan, type ResolvedPeer, type ResolvedPort } from '../../plan/policy.js';
import * as N from './names.js';

interface Ctx {
  plan: PolicyPlan;
  opts: PolicySettings;
  mark: number;
  filter: TableBuilder;
  sets: Map<string, IpSet>;
}

export function policyIptablesProgram(plan: PolicyPlan, settings: Settings): NodeProgram {
  const opts = settings.policy;
  const ctx: Ctx = { plan, opts, mark: 2 ** opts.markBit, filter: new TableBuilder('filter'), sets: new Map() };
  const { filter } = ctx;
  const fwd = filter.chain(N.POLICY_FORWARD);
  const input = filter.chain(N.POLICY_INPUT);
  const output = filter.chain(N.POLICY_OUTPUT);
  const written = new Set<string>();

  // Egress is matched by source in FORWARD and INPUT (pod to node), ingress by destination in
  // FORWARD and OUTPUT (node to pod).
  const hooks = [
    { dir: 'egress', match: m.src, also: input },
    { dir: 'ingress', match: m.dst, also: output },
  ] as const;
  for (const fw of plan.pods) {
    const ip = addr.ip(fw.ref.ip);
    for (const { dir, match, also } of hooks) {
      const policies = fw[dir];
      if (!policies) continue;
      const chain = N.podChain(formatIP(fw.ref.ip), dir);
      filter.origin = { kind: 'pod', namespace: fw.ref.pod.namespace, name: fw.ref.pod.name, direction: dir };
      const c = m.comment(`${fw.ref.id} ${dir}`);
      fwd.add(t.jump(chain), c, match(ip));
      also.add(t.jump(chain), c, match(ip));
      podChain(ctx, filter.chain(chain), fw.ref, dir, policies, written);
    }
  }
  filter.origin = undefined;
  for (const c of [fwd, input, output]) c.add(t.markClear(ctx.mark));

  const builtinJumps: BuiltinJump[] = (
    [
      ['FORWARD', N.POLICY_FORWARD],
      ['INPUT', N.POLICY_INPUT],
      ['OUTPUT', N.POLICY_OUTPUT],
    ] as const
  ).map(([chain, target]) => ({ table: 'filter', chain, rule: { matches: [m.comment('kube-rulec network policy')], target: t.jump(target) } }));
  // Canonical order: chains by name, rules as built.
  const table = filter.build();
  table.chains.sort((a, b) => byteOrder(a.name, b.name));
  const ruleset: IptablesRuleset = { family: plan.family, tables: [table], builtinJumps };
  const parts: NodeProgram['parts'] = opts.ipset ? [{ kind: 'ipsets', sets: [...ctx.sets.values()] }] : [];
  parts.push({ kind: 'iptables', ruleset });
  return { title: 'NetworkPolicy filter rules', node: settings.node.hostname, family: plan.family, parts };
}

function podChain(ctx: Ctx, chain: ChainBuilder, pod: PodRef, dir: Direction, policies: PolicyDirection[], written: Set<string>): void {
  const { mark } = ctx;
  chain.add(t.ret, m.comment('replies and related traffic'), m.ctstate(['RELATED', 'ESTABLISHED']));
  chain.add(t.drop, m.ctstate(['INVALID']));
  if (dir === 'ingress') chain.add(t.ret, m.comment('from this node'), m.addrtype('src'));
  chain.add(t.markClear(mark));
  for (const p of policies) {
    const target = N.policyChain(p.policy.namespace, p.policy.name, dir);
    chain.add(t.jump(target), m.comment(`policy ${p.id}`));
    chain.add(t.ret, m.mark(mark, mark));
    if (!written.has(target)) {
      written.add(target);
      const podOrigin = ctx.filter.origin;
      ctx.filter.origin = { kind: 'policy', namespace: p.policy.namespace, name: p.policy.name, direction: dir };
      policyChain(ctx, ctx.filter.chain(target), p);
      ctx.filter.origin = podOrigin;
    }
  }
  const deny: Target = ctx.opts.deny === 'REJECT' ? t.reject : t.drop;
  chain.add(deny, m.comment(`${pod.id}: no ${dir} policy allows this`));
}

/** The rule set of one policy in one direction: each match sets the allow bit. */
function policyChain(ctx: Ctx, chain: ChainBuilder, p: PolicyDirection): void {
  const dir = p.direction;
  const peerDir = dir === 'ingress' ? 'src' : 'dst';
  const allow = t.markOr(ctx.mark);
  for (const rule of p.rules) {
    const comment = m.comment(`${p.id} ${dir} rule ${rule.index}`);
    const ports: (ResolvedPort | undefined)[] = rule.ports ?? [undefined];
    const peers: (ResolvedPeer | undefined)[] = rule.peers ?? [undefined];
    // A peer matches the same way for every port and destination of its rule: its matches (and,
    // with --ipset, its set) are made the first time it is used, in the order they always were.
    const known = new Map<number, PeerMatch[]>();
    const matchesOf = (peerIndex: number): PeerMatch[] => {
      let list = known.get(peerIndex);
      if (!list) known.set(peerIndex, (list = peerMatches(ctx, p, rule.index, peerIndex, peers[peerIndex], peerDir)));
      return list;
    };
    for (const port of ports) {
      // The port's matches, the same for every peer (IR values are shared, never changed).
      const portMatchList = port?.kind === 'named' ? [] : portMatches(port);
      peers.forEach((_peer, peerIndex) => {
        if (port?.kind === 'named') {
          // A named port is resolved on the destination pod: the target for ingress, the peer
          // for egress (whose destination match is the port's own). Each (pod IP, number)
          // becomes its own match.
          for (const d of port.byPeer[peerIndex] ?? []) {
            const destination = [m.dst(addr.cidr(hostCIDR(d.ip))), m.proto(port.protocol), m.dport(d.port)];
            for (const peerMatch of dir === 'ingress' ? matchesOf(peerIndex) : ANY_PEER) {
              emit(ctx, chain, p, rule.index, peerIndex, comment, [...peerMatch.matches, ...destination], peerMatch.except, allow);
            }
          }
          return;
        }
        for (const peerMatch of matchesOf(peerIndex)) {
          emit(ctx, chain, p, rule.index, peerIndex, comment, [...peerMatch.matches, ...portMatchList], peerMatch.except, allow);
        }
      });
    }
  }
}

/** Any peer: no match of its own. */
const ANY_PEER: readonly PeerMatch[] = [{ matches: [], except: [] }];

function portMatches(port: ResolvedPort | undefined): Match[] {
  if (!port || port.kind !== 'number') return [];
  if (port.port === undefined) return [m.proto(port.protocol)];
  return [m.proto(port.protocol), m.dport(port.port, port.endPort !== undefined && port.endPort !== port.port ? port.endPort : undefined)];
}

interface PeerMatch {
  matches: Match[];
  except: AddrValue[];
}

function peerMatches(
  ctx: Ctx,
  p: PolicyDirection,
  rule: number,
  peerIndex: number,
  peer: ResolvedPeer | undefined,
  dir: 'src' | 'dst',
): PeerMatch[] {
  const sel = (v: AddrValue): Match => (dir === 'src' ? m.src(v) : m.dst(v));
  if (!peer) return [{ matches: [], except: [] }];
  if (peer.kind === 'ipBlock') {
    return [{ matches: peer.cidr.prefix === 0 ? [] : [sel(addr.cidr(peer.cidr))], except: peer.except.map(addr.cidr) }];
  }
  if (peer.pods.length === 0) return [];
  if (ctx.opts.ipset) {
    const name = N.peerSet(ctx.plan.family, p.policy.namespace, p.policy.name, p.direction, rule, peerIndex);
    ctx.sets.set(name, {
      name,
      kind: 'hash:ip',
      family: ctx.plan.family,
      members: peer.pods.map((r) => ({ kind: 'hash:ip', ip: r.ip })),
      comment: `${p.id} ${p.direction} rule ${rule} peer ${peerIndex}`,
    });
    return [{ matches: [m.set(name, [dir])], except: [] }];
  }
  return peer.pods.map((r) => ({ matches: [sel(addr.ip(r.ip))], except: [] }));
}

/** (destination IP, protocol + port matches) pairs of a named port. */
function emit(
  ctx: Ctx,
  chain: ChainBuilder,
  p: PolicyDirection,
  rule: number,
  peerIndex: number,
  comment: Match,
  matches: Match[],
  except: AddrValue[],
  allow: Target,
): void {
  if (except.length === 0) {
    chain.add(allow, comment, ...matches);
    return;
  }
  const name = N.exceptChain(p.policy.namespace, p.policy.name, p.direction, rule, peerIndex);
  const x = ctx.filter.chain(name);
  if (x.rules.length === 0) {
    const dir = p.direction === 'ingress' ? m.src : m.dst;
    for (const e of except) x.add(t.ret, m.comment(`${p.id} ${p.direction} rule ${rule}: except`), dir(e));
    x.add(allow, m.comment(`${p.id} ${p.direction} rule ${rule}`));
  }
  chain.add(t.jump(name), comment, ...matches);
}
