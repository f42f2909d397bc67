// iptables mode: plan → iptables rule IR, rule for rule what kube-proxy's iptables proxier
// (pkg/proxy/iptables/proxier.go, syncProxyRules) writes on a full sync. The decisions (which
// endpoints, where traffic with none goes) are the plan's; this file only spells them as rules.
// docs/architecture.md says where the upstream facts are written down.
import type { IptablesSettings, LocalDetector, NodeSettings, Settings } from '../../config/settings.js';
import type { HostStep } from '../../ir/host.js';
import type { NodeProgram } from '../../ir/program.js';
import { cidrContains, LOOPBACK_NET } from '../../net/cidr.js';
import { compareIP } from '../../net/ip.js';
import { addr } from '../../ir/addr.js';
import {
  m,
  t,
  TableBuilder,
  type BuiltinJump,
  type Match,
  type Target,
} from '../../ir/iptables.js';
import { canonicalize, NODEPORTS_JUMP_COMMENT } from './order.js';
import type { NoEndpointVerdict, PlannedEndpoint, ServicePlan, ServicePortPlan } from '../../plan/services/index.js';
import * as names from './names.js';

/** Above this many endpoints kube-proxy drops the comments of SEP and SVC->SEP rules. */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

const LOCALHOST_NODEPORTS_COUNTER = 'localhost_nps_accepted_pkts';
const INVALID_DROPPED_COUNTER = 'ct_state_invalid_dropped_pkts';

const LOOPBACK4 = LOOPBACK_NET[4];
const LOOPBACK6 = LOOPBACK_NET[6];

/** What every part of one compile reads: the node, the iptables settings, the tables being built. */
interface Ctx {
  node: NodeSettings;
  iptables: IptablesSettings;
  mark: number;
  v4: boolean;
  localhostNodePorts: boolean;
  largeCluster: boolean;
  filter: TableBuilder;
  nat: TableBuilder;
  /** One jump target per fixed chain and one statistic match per probability, shared by every rule that has it. */
  jump: (chain: string) => Target;
  statistic: (probability: number) => Match;
}

/** A value made once per key and handed out again after (the rules only read what they share). */
function memo<K, V>(make: (key: K) => V): (key: K) => V {
  const made = new Map<K, V>();
  return (key) => {
    let v = made.get(key);
    if (v === undefined) {
      v = make(key);
      made.set(key, v);
    }
    return v;
  };
}

