// nftables mode: plan → one nftables table, what kube-proxy's nftables proxier
// (pkg/proxy/nftables/proxier.go: setupNFTables, syncProxyRules, writeServiceToEndpointRules)
// programs on a full sync. The decisions (which endpoints, where traffic with none goes) are the
// plan's; this file spells them as chains, sets, maps and verdict-map elements. The table's
// canonical order: the base chains and fixed chains in the order kube-proxy creates them, then
// per service port (in the plan's order) its service, local, external and firewall chains and
// its endpoint chains; the fixed sets and maps, then the affinity sets.
import type { LocalDetector, Settings } from '../../config/settings.js';
import type { Protocol } from '../../ir/addr.js';
import {
  addrType,
  nft,
  type NftChain,
  type NftContainer,
  type NftMap,
  type NftMapElement,
  type NftRule,
  type NftSet,
  type NftTable,
  type NftValue,
  type Selector,
  type Statement,
  type Verdict,
} from '../../ir/nftables.js';
import type { RuleOrigin } from '../../ir/iptables.js';
import type { NodeProgram } from '../../ir/program.js';
import { COMMAND_LINE, diag, lazyDiag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { cidrContains, LOOPBACK_NET, type CIDR } from '../../net/cidr.js';
import { compareIP, formatIP, ipEquals, isLoopback, LOOPBACK, type IP, type IPFamily } from '../../net/ip.js';
import type { NoEndpointVerdict, PlannedEndpoint, ServicePlan, ServicePortPlan } from '../../plan/services/index.js';
import * as n from './names.js';

/** nftablesBaseChains: name, type, hook, priority (knftables writes DNATPriority-10 as -110). */
const BASE: [string, NonNullable<NftChain['base']>][] = [
  [n.FILTER_PREROUTING_PRE_DNAT, { type: 'filter', hook: 'prerouting', priority: -110 }],
  [n.FILTER_OUTPUT_PRE_DNAT, { type: 'filter', hook: 'output', priority: -110 }],
  [n.FILTER_INPUT, { type: 'filter', hook: 'input', priority: 0 }],
  [n.FILTER_FORWARD, { type: 'filter', hook: 'forward', priority: 0 }],
  [n.FILTER_OUTPUT, { type: 'filter', hook: 'output', priority: 0 }],
  [n.NAT_PREROUTING, { type: 'nat', hook: 'prerouting', priority: -100 }],
  [n.NAT_OUTPUT, { type: 'nat', hook: 'output', priority: -100 }],
  [n.NAT_POSTROUTING, { type: 'nat', hook: 'postrouting', priority: 100 }],
];

/** nftablesJumpChains: [to, from, ct state new]; in this order. */
const JUMPS: [string, string, boolean][] = [
  [n.NODEPORT_ENDPOINTS_CHECK, n.FILTER_INPUT, true],
  [n.SERVICE_ENDPOINTS_CHECK, n.FILTER_INPUT, true],
  [n.SERVICE_ENDPOINTS_CHECK, n.FILTER_FORWARD, true],
  [n.SERVICE_ENDPOINTS_CHECK, n.FILTER_OUTPUT, true],
  [n.FIREWALL_CHECK, n.FILTER_PREROUTING_PRE_DNAT, true],
  [n.FIREWALL_CHECK, n.FILTER_OUTPUT_PRE_DNAT, true],
  [n.SERVICES, n.NAT_OUTPUT, false],
  [n.SERVICES, n.NAT_PREROUTING, false],
  [n.MASQUERADING, n.NAT_POSTROUTING, false],
  [n.CLUSTER_IPS_CHECK, n.FILTER_FORWARD, true],
  [n.CLUSTER_IPS_CHECK, n.FILTER_OUTPUT, true],
];

/** The chains of one table being built: rules collected per chain, chains kept in creation order. */
class Chains {
  private readonly byName = new Map<string, NftChain>();

  ensure(name: string, extra: Partial<NftChain> = {}): NftChain {
    let c = this.byName.get(name);
    if (!c) this.byName.set(name, (c = { name, rules: [], ...extra }));
    return c;
  }

  add(chain: string, statements: Statement[], comment?: string, origin?: RuleOrigin): void {
    const rule: NftRule = { statements };
    if (comment !== undefined) rule.comment = comment;
    if (origin) rule.origin = origin;
    this.ensure(chain).rules.push(rule);
  }

  list(): NftChain[] {
    return [...this.byName.values()];
  }
}

/** A map's elements, one per key (a later element with the same key replaces the value: ensureElem). */
class Elements {
  private readonly byKey = new Map<string, NftMapElement>();
  add(key: NftValue[], verdict: Verdict, comment?: string): void {
    const k = key.map(keyText).join(' . ');
    const e: NftMapElement = { key, value: { kind: 'verdict', verdict } };
    if (comment !== undefined) e.comment = comment;
    const old = this.byKey.get(k);
    if (old) Object.assign(old, e);
    else this.byKey.set(k, e);
  }
  list(): NftMapElement[] {
    return [...this.byKey.values()];
  }
}

function keyText(v: NftValue): string {
  switch (v.kind) {
    case 'ip':
      return formatIP(v.ip);
    case 'protocol':
      return v.protocol;
    case 'port':
      return String(v.port);
    default:
      return JSON.stringify(v);
  }
}

interface Ctx {
  family: IPFamily;
  daddr: Selector;
  saddr: Selector;
  markHex: NftValue;
  masqueradeAll: boolean;
  detector: { ifLocal: Statement; ifNotLocal: Statement } | undefined;
  nodeIP: IP;
  chains: Chains;
  clusterIPs: Map<string, IP>;
  serviceIPs: Elements;
  serviceNodePorts: Elements;
  noEndpointServices: Elements;
  noEndpointNodePorts: Elements;
  firewallIPs: Elements;
  affinity: NftSet[];
}

/** The local traffic detector's nftables matches (pkg/proxy/util/localdetector.go, IfLocalNFT/IfNotLocalNFT). */
function detectorMatches(d: LocalDetector | undefined, family: IPFamily): Ctx['detector'] {
  if (!d) return undefined;
  if (d.kind === 'cidr') {
    if (d.cidr.family !== family) return undefined;
    return { ifLocal: nft.match(nft.saddr(family), nft.cidr(d.cidr)), ifNotLocal: nft.match(nft.saddr(family), nft.cidr(d.cidr), '!=') };
  }
  // kube-proxy writes `iif NAME` and `iif PREFIX*`: `iif` resolves an interface index when the
  // rule loads (so the bridge must exist then) and cannot take a wildcard at all. kube-rulec
  // matches the name instead (`iifname`), which loads anywhere and means the same.
  const value: NftValue = d.kind === 'bridge' ? { kind: 'string', text: d.interface } : { kind: 'string', text: `${d.prefix}*` };
  const sel: Selector = { kind: 'meta', key: 'iifname', short: true };
  return { ifLocal: nft.match(sel, value), ifNotLocal: nft.match(sel, value, '!=') };
}

const origin = (sp: ServicePortPlan): RuleOrigin => ({ kind: 'service-port', namespace: sp.namespace, name: sp.name, port: sp.portName, protocol: sp.protocol });

/** nft's limit on a comment (NFTNL_UDATA_COMMENT_MAXLEN): a longer one fails the whole transaction. */
export const COMMENT_MAX = 128;

/**
 * What kube-proxy's nftables mode cannot load: a service port without (local) endpoints gets a
 * no-endpoint map element commented with its name (`ns/svc:port`), and names may be longer than
 * nft takes (63 + 63 + 15 characters). kube-proxy's transaction would fail, and with it every
 * service of the node: an error at the Service, so nothing is written.
 */
export function kubeProxyNftablesDiagnostics(plan: ServicePlan, settings: Settings): Diagnostic[] {
  const out: Diagnostic[] = [];
  // setupNFTables: a loopback address among the NodePort addresses is logged and left out.
  const np = settings.node.nodePorts;
  const loopback = np.kind === 'addresses' ? np.ips.find((ip) => ip.family === plan.family && isLoopback(ip)) : undefined;
  if (loopback && plan.servicePorts.some((sp) => sp.nodePort !== 0)) {
    out.push(
      diag(
        'KR0009',
        `--nodeport-addresses includes ${formatIP(loopback)}, but nftables mode has no localhost NodePorts: kube-proxy leaves it out of nodeport-ips`,
        COMMAND_LINE,
        'NodePorts answer on the node\'s other addresses; iptables mode has localhost NodePorts (IPv4)',
      ),
    );
  }
  for (const sp of plan.servicePorts) {
    const commented = !sp.hasInternalEndpoints || (!sp.hasExternalEndpoints && (sp.externalIPs.length > 0 || sp.loadBalancerVIPs.length > 0 || sp.nodePort !== 0));
    if (commented && sp.key.length > COMMENT_MAX) {
      out.push(
        lazyDiag(
          'KR0008',
          `Service ${sp.namespace}/${sp.name}: port ${JSON.stringify(sp.portName)} has no endpoints for some traffic, and nftables mode comments its no-endpoint element with "${sp.key}" (${sp.key.length} characters; nft takes at most ${COMMENT_MAX}): kube-proxy's transaction would fail`,
          sp.locate,
          'shorten the namespace, Service or port name',
        ),
      );
    }
  }
  return out;
}

export function kubeProxyNftablesProgram(plan: ServicePlan, settings: Settings): NodeProgram {
  const { family } = plan;
  const node = settings.node;
  const { masqueradeAll, masqueradeBit, serviceCIDRs } = settings.nftables;
  const ctx: Ctx = {
    family,
    daddr: nft.daddr(family),
    saddr: nft.saddr(family),
    // NewProxier: fmt.Sprintf("%#08x", 1<<masqueradeBit).
    markHex: { kind: 'hex', value: 2 ** masqueradeBit, digits: 8 },
    masqueradeAll,
    detector: detectorMatches(node.localDetector, family),
    nodeIP: node.nodeIP,
    chains: new Chains(),
    clusterIPs: new Map(),
    serviceIPs: new Elements(),
    serviceNodePorts: new Elements(),
    noEndpointServices: new Elements(),
    noEndpointNodePorts: new Elements(),
    firewallIPs: new Elements(),
    affinity: [],
  };
  const { chains } = ctx;
  const matchAll = node.nodePorts.kind === 'all';
  const addr = addrType(family);

  // setupNFTables: base chains, the chains they jump to, and the fixed rules.
  for (const [name, base] of BASE) chains.ensure(name, { base });
  for (const [to] of JUMPS) chains.ensure(to);
  for (const c of [n.SERVICES, n.CLUSTER_IPS_CHECK, n.MASQUERADING, n.MARK_MASQ]) chains.ensure(c);
  chains.ensure(n.REJECT_CHAIN, { comment: 'helper for @no-endpoint-services / @no-endpoint-nodeports' });
  for (const [to, from, ctNew] of JUMPS) chains.add(from, [...(ctNew ? [nft.match({ kind: 'ct', key: 'state' }, nft.sym('new'))] : []), nft.jump(to)]);

  const mark: Selector = { kind: 'meta', key: 'mark', short: true };
  chains.add(n.MARK_MASQ, [{ kind: 'mark-set', target: 'meta', short: true, value: { kind: 'op', of: mark, op: 'or', value: ctx.markHex } }]);
  chains.add(n.MASQUERADING, [{ kind: 'match', left: { kind: 'and', of: mark, mask: 2 ** masqueradeBit, maskDigits: 8 }, op: '==', right: nft.num(0) }, nft.verdict({ kind: 'return' })]);
  chains.add(n.MASQUERADING, [{ kind: 'mark-set', target: 'meta', short: true, value: { kind: 'op', of: mark, op: 'xor', value: ctx.markHex } }]);
  chains.add(n.MASQUERADING, [{ kind: 'masquerade', fullyRandom: true }]);

  chains.add(n.CLUSTER_IPS_CHECK, [nft.match(ctx.daddr, nft.setRef(n.CLUSTER_IPS)), { kind: 'reject' }], 'Reject traffic to invalid ports of ClusterIPs');
  const cidrs = serviceCIDRs.filter((c) => c.family === family);
  if (cidrs.length > 0) {
    // The proxier's serviceCIDRs is one comma-joined string inside the braces.
    chains.add(n.CLUSTER_IPS_CHECK, [nft.match(ctx.daddr, { kind: 'set', compact: true, elements: cidrs.map(nft.cidr) }), nft.verdict({ kind: 'drop' })], 'Drop traffic to unallocated ClusterIPs');
  }

  const noLocalhost: Statement = family === 4 ? nft.match(ctx.daddr, nft.cidr(LOOPBACK_NET[4]), '!=') : nft.match(ctx.daddr, nft.ip(LOOPBACK[6]), '!=');
  const portKey = nft.concat(nft.l4proto(), nft.thDport());
  const destKey = nft.concat(ctx.daddr, nft.l4proto(), nft.thDport());
  const nodePortIPs = nft.match(ctx.daddr, nft.setRef(n.NODEPORT_IPS));
  chains.add(n.REJECT_CHAIN, [{ kind: 'reject' }]);
  chains.add(n.SERVICE_ENDPOINTS_CHECK, [nft.vmap(destKey, n.NO_ENDPOINT_SERVICES)]);
  chains.add(n.NODEPORT_ENDPOINTS_CHECK, [matchAll ? noLocalhost : nodePortIPs, nft.vmap(portKey, n.NO_ENDPOINT_NODEPORTS)]);
  chains.add(n.FIREWALL_CHECK, [nft.vmap(destKey, n.FIREWALL_IPS)]);
  chains.add(n.SERVICES, [nft.vmap(destKey, n.SERVICE_IPS)]);
  const fibLocal = nft.match({ kind: 'fib', flags: ['daddr'], result: 'type' }, nft.sym('local'));
  chains.add(n.SERVICES, matchAll ? [fibLocal, noLocalhost, nft.vmap(portKey, n.SERVICE_NODEPORTS)] : [nodePortIPs, nft.vmap(portKey, n.SERVICE_NODEPORTS)]);

  for (const sp of plan.servicePorts) servicePort(ctx, sp);

  // The fixed sets and maps, in setupNFTables' order.
  const dispatch = (name: string, key: NftMap['key'], comment: string, elements: NftMapElement[]): NftMap => ({ kind: 'map', name, key, value: ['verdict'], flags: [], comment, elements });
  const destType: NftMap['key'] = [addr, 'inet_proto', 'inet_service'];
  const portType: NftMap['key'] = ['inet_proto', 'inet_service'];
  const clusterIPs: NftSet = {
    kind: 'set',
    name: n.CLUSTER_IPS,
    key: [addr],
    flags: [],
    comment: 'Active ClusterIPs',
    elements: [...ctx.clusterIPs.values()].map((ip) => ({ key: [nft.ip(ip)] })),
  };
  const nodePortSet: NftSet = { kind: 'set', name: n.NODEPORT_IPS, key: [addr], flags: [], comment: 'IPs that accept NodePort traffic', elements: [] };
  const containers: NftContainer[] = [clusterIPs];
  const absent: NftContainer[] = [];
  if (matchAll) absent.push(nodePortSet);
  else {
    // GetNodeIPs: the node's addresses inside --nodeport-addresses; loopback is never a NodePort address here.
    const ips = node.nodePorts.kind === 'addresses' ? node.nodePorts.ips.filter((ip) => ip.family === family && !isLoopback(ip)) : [];
    const unique: IP[] = [];
    for (const ip of [...ips].sort(compareIP)) if (!unique.some((u) => ipEquals(u, ip))) unique.push(ip);
    nodePortSet.elements = unique.map((ip) => ({ key: [nft.ip(ip)] }));
    containers.push(nodePortSet);
  }
  containers.push(
    dispatch(n.NO_ENDPOINT_SERVICES, destType, 'vmap to drop or reject packets to services with no endpoints', ctx.noEndpointServices.list()),
    dispatch(n.NO_ENDPOINT_NODEPORTS, portType, 'vmap to drop or reject packets to service nodeports with no endpoints', ctx.noEndpointNodePorts.list()),
    dispatch(n.FIREWALL_IPS, destType, 'destinations that are subject to LoadBalancerSourceRanges', ctx.firewallIPs.list()),
    dispatch(n.SERVICE_IPS, destType, 'ClusterIP, ExternalIP and LoadBalancer IP traffic', ctx.serviceIPs.list()),
    dispatch(n.SERVICE_NODEPORTS, portType, 'NodePort traffic', ctx.serviceNodePorts.list()),
    ...ctx.affinity,
  );

  const table: NftTable = {
    family: family === 4 ? 'ip' : 'ip6',
    name: n.TABLE,
    comment: n.TABLE_COMMENT,
    chains: chains.list(),
    containers,
    resetBaseChains: true,
    absent,
  };
  return { title: 'kube-proxy nftables-mode rules', node: node.hostname, family, parts: [{ kind: 'nftables', table }] };
}

function verdictOf(v: NoEndpointVerdict): Verdict {
  return v === 'drop' ? { kind: 'drop' } : { kind: 'goto', chain: n.REJECT_CHAIN };
}

function servicePort(ctx: Ctx, sp: ServicePortPlan): void {
  const { chains } = ctx;
  const names = n.servicePortNames(sp);
  const o = origin(sp);
  const affinity = sp.affinityTimeout > 0;
  const eps = sp.allReachable.map((ep) => ({ ep, ...n.endpointNames(sp, ep) }));

  const usesCluster = sp.clusterEndpoints.length > 0 && sp.usesClusterEndpoints;
  const usesLocal = sp.localEndpoints.length > 0 && sp.usesLocalEndpoints;
  const internalChain = sp.internalPolicyLocal ? names.local : names.service;
  const externalPolicyChain = sp.externalPolicyLocal ? names.local : names.service;
  const usesExternal = sp.hasEndpoints && sp.externallyAccessible;
  // Unlike the iptables proxier, the firewall chain does not wait for endpoints.
  const usesFirewall = sp.loadBalancerVIPs.length > 0 && sp.sourceRanges.length > 0;
  // The chains, in this table's order for a service port.
  if (usesCluster) chains.ensure(names.service);
  if (usesLocal) chains.ensure(names.local);
  if (usesExternal) chains.ensure(names.external);
  if (usesFirewall) chains.ensure(names.firewall);
  for (const e of eps) chains.ensure(e.chain);

  const key = (ip: IP): NftValue[] => [nft.ip(ip), nft.proto(sp.protocol), nft.port(sp.port)];
  ctx.clusterIPs.set(formatIP(sp.clusterIP), sp.clusterIP);
  if (sp.hasInternalEndpoints) ctx.serviceIPs.add(key(sp.clusterIP), { kind: 'goto', chain: internalChain });
  else ctx.noEndpointServices.add(key(sp.clusterIP), verdictOf(sp.internalVerdict), sp.key);
  for (const ip of sp.externalIPs) {
    if (sp.hasEndpoints) ctx.serviceIPs.add(key(ip), { kind: 'goto', chain: names.external });
    if (!sp.hasExternalEndpoints) ctx.noEndpointServices.add(key(ip), verdictOf(sp.externalVerdict), sp.key);
  }
  for (const ip of sp.loadBalancerVIPs) {
    if (sp.hasEndpoints) ctx.serviceIPs.add(key(ip), { kind: 'goto', chain: names.external });
    if (usesFirewall) ctx.firewallIPs.add(key(ip), { kind: 'goto', chain: names.firewall });
  }
  if (!sp.hasExternalEndpoints) for (const ip of sp.loadBalancerVIPs) ctx.noEndpointServices.add(key(ip), verdictOf(sp.externalVerdict), sp.key);
  if (sp.nodePort !== 0) {
    const pk = [nft.proto(sp.protocol), nft.port(sp.nodePort)];
    if (sp.hasEndpoints) ctx.serviceNodePorts.add(pk, { kind: 'goto', chain: names.external });
    if (!sp.hasExternalEndpoints) ctx.noEndpointNodePorts.add(pk, verdictOf(sp.externalVerdict), sp.key);
  }

  const markMasq = nft.jump(n.MARK_MASQ);
  if (sp.hasInternalEndpoints) {
    if (ctx.masqueradeAll) chains.add(internalChain, [nft.match(ctx.daddr, nft.ip(sp.clusterIP)), markMasq], undefined, o);
    else if (ctx.detector) chains.add(internalChain, [nft.match(ctx.daddr, nft.ip(sp.clusterIP)), ctx.detector.ifNotLocal, markMasq], undefined, o);
  }
  if (usesExternal) {
    if (!sp.externalPolicyLocal) chains.add(names.external, [markMasq], undefined, o);
    else {
      if (ctx.detector) chains.add(names.external, [ctx.detector.ifLocal, nft.goto(names.service)], 'short-circuit pod traffic', o);
      const fibLocal = nft.match({ kind: 'fib', flags: ['saddr'], result: 'type' }, nft.sym('local'));
      chains.add(names.external, [fibLocal, markMasq], 'masquerade local traffic', o);
      chains.add(names.external, [fibLocal, nft.goto(names.service)], 'short-circuit local traffic', o);
    }
    if (sp.hasExternalEndpoints) chains.add(names.external, [nft.goto(externalPolicyChain)], undefined, o);
  }
  if (usesFirewall) {
    const sources: NftValue[] = sp.sourceRanges.map(nft.cidr);
    // A VIP-like load balancer's own address comes back as the source of the node's own requests.
    if (sp.sourceRanges.some((c: CIDR) => cidrContains(c, ctx.nodeIP))) sources.push(...sp.loadBalancerVIPs.map(nft.ip));
    chains.add(names.firewall, [nft.match(ctx.saddr, nft.anon(sources), '!='), nft.verdict({ kind: 'drop' })], undefined, o);
  }
  if (affinity) {
    for (const e of eps) ctx.affinity.push({ kind: 'set', name: e.affinity, key: [addrType(ctx.family)], flags: ['dynamic', 'timeout'], timeout: sp.affinityTimeout, elements: [], dynamic: true });
  }
  const byEndpoint = new Map(eps.map((e) => [e.ep, e]));
  const dispatch = (chain: string, list: readonly PlannedEndpoint[]) => {
    const targets = list.map((ep) => byEndpoint.get(ep)!);
    if (affinity) for (const t of targets) chains.add(chain, [nft.match(ctx.saddr, nft.setRef(t.affinity)), nft.goto(t.chain)], undefined, o);
    chains.add(
      chain,
      [{ kind: 'vmap', key: { kind: 'numgen', mode: 'random', mod: targets.length }, map: { kind: 'anonymous', entries: targets.map((t, i) => ({ key: nft.num(i), verdict: { kind: 'goto', chain: t.chain } })) } }],
      undefined,
      o,
    );
  };
  if (usesCluster) dispatch(names.service, sp.clusterEndpoints);
  if (usesLocal) dispatch(names.local, sp.localEndpoints);
  for (const e of eps) {
    const eo: RuleOrigin = { kind: 'endpoint', namespace: sp.namespace, name: sp.name, port: sp.portName, protocol: sp.protocol, endpoint: e.ep.str };
    chains.add(e.chain, [nft.match(ctx.saddr, nft.ip(e.ep.ip)), markMasq], undefined, eo);
    if (affinity) chains.add(e.chain, [{ kind: 'set-update', op: 'update', set: e.affinity, key: ctx.saddr }], undefined, eo);
    chains.add(e.chain, [nft.match(nft.l4proto(), nft.proto(sp.protocol as Protocol)), { kind: 'dnat', ip: e.ep.ip, port: e.ep.port }], undefined, eo);
  }
}
