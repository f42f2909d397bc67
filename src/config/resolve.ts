// Settings resolution: defaults < KubeProxyConfiguration < flags, plus what a Node object in the
// input tells about the node kube-proxy runs on (its IPs and pod CIDRs) when no flag does.
import type { Checked } from '../check/index.js';
import type { KubeProxyConfigurationObject } from '../check/k8s-types.js';
import { interfaceName, dns1123Subdomain } from '../check/validators.js';
import type { Code } from '../diagnostics/codes.js';
import { COMMAND_LINE, diag, hasErrors, type Diagnostic, type Location } from '../diagnostics/diagnostic.js';
import type { Cluster } from '../model/types.js';
import { cidrContains, formatCIDR, parseCIDR, type CIDR } from '../net/cidr.js';
import { ipEquals, isLoopback, parseIP, type IP, type IPFamily } from '../net/ip.js';
import {
  DETECT_LOCAL_MODES,
  type DetectLocalMode,
  type LocalDetector,
  type NodePortDestinations,
  type Settings,
} from './settings.js';

/** Flag values as the CLI received them (strings; undefined when not given). */
export interface Flags {
  ipFamily?: string;
  hostnameOverride?: string;
  nodeIp?: string;
  clusterCidr?: string;
  detectLocalMode?: string;
  podCidr?: string;
  podBridgeInterface?: string;
  podInterfaceNamePrefix?: string;
  masqueradeAll?: boolean;
  iptablesMasqueradeBit?: string;
  nodeportAddresses?: string;
  iptablesLocalhostNodeports?: boolean;
  randomFully?: boolean;
  nfacct?: boolean;
  conntrackTcpBeLiberal?: boolean;
  ipvsScheduler?: string;
  ipvsStrictArp?: string | boolean;
  ipset?: boolean;
  policyMarkBit?: string;
  policyDeny?: string;
}

export const DEFAULT_MASQUERADE_BIT = 14;

const LOOPBACK4 = parseIP('127.0.0.1')!.ip;
const LOOPBACK6 = parseIP('::1')!.ip;

class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly config: Checked<KubeProxyConfigurationObject> | undefined) {}

  flagError(flag: string, message: string, hint?: string): undefined {
    this.diagnostics.push(diag('KR0001', `--${flag}: ${message}`, COMMAND_LINE, hint));
    return undefined;
  }

  configLoc(path: (string | number)[]): Location {
    return this.config ? this.config.raw.loc.value(path) : COMMAND_LINE;
  }

  warn(code: Code, message: string, at: Location, hint?: string): void {
    this.diagnostics.push(diag(code, message, at, hint));
  }

  configError(path: (string | number)[], message: string): undefined {
    this.diagnostics.push(diag('KR0003', `KubeProxyConfiguration: ${message}`, this.configLoc(path)));
    return undefined;
  }

  oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T | undefined {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.flagError(flag, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  }

  bool(flag: string, value: string | boolean | undefined): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.flagError(flag, `${JSON.stringify(value)} is not true or false`);
  }

  ips(flag: string, value: string): IP[] {
    const out: IP[] = [];
    for (const part of value.split(',')) {
      const p = parseIP(part.trim());
      if (!p) this.flagError(flag, `${JSON.stringify(part)} is not an IP address`);
      else out.push(p.ip);
    }
    return out;
  }

  cidrs(flag: string, value: string, configPath?: (string | number)[]): CIDR[] {
    const out: CIDR[] = [];
    for (const part of value.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
      const p = parseCIDR(part);
      if (!p) {
        if (configPath) this.configError(configPath, `${JSON.stringify(part)} is not a CIDR`);
        else this.flagError(flag, `${JSON.stringify(part)} is not a CIDR`);
      } else out.push(p.cidr);
    }
    return out;
  }
}

