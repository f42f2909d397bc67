// The iptables rules of IPVS mode (proxier.go: createAndLinkKubeChain, writeIptablesRules,
// acceptIPVSTraffic). IPVS does the DNAT; these rules mark what needs masquerading, accept what
// IPVS must see, filter load-balancer source ranges, and keep host ports from answering on VIPs.
// Most of them match on the ipsets, and exist only when their set has members.
//
// Order: kube-proxy writes the nat table, then the filter table; chains in its declaration
// order (iptablesChains), rules grouped by chain in the order it writes them. (Its restore text
// interleaves the chains' rules; iptables-restore keeps each chain's own order, which is the
// order that matters, and the one its tests compare: checkIptables, chain by chain.)
import type { LocalDetector, Settings } from '../../config/settings.js';
import { addr, type Protocol } from '../../ir/addr.js';
import { m, t, TableBuilder, type BuiltinJump, type IptablesRuleset, type Match, type Target } from '../../ir/iptables.js';
import { LOOPBACK_NET } from '../../net/cidr.js';
import type { IP, IPFamily } from '../../net/ip.js';
import * as names from './names.js';
import { SETS, setName, type SetId } from './names.js';

/** A load-balancer VIP the node itself may not reach: no source range holds the node IP. */
export interface OutFilterDrop {
  ip: IP;
  protocol: Protocol;
  port: number;
}