export function kubeProxyIptablesProgram(plan: ServicePlan, settings: Settings): NodeProgram {
  const v4 = plan.family === 4;
  const node = settings.node;
  const ctx: Ctx = {
    node: settings.node,
    iptables: settings.iptables,
    mark: 2 ** settings.iptables.masqueradeBit,
    v4,
    localhostNodePorts: v4 && settings.iptables.localhostNodePorts,
    largeCluster: plan.totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD,
    filter: new TableBuilder('filter'),
    nat: new TableBuilder('nat'),
    jump: memo(t.jump),
    statistic: memo(m.statistic),
  };
  const { filter, nat } = ctx;

  // Chains declared on every full sync (and so flushed and rewritten): syncProxyRules' filter and nat chains.
  for (const c of [names.KUBE_SERVICES, names.KUBE_EXTERNAL_SERVICES, names.KUBE_FORWARD, names.KUBE_NODEPORTS, names.KUBE_PROXY_FIREWALL]) filter.chain(c);
  if (ctx.localhostNodePorts) {
    filter
      .chain(names.KUBE_FIREWALL)
      .add(
        t.drop,
        m.comment('block incoming localnet connections'),
        m.dst(addr.cidr(LOOPBACK4)),
        m.src(addr.cidr(LOOPBACK4), true),
        m.ctstate(['RELATED', 'ESTABLISHED', 'DNAT'], true),
      );
  }
  for (const c of [names.KUBE_SERVICES, names.KUBE_NODEPORTS, names.KUBE_POSTROUTING, names.KUBE_MARK_MASQ]) nat.chain(c);

  // The nat rules every node gets: masquerading by mark (KUBE-POSTROUTING, KUBE-MARK-MASQ).
  nat
    .chain(names.KUBE_POSTROUTING)
    .add(t.ret, m.mark(ctx.mark, ctx.mark, true))
    .add(t.markXor(ctx.mark))
    .add(t.masquerade(settings.iptables.randomFully), m.comment('kubernetes service traffic requiring SNAT'));
  nat.chain(names.KUBE_MARK_MASQ).add(t.markOr(ctx.mark));

  for (const servicePort of plan.servicePorts) {
    const origin = { kind: 'service-port', namespace: servicePort.namespace, name: servicePort.name, port: servicePort.portName, protocol: servicePort.protocol } as const;
    filter.origin = nat.origin = origin;
    servicePortRules(ctx, servicePort);
  }
  filter.origin = nat.origin = undefined;

  // The nodeports jump, last in nat KUBE-SERVICES.
  const services = nat.chain(names.KUBE_SERVICES);
  const nodePorts = node.nodePorts;
  if (nodePorts.kind === 'all') {
    const extra: Match[] = [];
    if (!v4) extra.push(m.dst(addr.cidr(LOOPBACK6), true));
    else if (!ctx.localhostNodePorts) extra.push(m.dst(addr.cidr(LOOPBACK4), true));
    services.add(t.jump(names.KUBE_NODEPORTS), m.comment(NODEPORTS_JUMP_COMMENT), m.addrtype('dst'), ...extra);
  } else {
    const ips = nodePorts.ips
      .filter((ip) => ip.family === plan.family)
      .filter((ip) => !(cidrContains(v4 ? LOOPBACK4 : LOOPBACK6, ip) && (!v4 || !ctx.localhostNodePorts)))
      .sort(compareIP);
    for (const ip of ips) services.add(t.jump(names.KUBE_NODEPORTS), m.comment(NODEPORTS_JUMP_COMMENT), m.dst(addr.ip(ip)));
  }

  // The filter rules every node gets (KUBE-FORWARD).
  const forward = filter.chain(names.KUBE_FORWARD);
  if (!node.conntrackTcpBeLiberal) {
    forward.add(t.drop, m.ctstate(['INVALID']), ...(node.nfacct ? [m.nfacct(INVALID_DROPPED_COUNTER)] : []));
  }
  forward
    .add(t.accept, m.comment('kubernetes forwarding rules'), m.mark(ctx.mark, ctx.mark))
    .add(t.accept, m.comment('kubernetes forwarding conntrack rule'), m.ctstate(['RELATED', 'ESTABLISHED']));

  const host: HostStep[] = [];
  // A full sync ensures every counter of the proxier's nfAcctCounters, in both families.
  if (node.nfacct) host.push({ kind: 'nfacct', name: INVALID_DROPPED_COUNTER }, { kind: 'nfacct', name: LOCALHOST_NODEPORTS_COUNTER });
  // Localhost NodePorts need route_localnet, which kube-proxy sets.
  if (ctx.localhostNodePorts) host.push({ kind: 'sysctl', key: 'net.ipv4.conf.all.route_localnet', value: '1' });
  const ruleset = canonicalize({ family: plan.family, tables: [filter.build(), nat.build()], builtinJumps: builtinJumps() });
  return {
    title: 'kube-proxy iptables-mode rules',
    node: node.hostname,
    family: plan.family,
    parts: [
      { kind: 'host', steps: host },
      { kind: 'iptables', ruleset },
    ],
  };
}

function detect(d: LocalDetector, negate: boolean): Match {
  switch (d.kind) {
    case 'cidr':
      return m.src(addr.cidr(d.cidr), negate);
    case 'bridge':
      return m.inIface(d.interface, negate);
    case 'prefix':
      return m.inIface(`${d.prefix}+`, negate);
  }
}

