// IPVS mode: plan → NodeProgram, what kube-proxy's IPVS proxier (pkg/proxy/ipvs/proxier.go,
// NewProxier and syncProxyRules) sets up on a node: its sysctls, the dummy interface kube-ipvs0
// with the virtual IPs it binds, its ipsets, the virtual and real servers, and the iptables rules
// that match on the sets (rules.ts). The decisions (which endpoints) are the plan's; this file
// spells them as IPVS services, set members and bound addresses. docs/architecture.md says where
// the upstream facts are written down.
import type { NodeSettings, Settings } from '../../config/settings.js';
import { COMMAND_LINE, diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { HostStep } from '../../ir/host.js';
import { memberText, type IpSet, type IpSetMember } from '../../ir/ipset.js';
import type { RealServer, SchedulerFlag, VirtualService } from '../../ir/ipvs.js';
import type { NodeProgram } from '../../ir/program.js';
import { cidrContains, hostCIDR } from '../../net/cidr.js';
import { compareIP, formatIP, ipEquals, isLoopback, joinHostPort, type IP, type IPFamily } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import type { PlannedEndpoint, ServicePlan, ServicePortPlan } from '../../plan/services/index.js';
import { DUMMY_DEVICE, SETS, setName, type SetId } from './names.js';
import { ipvsRules, type OutFilterDrop } from './rules.js';

/** ipset.go / ipset/ipset.go: the hash sets' defaults and bitmap:port's DefaultPortRange. */
const HASH_SIZE = 1024;
const MAX_ELEM = 65536;
const PORT_RANGE = { from: 0, to: 65535 } as const;

/** What one sync collects: set members, virtual services, the addresses to bind. */
class Sync {
  private readonly members = new Map<SetId, Map<string, IpSetMember>>();
  private readonly services = new Map<string, VirtualService>();
  private readonly bound = new Map<string, IP>();
  readonly outFilter: OutFilterDrop[] = [];

  add(id: SetId, member: IpSetMember): void {
    let m = this.members.get(id);
    if (!m) this.members.set(id, (m = new Map()));
    m.set(memberText(member), member);
  }

  has(id: SetId): boolean {
    return (this.members.get(id)?.size ?? 0) > 0;
  }

  /** syncService: a later service port with the same address, port and protocol replaces an earlier one. */
  service(vs: VirtualService, bind: boolean): void {
    this.services.set(`${vs.protocol} ${joinHostPort(vs.ip, vs.port)}`, vs);
    if (bind) this.bound.set(formatIP(vs.ip), vs.ip);
  }

  boundAddresses(): IP[] {
    return [...this.bound.values()].sort(compareIP);
  }

  virtualServices(): VirtualService[] {
    return [...this.services.values()];
  }

  /** Every set, filled or not: kube-proxy creates them all. Members in the order it adds them (sorted text). */
  sets(family: IPFamily): IpSet[] {
    return SETS.map((info) => {
      const members = [...(this.members.get(info.id)?.values() ?? [])].sort((a, b) => byteOrder(memberText(a), memberText(b)));
      const set: IpSet = { name: setName(info.id, family), kind: info.kind, family: undefined, members, comment: '' };
      if (info.kind === 'bitmap:port') set.range = PORT_RANGE;
      else Object.assign(set, { family, hashSize: HASH_SIZE, maxElem: MAX_ELEM });
      return set;
    });
  }
}

/**
 * The node IPs NodePort virtual services listen on (syncProxyRules' nodeIPs): with every
 * address admitted, all the node's addresses of the family except loopback and IPv6 link-local
 * (GetAllLocalAddressesExcept kube-ipvs0); with --nodeport-addresses, the node's addresses in
 * those CIDRs, except loopback.
 */
export function nodePortIPs(node: NodeSettings, family: IPFamily): IP[] {
  const linkLocal6 = (ip: IP) => ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;
  const candidates = node.nodePorts.kind === 'all' ? node.addresses.filter((ip) => !linkLocal6(ip)) : node.nodePorts.ips;
  const out: IP[] = [];
  for (const ip of candidates) if (ip.family === family && !isLoopback(ip) && !out.some((x) => ipEquals(x, ip))) out.push(ip);
  return out.sort(compareIP);
}

/**
 * IPVS mode puts NodePorts on the node's addresses, and kube-rulec knows only those it is told
 * (kube-proxy lists the node's interfaces). Without one of the family, NodePort service ports
 * get no virtual service (nor their health-check port, as kube-proxy skips the rest): say so.
 */
export function kubeProxyIpvsWarnings(plan: ServicePlan, settings: Settings): Diagnostic[] {
  const nodePorts = plan.servicePorts.filter((sp) => sp.nodePort !== 0);
  if (nodePorts.length === 0 || nodePortIPs(settings.node, plan.family).length > 0) return [];
  const which = settings.node.nodePorts.kind === 'all' ? '' : ' inside --nodeport-addresses';
  return [
    diag(
      'KR0007',
      `no IPv${plan.family} node address${which} is known, so NodePort ${nodePorts[0]!.key}${nodePorts.length > 1 ? ` and ${nodePorts.length - 1} more get` : ' gets'} no virtual service`,
      COMMAND_LINE,
      "give the node's addresses with --node-ip, or its Node object and --hostname-override",
    ),
  ];
}

export function kubeProxyIpvsProgram(plan: ServicePlan, settings: Settings): NodeProgram {
  const { family } = plan;
  const node = settings.node;
  const sync = new Sync();
  const nodeIPs = nodePortIPs(node, family);
  for (const sp of plan.servicePorts) servicePort(sync, sp, settings, nodeIPs);
  // The KUBE-IPVS-IPS set holds exactly the addresses bound to kube-ipvs0.
  const bound = sync.boundAddresses();
  for (const ip of bound) sync.add('KUBE-IPVS-IPS', { kind: 'hash:ip', ip });

  const { tcpTimeout, tcpFinTimeout, udpTimeout } = settings.ipvs;
  const timeouts = tcpTimeout > 0 || tcpFinTimeout > 0 || udpTimeout > 0 ? { tcp: tcpTimeout, tcpFin: tcpFinTimeout, udp: udpTimeout } : undefined;
  return {
    title: 'kube-proxy IPVS-mode rules',
    node: node.hostname,
    family,
    parts: [
      { kind: 'host', steps: [...sysctls(settings), { kind: 'dummy-link', name: DUMMY_DEVICE }, ...bound.map((ip): HostStep => ({ kind: 'address', link: DUMMY_DEVICE, address: hostCIDR(ip) }))] },
      { kind: 'ipsets', sets: sync.sets(family) },
      {
        kind: 'ipvs',
        table: { family, services: sync.virtualServices(), timeouts, keep: settings.ipvs.excludeCIDRs.filter((c) => c.family === family) },
      },
      { kind: 'iptables', ruleset: ipvsRules(family, settings, (id) => sync.has(id), sync.outFilter) },
    ],
  };
}

/** NewProxier: the sysctls it ensures, in its order (conn_reuse_mode only on kernels 4.1 to 5.8). */
function sysctls(settings: Settings): HostStep[] {
  const steps: HostStep[] = [
    { kind: 'sysctl', key: 'net.ipv4.vs.conntrack', value: '1' },
    // IPVSConnReuseModeMinSupportedKernelVersion 4.1, IPVSConnReuseModeFixedKernelVersion 5.9 (#93297).
    { kind: 'sysctl', key: 'net.ipv4.vs.conn_reuse_mode', value: '0', kernel: { from: '4.1', below: '5.9' } },
    { kind: 'sysctl', key: 'net.ipv4.vs.expire_nodest_conn', value: '1' },
    { kind: 'sysctl', key: 'net.ipv4.vs.expire_quiescent_template', value: '1' },
    { kind: 'sysctl', key: 'net.ipv4.ip_forward', value: '1' },
  ];
  if (settings.ipvs.strictARP) {
    steps.push({ kind: 'sysctl', key: 'net.ipv4.conf.all.arp_ignore', value: '1' }, { kind: 'sysctl', key: 'net.ipv4.conf.all.arp_announce', value: '2' });
  }
  return steps;
}

/** syncEndpoint: local endpoints when only local ones may serve and there are any, else the cluster's (PR #97081). */
function realServers(sp: ServicePortPlan, onlyNodeLocal: boolean): RealServer[] {
  const eps: readonly PlannedEndpoint[] = onlyNodeLocal && sp.localEndpoints.length > 0 ? sp.localEndpoints : sp.clusterEndpoints;
  return eps.map((ep) => ({ ip: ep.ip, port: ep.port, forwarding: 'masq', weight: 1 }));
}

/** Everything one service port contributes (syncProxyRules' loop over svcPortMap). */
function servicePort(sync: Sync, sp: ServicePortPlan, settings: Settings, nodeIPs: readonly IP[]): void {
  const { protocol, port } = sp;
  const scheduler = sp.ipvsScheduler?.scheduler ?? settings.ipvs.scheduler;
  // FlagSourceHash (mh-port) for mh; the annotation's flags replace it.
  const flags: SchedulerFlag[] = sp.ipvsScheduler?.flags ?? (scheduler === 'mh' ? ['mh-port'] : []);
  const vs = (ip: IP, vport: number, onlyNodeLocal: boolean): VirtualService => ({
    protocol,
    ip,
    port: vport,
    scheduler,
    flags,
    persistence: sp.affinityTimeout > 0 ? sp.affinityTimeout : undefined,
    realServers: realServers(sp, onlyNodeLocal),
  });
  const isNodeAddress = (ip: IP) => settings.node.addresses.some((a) => ipEquals(a, ip));

  // Hairpin: every local endpoint, whatever its conditions.
  for (const ep of sp.endpoints) if (ep.isLocal) sync.add('KUBE-LOOP-BACK', { kind: 'hash:ip,port,ip', ip: ep.ip, protocol, port: ep.port, ip2: ep.ip });

  // The cluster IP: always bound.
  sync.add('KUBE-CLUSTER-IP', { kind: 'hash:ip,port', ip: sp.clusterIP, protocol, port });
  sync.service(vs(sp.clusterIP, port, sp.internalPolicyLocal), true);

  // External IPs and load-balancer IPs: bound unless the node has the address on an interface.
  for (const ip of sp.externalIPs) {
    sync.add(sp.externalPolicyLocal ? 'KUBE-EXTERNAL-IP-LOCAL' : 'KUBE-EXTERNAL-IP', { kind: 'hash:ip,port', ip, protocol, port });
    sync.service(vs(ip, port, sp.externalPolicyLocal), !isNodeAddress(ip));
  }
  for (const ip of sp.loadBalancerVIPs) {
    const entry: IpSetMember = { kind: 'hash:ip,port', ip, protocol, port };
    sync.add('KUBE-LOAD-BALANCER', entry);
    if (sp.externalPolicyLocal) sync.add('KUBE-LOAD-BALANCER-LOCAL', entry);
    if (sp.sourceRanges.length > 0) {
      sync.add('KUBE-LOAD-BALANCER-FW', entry);
      for (const cidr of sp.sourceRanges) sync.add('KUBE-LOAD-BALANCER-SOURCE-CIDR', { kind: 'hash:ip,port,net', ip, protocol, port, cidr });
      // Traffic from the node itself comes from the LB IP: allowed when a range holds the node IP,
      // else dropped on the way out (KUBE-IPVS-OUT-FILTER, #119656).
      if (sp.sourceRanges.some((c) => cidrContains(c, settings.node.nodeIP))) {
        sync.add('KUBE-LOAD-BALANCER-SOURCE-IP', { kind: 'hash:ip,port,ip', ip, protocol, port, ip2: ip });
      } else sync.outFilter.push({ ip, protocol, port });
    }
    sync.service(vs(ip, port, sp.externalPolicyLocal), !isNodeAddress(ip));
  }

  if (sp.nodePort !== 0) {
    // No node IP: the NodePort part is skipped, and with it the rest of this service port.
    if (nodeIPs.length === 0) return;
    const entries: IpSetMember[] =
      protocol === 'sctp' ? nodeIPs.map((ip) => ({ kind: 'hash:ip,port', ip, protocol, port: sp.nodePort })) : [{ kind: 'bitmap:port', port: sp.nodePort }];
    const sets = NODE_PORT_SETS[protocol];
    for (const e of entries) sync.add(sets.all, e);
    if (sp.externalPolicyLocal) for (const e of entries) sync.add(sets.local, e);
    for (const ip of nodeIPs) sync.service(vs(ip, sp.nodePort, sp.externalPolicyLocal), false);
  }

  // Health-check node port: served by kube-proxy itself; only let in (always TCP).
  if (sp.healthCheckNodePort !== 0) sync.add('KUBE-HEALTH-CHECK-NODE-PORT', { kind: 'bitmap:port', port: sp.healthCheckNodePort });
}

const NODE_PORT_SETS = {
  tcp: { all: 'KUBE-NODE-PORT-TCP', local: 'KUBE-NODE-PORT-LOCAL-TCP' },
  udp: { all: 'KUBE-NODE-PORT-UDP', local: 'KUBE-NODE-PORT-LOCAL-UDP' },
  sctp: { all: 'KUBE-NODE-PORT-SCTP-HASH', local: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH' },
} as const satisfies Record<string, { all: SetId; local: SetId }>;