/** ipsetWithIptablesChain: set, table, from, to, match flags, protocol. */
const SET_RULES: readonly { set: SetId; table: 'nat' | 'filter'; from: string; to: string; match: ('src' | 'dst')[]; protocol?: Protocol }[] = [
  { set: 'KUBE-LOOP-BACK', table: 'nat', from: names.KUBE_POSTROUTING, to: 'MASQUERADE', match: ['dst', 'dst', 'src'] },
  { set: 'KUBE-LOAD-BALANCER', table: 'nat', from: names.KUBE_SERVICES, to: names.KUBE_LOAD_BALANCER, match: ['dst', 'dst'] },
  { set: 'KUBE-LOAD-BALANCER-LOCAL', table: 'nat', from: names.KUBE_LOAD_BALANCER, to: 'RETURN', match: ['dst', 'dst'] },
  { set: 'KUBE-NODE-PORT-LOCAL-TCP', table: 'nat', from: names.KUBE_NODE_PORT, to: 'RETURN', match: ['dst'], protocol: 'tcp' },
  { set: 'KUBE-NODE-PORT-TCP', table: 'nat', from: names.KUBE_NODE_PORT, to: names.KUBE_MARK_MASQ, match: ['dst'], protocol: 'tcp' },
  { set: 'KUBE-NODE-PORT-LOCAL-UDP', table: 'nat', from: names.KUBE_NODE_PORT, to: 'RETURN', match: ['dst'], protocol: 'udp' },
  { set: 'KUBE-NODE-PORT-UDP', table: 'nat', from: names.KUBE_NODE_PORT, to: names.KUBE_MARK_MASQ, match: ['dst'], protocol: 'udp' },
  { set: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', table: 'nat', from: names.KUBE_NODE_PORT, to: 'RETURN', match: ['dst', 'dst'], protocol: 'sctp' },
  { set: 'KUBE-NODE-PORT-SCTP-HASH', table: 'nat', from: names.KUBE_NODE_PORT, to: names.KUBE_MARK_MASQ, match: ['dst', 'dst'], protocol: 'sctp' },
  { set: 'KUBE-LOAD-BALANCER-FW', table: 'filter', from: names.KUBE_PROXY_FIREWALL, to: names.KUBE_SOURCE_RANGES_FIREWALL, match: ['dst', 'dst'] },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', table: 'filter', from: names.KUBE_SOURCE_RANGES_FIREWALL, to: 'RETURN', match: ['dst', 'dst', 'src'] },
  { set: 'KUBE-LOAD-BALANCER-SOURCE-IP', table: 'filter', from: names.KUBE_SOURCE_RANGES_FIREWALL, to: 'RETURN', match: ['dst', 'dst', 'src'] },
];

function target(to: string): Target {
  switch (to) {
    case 'RETURN':
      return t.ret;
    case 'ACCEPT':
      return t.accept;
    case 'MASQUERADE':
      return t.masquerade(false);
    default:
      return t.jump(to);
  }
}

/** LocalTrafficDetector.IfNotLocal(): what is not pod traffic. */
function notLocal(d: LocalDetector): Match {
  switch (d.kind) {
    case 'cidr':
      return m.src(addr.cidr(d.cidr), true);
    case 'bridge':
      return m.inIface(d.interface, true);
    case 'prefix':
      return m.inIface(`${d.prefix}+`, true);
  }
}

/** The rules of one sync; `filled(set)` tells which sets have members. */
export function ipvsRules(family: IPFamily, settings: Settings, filled: (set: SetId) => boolean, outFilter: readonly OutFilterDrop[]): IptablesRuleset {
  const nat = new TableBuilder('nat');
  const filter = new TableBuilder('filter');
  for (const c of names.NAT_CHAINS) nat.chain(c);
  for (const c of names.FILTER_CHAINS) filter.chain(c);
  const name = (id: SetId) => setName(id, family);
  const comment = (id: SetId) => m.comment(SETS.find((s) => s.id === id)!.comment);
  const mark = 2 ** settings.iptables.masqueradeBit;

  // Connections from localhost are not services' business.
  nat.chain(names.KUBE_SERVICES).add(t.ret, m.src(addr.cidr(LOOPBACK_NET[family])));

  for (const r of SET_RULES) {
    if (!filled(r.set)) continue;
    const protocol = r.protocol ? [{ kind: 'protocol', protocol: r.protocol, bare: true } as const] : [];
    (r.table === 'nat' ? nat : filter).chain(r.from).add(target(r.to), ...protocol, comment(r.set), m.set(name(r.set), r.match));
  }

  const services = nat.chain(names.KUBE_SERVICES);
  if (filled('KUBE-CLUSTER-IP')) {
    const clusterIP = [comment('KUBE-CLUSTER-IP')];
    const detector = settings.node.localDetector;
    if (settings.iptables.masqueradeAll) services.add(t.jump(names.KUBE_MARK_MASQ), ...clusterIP, m.set(name('KUBE-CLUSTER-IP'), ['dst', 'dst']));
    // Off-cluster traffic to a service VIP is masqueraded.
    else if (detector) services.add(t.jump(names.KUBE_MARK_MASQ), ...clusterIP, m.set(name('KUBE-CLUSTER-IP'), ['dst', 'dst']), notLocal(detector));
    // Without a detector: the node's own traffic, whose source is a VIP on kube-ipvs0.
    else services.add(t.jump(names.KUBE_MARK_MASQ), ...clusterIP, m.set(name('KUBE-CLUSTER-IP'), ['src', 'dst']));
  }
  // externalIPRules: traffic from off the machine (not from a bridge, not from a local
  // process), and traffic to an external IP the node has itself, stays with IPVS.
  const externalIPRules = (id: SetId) => {
    const to = [comment(id), m.set(name(id), ['dst', 'dst'])];
    services.add(t.accept, ...to, m.physdevIsIn(true), m.addrtype('src', true));
    services.add(t.accept, ...to, m.addrtype('dst'));
  };
  if (filled('KUBE-EXTERNAL-IP')) {
    services.add(t.jump(names.KUBE_MARK_MASQ), comment('KUBE-EXTERNAL-IP'), m.set(name('KUBE-EXTERNAL-IP'), ['dst', 'dst']));
    externalIPRules('KUBE-EXTERNAL-IP');
  }
  if (filled('KUBE-EXTERNAL-IP-LOCAL')) externalIPRules('KUBE-EXTERNAL-IP-LOCAL');
  services.add(t.jump(names.KUBE_NODE_PORT), m.addrtype('dst'));
  nat.chain(names.KUBE_LOAD_BALANCER).add(t.jump(names.KUBE_MARK_MASQ));
  filter.chain(names.KUBE_SOURCE_RANGES_FIREWALL).add(t.drop);
  // The node's own traffic to a load balancer VIP comes from that VIP (#119656).
  for (const d of outFilter) filter.chain(names.KUBE_IPVS_OUT_FILTER).add(t.drop, m.src(addr.ip(d.ip)), m.ipvs(d.ip, d.protocol, d.port));
  // acceptIPVSTraffic: last in KUBE-SERVICES, so that no later rule keeps IPVS from its traffic.
  for (const id of ['KUBE-CLUSTER-IP', 'KUBE-LOAD-BALANCER'] as const) if (filled(id)) services.add(t.accept, m.set(name(id), ['dst', 'dst']));

  filter
    .chain(names.KUBE_FORWARD)
    .add(t.accept, m.comment('kubernetes forwarding rules'), m.mark(mark, mark))
    .add(t.accept, m.comment('kubernetes forwarding conntrack rule'), m.ctstate(['RELATED', 'ESTABLISHED']));
  filter.chain(names.KUBE_NODE_PORT).add(t.accept, comment('KUBE-HEALTH-CHECK-NODE-PORT'), m.set(name('KUBE-HEALTH-CHECK-NODE-PORT'), ['dst']));
  // KUBE-IPVS-FILTER (#72236): new connections to a VIP on kube-ipvs0 that is not a service's
  // address and port are refused, so host ports do not answer on VIPs.
  const ipvsFilter = filter.chain(names.KUBE_IPVS_FILTER);
  for (const id of ['KUBE-LOAD-BALANCER', 'KUBE-CLUSTER-IP', 'KUBE-EXTERNAL-IP', 'KUBE-EXTERNAL-IP-LOCAL'] as const) ipvsFilter.add(t.ret, m.set(name(id), ['dst', 'dst']));
  ipvsFilter.add(t.ret, m.set(name('KUBE-HEALTH-CHECK-NODE-PORT'), ['dst']));
  ipvsFilter.add(t.reject, m.ctstate(['NEW']), m.set(name('KUBE-IPVS-IPS'), ['dst']));

  nat
    .chain(names.KUBE_POSTROUTING)
    .add(t.ret, m.mark(mark, mark, true))
    .add(t.markXor(mark))
    .add(t.masquerade(settings.iptables.randomFully), m.comment('kubernetes service traffic requiring SNAT'));
  nat.chain(names.KUBE_MARK_MASQ).add(t.markOr(mark));

  return { family, tables: [nat.build(), filter.build()], builtinJumps: builtinJumps() };
}

/** iptablesJumpChain: ensured by EnsureRule(Prepend) in this order, each inserted at position 1. */
function builtinJumps(): BuiltinJump[] {
  const j = (table: 'filter' | 'nat', chain: string, to: string, comment: string): BuiltinJump => ({
    table,
    chain,
    rule: { matches: [m.comment(comment)], target: t.jump(to) },
  });
  return [
    j('nat', 'OUTPUT', names.KUBE_SERVICES, 'kubernetes service portals'),
    j('nat', 'PREROUTING', names.KUBE_SERVICES, 'kubernetes service portals'),
    j('nat', 'POSTROUTING', names.KUBE_POSTROUTING, 'kubernetes postrouting rules'),
    j('filter', 'FORWARD', names.KUBE_FORWARD, 'kubernetes forwarding rules'),
    j('filter', 'INPUT', names.KUBE_NODE_PORT, 'kubernetes health check rules'),
    j('filter', 'INPUT', names.KUBE_PROXY_FIREWALL, 'kube-proxy firewall rules'),
    j('filter', 'FORWARD', names.KUBE_PROXY_FIREWALL, 'kube-proxy firewall rules'),
    j('filter', 'INPUT', names.KUBE_IPVS_FILTER, 'kubernetes ipvs access filter'),
    j('filter', 'OUTPUT', names.KUBE_IPVS_OUT_FILTER, 'kubernetes ipvs access filter'),
  ];
}