/** The filter rule's target and comment for traffic with no endpoint to go to. */
function noEndpointRule(verdict: NoEndpointVerdict, name: string): { target: Target; comment: string } | undefined {
  if (verdict === 'reject') return { target: t.reject, comment: `${name} has no endpoints` };
  if (verdict === 'drop') return { target: t.drop, comment: `${name} has no local endpoints` };
  return undefined;
}

/** Everything one service port contributes (proxier.go, syncProxyRules' loop over services). */
function servicePortRules(ctx: Ctx, servicePort: ServicePortPlan): void {
  const { filter, nat, node } = ctx;
  const name = servicePort.key;
  const chains = names.serviceChains(servicePort);
  const protocolMatch = m.proto(servicePort.protocol);
  const { hasEndpoints, hasInternalEndpoints, hasExternalEndpoints } = servicePort;
  const internalChain = servicePort.internalPolicyLocal ? chains.svl : chains.svc;
  const externalPolicyChain = servicePort.externalPolicyLocal ? chains.svl : chains.svc;
  const usesExt = servicePort.usesExternalChain;
  const usesFw = servicePort.usesFirewall;
  const lbChain = usesFw ? chains.fw : chains.ext;
  const internalFilter = noEndpointRule(servicePort.internalVerdict, name);
  const externalFilter = noEndpointRule(servicePort.externalVerdict, name);

  // 1. ClusterIP
  const toClusterIP = [protocolMatch, m.dst(addr.ip(servicePort.clusterIP)), m.dport(servicePort.port)];
  if (hasInternalEndpoints) {
    nat.chain(names.KUBE_SERVICES).add(t.jump(internalChain), m.comment(`${name} cluster IP`), ...toClusterIP);
  } else if (internalFilter) {
    filter.chain(names.KUBE_SERVICES).add(internalFilter.target, m.comment(internalFilter.comment), ...toClusterIP);
  }

  // 2. external IPs
  for (const eip of servicePort.externalIPs) {
    const args = [protocolMatch, m.dst(addr.ip(eip)), m.dport(servicePort.port)];
    if (hasEndpoints) nat.chain(names.KUBE_SERVICES).add(t.jump(chains.ext), m.comment(`${name} external IP`), ...args);
    if (externalFilter) filter.chain(names.KUBE_EXTERNAL_SERVICES).add(externalFilter.target, m.comment(externalFilter.comment), ...args);
  }

  // 3. load-balancer VIPs
  for (const lb of servicePort.loadBalancerVIPs) {
    const args = [protocolMatch, m.dst(addr.ip(lb)), m.dport(servicePort.port)];
    if (hasEndpoints) nat.chain(names.KUBE_SERVICES).add(t.jump(lbChain), m.comment(`${name} loadbalancer IP`), ...args);
    if (usesFw) {
      filter.chain(names.KUBE_PROXY_FIREWALL).add(t.drop, m.comment(`${name} traffic not accepted by ${chains.fw}`), ...args);
    }
  }
  // 4. load-balancer VIPs with nowhere to go
  if (externalFilter) {
    for (const lb of servicePort.loadBalancerVIPs) {
      filter
        .chain(names.KUBE_EXTERNAL_SERVICES)
        .add(externalFilter.target, m.comment(externalFilter.comment), protocolMatch, m.dst(addr.ip(lb)), m.dport(servicePort.port));
    }
  }

  // 5. NodePort (never subject to loadBalancerSourceRanges)
  if (servicePort.nodePort !== 0) {
    if (hasEndpoints) {
      if (ctx.localhostNodePorts && node.nfacct) {
        nat
          .chain(names.KUBE_NODEPORTS)
          .add(
            t.jump(chains.ext),
            m.comment(name),
            protocolMatch,
            m.dst(addr.cidr(LOOPBACK4)),
            m.dport(servicePort.nodePort),
            m.nfacct(LOCALHOST_NODEPORTS_COUNTER),
          );
      }
      nat.chain(names.KUBE_NODEPORTS).add(t.jump(chains.ext), m.comment(name), protocolMatch, m.dport(servicePort.nodePort));
    }
    if (externalFilter) {
      filter
        .chain(names.KUBE_EXTERNAL_SERVICES)
        .add(externalFilter.target, m.comment(externalFilter.comment), m.addrtype('dst'), protocolMatch, m.dport(servicePort.nodePort));
    }
  }

  // 6. health-check node port (always TCP)
  if (servicePort.healthCheckNodePort !== 0) {
    filter
      .chain(names.KUBE_NODEPORTS)
      .add(t.accept, m.comment(`${name} health check node port`), m.proto('tcp'), m.dport(servicePort.healthCheckNodePort));
  }

  // 7. masquerade off-cluster traffic to the cluster IP
  if (hasInternalEndpoints) {
    const args = [m.comment(`${name} cluster IP`), ...toClusterIP];
    if (ctx.iptables.masqueradeAll) nat.chain(internalChain).add(t.jump(names.KUBE_MARK_MASQ), ...args);
    else if (node.localDetector) nat.chain(internalChain).add(t.jump(names.KUBE_MARK_MASQ), ...args, detect(node.localDetector, true));
  }

  // 8. the external-destination chain
  if (usesExt) {
    const ext = nat.chain(chains.ext);
    if (!servicePort.externalPolicyLocal) {
      ext.add(t.jump(names.KUBE_MARK_MASQ), m.comment(`masquerade traffic for ${name} external destinations`));
    } else {
      if (node.localDetector) {
        ext.add(t.jump(chains.svc), m.comment(`pod traffic for ${name} external destinations`), detect(node.localDetector, false));
      }
      ext.add(t.jump(names.KUBE_MARK_MASQ), m.comment(`masquerade LOCAL traffic for ${name} external destinations`), m.addrtype('src'));
      ext.add(t.jump(chains.svc), m.comment(`route LOCAL traffic for ${name} external destinations`), m.addrtype('src'));
    }
    if (hasExternalEndpoints) ext.add(t.jump(externalPolicyChain));
  }

  // 9. loadBalancerSourceRanges
  if (usesFw) {
    const fw = nat.chain(chains.fw);
    const comment = m.comment(`${name} loadbalancer IP`);
    let nodeInRange = false;
    for (const src of servicePort.sourceRanges) {
      fw.add(t.jump(chains.ext), comment, m.src(addr.cidr(src)));
      if (cidrContains(src, node.nodeIP)) nodeInRange = true;
    }
    if (nodeInRange) {
      for (const lb of servicePort.loadBalancerVIPs) fw.add(t.jump(chains.ext), comment, m.src(addr.ip(lb)));
    }
    fw.add(null, m.comment(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`));
  }

  // 10. endpoint dispatch; each endpoint's chain name is hashed once, and its jump made once
  const seps = new Map<PlannedEndpoint, SepJump>();
  for (const ep of servicePort.allReachable) {
    seps.set(ep, { kind: 'jump', chain: names.endpointChain(servicePort, ep.str) });
  }
  if (servicePort.usesClusterEndpoints && servicePort.clusterEndpoints.length > 0) endpointDispatch(ctx, servicePort, chains.svc, servicePort.clusterEndpoints, seps);
  if (servicePort.usesLocalEndpoints && servicePort.localEndpoints.length > 0) endpointDispatch(ctx, servicePort, chains.svl, servicePort.localEndpoints, seps);

  // 11. one chain per endpoint: hairpin masquerade, then DNAT
  const portOrigin = nat.origin;
  const markMasq = ctx.jump(names.KUBE_MARK_MASQ);
  const comment = ctx.largeCluster ? undefined : m.comment(name);
  for (const [ep, { chain: sepName }] of seps) {
    nat.origin = { kind: 'endpoint', namespace: servicePort.namespace, name: servicePort.name, port: servicePort.portName, protocol: servicePort.protocol, endpoint: ep.str };
    const sep = nat.chain(sepName);
    const source = m.src(addr.ip(ep.ip));
    const dnat = t.dnat(ep.ip, ep.port);
    // The matches written out, without the arrays a spread of optional parts makes per rule.
    if (comment) sep.add(markMasq, comment, source);
    else sep.add(markMasq, source);
    if (servicePort.affinityTimeout > 0) {
      const set = m.recentSet(sepName);
      if (comment) sep.add(dnat, comment, set, protocolMatch);
      else sep.add(dnat, set, protocolMatch);
    } else if (comment) sep.add(dnat, comment, protocolMatch);
    else sep.add(dnat, protocolMatch);
  }
  nat.origin = portOrigin;
}

/** The jump to an endpoint's chain (which names it), made once for every rule that jumps there. */
type SepJump = Extract<Target, { kind: 'jump' }>;

/** Affinity checks, then one statistic rule per endpoint. */
function endpointDispatch(ctx: Ctx, servicePort: ServicePortPlan, chainName: string, eps: readonly PlannedEndpoint[], seps: ReadonlyMap<PlannedEndpoint, SepJump>): void {
  const chain = ctx.nat.chain(chainName);
  const comment = (ep: PlannedEndpoint) => (ctx.largeCluster ? undefined : m.comment(`${servicePort.key} -> ${ep.str}`));
  if (servicePort.affinityTimeout > 0) {
    for (const ep of eps) {
      const jump = seps.get(ep)!;
      const c = comment(ep);
      const check = m.recentCheck(jump.chain, servicePort.affinityTimeout);
      if (c) chain.add(jump, c, check);
      else chain.add(jump, check);
    }
  }
  eps.forEach((ep, i) => {
    const c = comment(ep);
    const jump = seps.get(ep)!;
    if (i < eps.length - 1) {
      const stat = ctx.statistic(1 / (eps.length - i));
      if (c) chain.add(jump, c, stat);
      else chain.add(jump, stat);
    } else if (c) chain.add(jump, c);
    else chain.add(jump);
  });
}

/**
 * Jumps from built-in chains, in the order kube-proxy ensures them, each inserted at position 1
 * (proxier.go: iptablesJumpChains, then iptablesKubeletJumpChains).
 */
function builtinJumps(): BuiltinJump[] {
  const j = (table: 'filter' | 'nat', chain: string, target: string, ...matches: Match[]): BuiltinJump => ({
    table,
    chain,
    rule: { matches, target: t.jump(target) },
  });
  const ctNew = m.ctstate(['NEW']);
  const out: BuiltinJump[] = [];
  for (const c of ['INPUT', 'FORWARD']) {
    out.push(j('filter', c, names.KUBE_EXTERNAL_SERVICES, ctNew, m.comment('kubernetes externally-visible service portals')));
  }
  out.push(j('filter', 'INPUT', names.KUBE_NODEPORTS, m.comment('kubernetes health check service ports')));
  for (const c of ['FORWARD', 'OUTPUT']) out.push(j('filter', c, names.KUBE_SERVICES, ctNew, m.comment('kubernetes service portals')));
  out.push(j('filter', 'FORWARD', names.KUBE_FORWARD, m.comment('kubernetes forwarding rules')));
  for (const c of ['INPUT', 'OUTPUT', 'FORWARD']) {
    out.push(j('filter', c, names.KUBE_PROXY_FIREWALL, ctNew, m.comment('kubernetes load balancer firewall')));
  }
  for (const c of ['OUTPUT', 'PREROUTING']) out.push(j('nat', c, names.KUBE_SERVICES, m.comment('kubernetes service portals')));
  out.push(j('nat', 'POSTROUTING', names.KUBE_POSTROUTING, m.comment('kubernetes postrouting rules')));
  // iptablesKubeletJumpChains: kubelet's KUBE-FIREWALL, ensured with its jumps on every full sync
  // by both families' proxiers, even when the restore text leaves the chain empty (IPv6, or no
  // localhost NodePorts).
  out.push(j('filter', 'INPUT', names.KUBE_FIREWALL), j('filter', 'OUTPUT', names.KUBE_FIREWALL));
  return out;
}