export function resolveSettings(
  flags: Flags,
  configObj: Checked<KubeProxyConfigurationObject> | undefined,
  cluster: Cluster,
): { settings: Settings | undefined; diagnostics: Diagnostic[] } {
  const r = new Resolver(configObj);
  const cfg = configObj?.obj ?? {};

  const familyName = flags.ipFamily ?? 'ipv4';
  const family: IPFamily | undefined = familyName === 'ipv4' ? 4 : familyName === 'ipv6' ? 6 : r.flagError('ip-family', `${JSON.stringify(familyName)} is not ipv4 or ipv6`);

  // Node name: kube-proxy trims and lower-cases --hostname-override.
  const hostname = (flags.hostnameOverride ?? cfg.hostnameOverride ?? '').trim().toLowerCase();
  if (flags.hostnameOverride !== undefined && hostname !== '') {
    const e = dns1123Subdomain(hostname);
    if (e) r.flagError('hostname-override', `${JSON.stringify(hostname)} ${e}`);
  }
  const node = hostname === '' ? undefined : cluster.nodes.find((n) => n.name === hostname);

  // Node addresses: --node-ip (comma-separated; the first of each family is the primary),
  // else bindAddress, else the Node object's InternalIPs then ExternalIPs.
  let nodeIPs: IP[] = [];
  if (flags.nodeIp !== undefined) nodeIPs = r.ips('node-ip', flags.nodeIp);
  else if (cfg.bindAddress) {
    const b = parseIP(cfg.bindAddress)?.ip;
    if (b && !b.bytes.every((x) => x === 0)) nodeIPs = [b];
  }
  if (node) {
    for (const ip of [...node.internalIPs, ...node.externalIPs]) {
      if (!nodeIPs.some((x) => ipEquals(x, ip))) nodeIPs.push(ip);
    }
  }
  // kube-proxy's node IP for the family (cmd/kube-proxy/app/server.go, detectNodeIPs): the Node
  // object's IP of that family, replaced by bindAddress for its family; a family left without one
  // is 127.0.0.1 or ::1 ("can't determine this node's IP, assuming loopback").
  const knownNodeIP = family ? nodeIPs.find((ip) => ip.family === family) : undefined;
  const nodeIP = knownNodeIP ?? (family === 6 ? LOOPBACK6 : LOOPBACK4);

  // Local traffic detector.
  const clusterCIDRs = flags.clusterCidr !== undefined ? r.cidrs('cluster-cidr', flags.clusterCidr) : r.cidrs('', cfg.clusterCIDR ?? '', ['clusterCIDR']);
  if (clusterCIDRs.length > 2 || (clusterCIDRs.length === 2 && clusterCIDRs[0]!.family === clusterCIDRs[1]!.family)) {
    r.flagError('cluster-cidr', 'give one CIDR, or one IPv4 and one IPv6 CIDR');
  }
  const podCIDRs = flags.podCidr !== undefined ? r.cidrs('pod-cidr', flags.podCidr) : (node?.podCIDRs ?? []);
  const modeText = flags.detectLocalMode ?? (cfg.detectLocalMode || 'ClusterCIDR');
  const detectMode = r.oneOf<DetectLocalMode>('detect-local-mode', modeText, DETECT_LOCAL_MODES);
  let localDetector: LocalDetector | undefined;
  if (detectMode && family) {
    switch (detectMode) {
      case 'ClusterCIDR': {
        const c = clusterCIDRs.find((x) => x.family === family);
        if (c) localDetector = { kind: 'cidr', cidr: c };
        break;
      }
      case 'NodeCIDR': {
        // kube-proxy waits for the Node to have spec.podCIDRs and does not start without any
        // (NodeManager / waitForPodCIDR). A family without one gets a no-op detector
        // (cmd/kube-proxy/app/server_linux.go, getLocalDetectors): the rules are written
        // without local-traffic detection.
        const c = podCIDRs.find((x) => x.family === family);
        const name = family === 4 ? 'IPv4' : 'IPv6';
        if (c) localDetector = { kind: 'cidr', cidr: c };
        else if (podCIDRs.length === 0) {
          r.flagError(
            'detect-local-mode',
            "NodeCIDR needs the node's pod CIDRs: kube-proxy does not start without them",
            'give --pod-cidr, or a Node object named by --hostname-override with spec.podCIDRs',
          );
        } else {
          r.warn(
            'KR0005',
            `--detect-local-mode NodeCIDR: the node has no ${name} pod CIDR (${podCIDRs.map(formatCIDR).join(', ')} only), so kube-proxy has no local-traffic detector for ${name}`,
            flags.detectLocalMode !== undefined ? COMMAND_LINE : r.configLoc(['detectLocalMode']),
            'without one, cluster-IP traffic from outside the pod network is not masqueraded, and eTP=Local services do not short-circuit pod traffic',
          );
        }
        break;
      }
      case 'BridgeInterface': {
        const name = flags.podBridgeInterface ?? cfg.detectLocal?.bridgeInterface ?? '';
        const e = interfaceName(name);
        if (e) r.flagError('pod-bridge-interface', `BridgeInterface mode needs a bridge name: ${e}`);
        else localDetector = { kind: 'bridge', interface: name };
        break;
      }
      case 'InterfaceNamePrefix': {
        const name = flags.podInterfaceNamePrefix ?? cfg.detectLocal?.interfaceNamePrefix ?? '';
        const e = interfaceName(name);
        if (e) r.flagError('pod-interface-name-prefix', `InterfaceNamePrefix mode needs a prefix: ${e}`);
        else localDetector = { kind: 'prefix', prefix: name };
        break;
      }
    }
  }

  const masqueradeAll = r.bool('masquerade-all', flags.masqueradeAll) ?? cfg.iptables?.masqueradeAll ?? false;
  let masqueradeBit = cfg.iptables?.masqueradeBit ?? DEFAULT_MASQUERADE_BIT;
  if (flags.iptablesMasqueradeBit !== undefined) {
    const n = Number(flags.iptablesMasqueradeBit);
    if (!/^\d+$/.test(flags.iptablesMasqueradeBit) || n > 31) r.flagError('iptables-masquerade-bit', `${flags.iptablesMasqueradeBit} is not a number between 0 and 31`);
    else masqueradeBit = n;
  }

  // NodePort addresses (pkg/proxy/util/nodeport_addresses.go): the family's CIDRs; none means all.
  const npaTexts =
    flags.nodeportAddresses !== undefined
      ? flags.nodeportAddresses.split(',').map((x) => x.trim()).filter((x) => x !== '')
      : (cfg.nodePortAddresses ?? []);
  // A lone "primary" stands for the node's primary IPs; next to anything else it is refused
  // (validation.go, validateKubeProxyNodePortAddress: "can't use both 'primary' and CIDRs").
  const primary = npaTexts.length === 1 && npaTexts[0] === 'primary';
  if (!primary && npaTexts.includes('primary') && flags.nodeportAddresses !== undefined) {
    r.flagError('nodeport-addresses', `can't use both "primary" and CIDRs`);
  }
  const npaCIDRs: CIDR[] = [];
  for (const text of npaTexts) {
    if (text === 'primary') continue;
    const p = parseCIDR(text);
    if (!p) {
      if (flags.nodeportAddresses !== undefined) r.flagError('nodeport-addresses', `${JSON.stringify(text)} is not a CIDR or "primary"`);
      continue;
    }
    npaCIDRs.push(p.cidr);
  }
  // As NewNodePortAddresses: only the family's CIDRs count; a zero CIDR means all addresses.
  const loopbackNet = parseCIDR('127.0.0.0/8')!.cidr;
  let containsIPv4Loopback = false;
  let nodePorts: NodePortDestinations = { kind: 'all' };
  if (family) {
    let familyCIDRs = npaCIDRs.filter((c) => c.family === family);
    if (familyCIDRs.some((c) => c.prefix === 0)) familyCIDRs = [];
    containsIPv4Loopback = familyCIDRs.some(
      (c) => c.family === 4 && (cidrContains(loopbackNet, c.ip) || cidrContains(c, loopbackNet.ip)),
    );
    const loopback = parseIP(family === 4 ? '127.0.0.1' : '::1')!.ip;
    const candidates = [loopback, ...nodeIPs.filter((ip) => ip.family === family)];
    const ips: IP[] = [];
    for (const ip of candidates) {
      if (familyCIDRs.some((c) => cidrContains(c, ip)) && !ips.some((x) => ipEquals(x, ip))) ips.push(ip);
    }
    // server.go resolves "primary" to <node IP>/32 and /128 for the node IPs that are not
    // loopback: a family whose node IP is unknown gets no CIDR, and so matches every address.
    const primaryIP = primary && !isLoopback(nodeIP) ? nodeIP : undefined;
    if (primaryIP && !ips.some((x) => ipEquals(x, primaryIP))) ips.push(primaryIP);
    if (familyCIDRs.length > 0 || primaryIP) nodePorts = { kind: 'addresses', ips };
    else if (family === 4) containsIPv4Loopback = true; // 0.0.0.0/0 includes loopback
  }
  let localhostNodePorts = r.bool('iptables-localhost-nodeports', flags.iptablesLocalhostNodeports) ?? cfg.iptables?.localhostNodePorts ?? true;
  if (!containsIPv4Loopback) localhostNodePorts = false;

  const conntrackTcpBeLiberal = r.bool('conntrack-tcp-be-liberal', flags.conntrackTcpBeLiberal) ?? cfg.conntrack?.tcpBeLiberal ?? false;

  let policyMarkBit = 16;
  if (flags.policyMarkBit !== undefined) {
    const n = Number(flags.policyMarkBit);
    if (!/^\d+$/.test(flags.policyMarkBit) || n > 31) r.flagError('policy-mark-bit', `${flags.policyMarkBit} is not a number between 0 and 31`);
    else if (n === masqueradeBit) r.flagError('policy-mark-bit', `bit ${n} is kube-proxy's masquerade bit`);
    else policyMarkBit = n;
  }
  const policyDeny = flags.policyDeny === undefined ? 'REJECT' : r.oneOf('policy-deny', flags.policyDeny, ['REJECT', 'DROP'] as const);
  if (hasErrors(r.diagnostics) || !family || !policyDeny) return { settings: undefined, diagnostics: r.diagnostics };
  return {
    settings: {
      node: { family, hostname, nodeIP, localDetector, nodePorts, conntrackTcpBeLiberal, nfacct: flags.nfacct ?? false },
      iptables: { masqueradeAll, masqueradeBit, localhostNodePorts, randomFully: flags.randomFully ?? true },
      ipvs: {
        scheduler: flags.ipvsScheduler ?? cfg.ipvs?.scheduler ?? 'rr',
        strictARP: r.bool('ipvs-strict-arp', flags.ipvsStrictArp) ?? cfg.ipvs?.strictARP ?? false,
        excludeCIDRs: (cfg.ipvs?.excludeCIDRs ?? []).map((c) => parseCIDR(c)!.cidr),
        tcpTimeout: cfg.ipvs?.tcpTimeout ?? '0s',
        tcpFinTimeout: cfg.ipvs?.tcpFinTimeout ?? '0s',
        udpTimeout: cfg.ipvs?.udpTimeout ?? '0s',
      },
      policy: { ipset: flags.ipset ?? false, markBit: policyMarkBit, deny: policyDeny },
    },
    diagnostics: r.diagnostics,
  };
}

