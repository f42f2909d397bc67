// The setting flags' text, parsed once, at the edge: commander hands over strings, and this turns
// them into the typed values config/resolve/ combines with the configuration file. A bad value is
// a usage error (KR0001) naming the flag.
import { dns1123Subdomain, interfaceName } from '../check/validators.js';
import type { JobFlags } from '../config/job.js';
import type { Flags } from '../config/resolve/index.js';
import { DETECT_LOCAL_MODES, type DetectLocalMode } from '../config/settings.js';
import { COMMAND_LINE, diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseCIDR, type CIDR } from '../net/cidr.js';
import { parseIP, type IP } from '../net/ip.js';
import { SCHEDULERS, type Scheduler } from '../ir/ipvs.js';
import { ipvsTimeoutError, parseGoDuration, wholeSeconds } from '../check/duration.js';

/** The flags as commander gives them: strings, and booleans for the boolean flags. */
export interface RawFlags extends JobFlags {
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
  ipset?: boolean;
  policyMarkBit?: string;
  policyDeny?: string;
  ipvsScheduler?: string;
  ipvsStrictArp?: boolean;
  ipvsExcludeCidrs?: string;
  serviceCidrs?: string;
  ipvsTcpTimeout?: string;
  ipvsTcpfinTimeout?: string;
  ipvsUdpTimeout?: string;
}

export type TypedFlags = Flags & JobFlags;

export function parseFlags(raw: RawFlags): { flags: TypedFlags; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const error = (flag: string, message: string, hint?: string): undefined => {
    diagnostics.push(diag('KR0001', `--${flag}: ${message}`, COMMAND_LINE, hint));
    return undefined;
  };
  const list = (text: string) => text.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const cidrs = (flag: string, text: string): CIDR[] =>
    list(text).flatMap((part) => {
      const p = parseCIDR(part);
      return p ? [p.cidr] : (error(flag, `${JSON.stringify(part)} is not a CIDR`) ?? []);
    });
  const ips = (flag: string, text: string): IP[] =>
    text.split(',').flatMap((part) => {
      const p = parseIP(part.trim());
      return p ? [p.ip] : (error(flag, `${JSON.stringify(part)} is not an IP address`) ?? []);
    });
  const bit = (flag: string, text: string): number | undefined =>
    /^\d+$/.test(text) && Number(text) <= 31 ? Number(text) : error(flag, `${text} is not a number between 0 and 31`);
  const oneOf = <T extends string>(flag: string, text: string, allowed: readonly T[]): T | undefined =>
    (allowed as readonly string[]).includes(text) ? (text as T) : error(flag, `${JSON.stringify(text)} is not one of ${allowed.join(', ')}`);

  const flags: TypedFlags = {};
  const { mode, backend, outputFormat } = raw;
  if (mode !== undefined) flags.mode = mode;
  if (backend !== undefined) flags.backend = backend;
  if (outputFormat !== undefined) flags.outputFormat = outputFormat;
  for (const k of ['masqueradeAll', 'iptablesLocalhostNodeports', 'randomFully', 'nfacct', 'conntrackTcpBeLiberal', 'ipset', 'ipvsStrictArp'] as const) {
    if (raw[k] !== undefined) flags[k] = raw[k];
  }
  if (raw.ipFamily !== undefined) {
    const f = raw.ipFamily === 'ipv4' ? 4 : raw.ipFamily === 'ipv6' ? 6 : error('ip-family', `${JSON.stringify(raw.ipFamily)} is not ipv4 or ipv6`);
    if (f) flags.ipFamily = f;
  }
  if (raw.hostnameOverride !== undefined) {
    // kube-proxy trims and lower-cases --hostname-override.
    const name = raw.hostnameOverride.trim().toLowerCase();
    const e = name === '' ? undefined : dns1123Subdomain(name);
    if (e) error('hostname-override', `${JSON.stringify(name)} ${e}`);
    else flags.hostnameOverride = name;
  }
  if (raw.nodeIp !== undefined) flags.nodeIp = ips('node-ip', raw.nodeIp);
  if (raw.clusterCidr !== undefined) {
    const c = cidrs('cluster-cidr', raw.clusterCidr);
    if (c.length > 2 || (c.length === 2 && c[0]!.family === c[1]!.family)) error('cluster-cidr', 'give one CIDR, or one IPv4 and one IPv6 CIDR');
    flags.clusterCidr = c;
  }
  if (raw.podCidr !== undefined) flags.podCidr = cidrs('pod-cidr', raw.podCidr);
  if (raw.detectLocalMode !== undefined) {
    const m = oneOf<DetectLocalMode>('detect-local-mode', raw.detectLocalMode, DETECT_LOCAL_MODES);
    if (m) flags.detectLocalMode = m;
  }
  for (const [k, flag, what] of [
    ['podBridgeInterface', 'pod-bridge-interface', 'BridgeInterface mode needs a bridge name'],
    ['podInterfaceNamePrefix', 'pod-interface-name-prefix', 'InterfaceNamePrefix mode needs a prefix'],
  ] as const) {
    const v = raw[k];
    if (v === undefined) continue;
    const e = interfaceName(v);
    if (e) error(flag, `${what}: ${e}`);
    else flags[k] = v;
  }
  if (raw.iptablesMasqueradeBit !== undefined) {
    const b = bit('iptables-masquerade-bit', raw.iptablesMasqueradeBit);
    if (b !== undefined) flags.iptablesMasqueradeBit = b;
  }
  if (raw.nodeportAddresses !== undefined) {
    const texts = list(raw.nodeportAddresses);
    // A lone "primary" stands for the node's primary IPs; next to anything else it is refused
    // (validation.go, validateKubeProxyNodePortAddress: "can't use both 'primary' and CIDRs").
    if (texts.length === 1 && texts[0] === 'primary') flags.nodeportAddresses = 'primary';
    else {
      if (texts.includes('primary')) error('nodeport-addresses', `can't use both "primary" and CIDRs`);
      flags.nodeportAddresses = texts.flatMap((t) => {
        if (t === 'primary') return [];
        const p = parseCIDR(t);
        return p ? [p.cidr] : (error('nodeport-addresses', `${JSON.stringify(t)} is not a CIDR or "primary"`) ?? []);
      });
    }
  }
  if (raw.policyMarkBit !== undefined) {
    const b = bit('policy-mark-bit', raw.policyMarkBit);
    if (b !== undefined) flags.policyMarkBit = b;
  }
  if (raw.policyDeny !== undefined) {
    const d = oneOf('policy-deny', raw.policyDeny, ['REJECT', 'DROP'] as const);
    if (d) flags.policyDeny = d;
  }
  if (raw.ipvsScheduler !== undefined) {
    // proxier.go: an empty scheduler is rr.
    const s = raw.ipvsScheduler === '' ? 'rr' : oneOf<Scheduler>('ipvs-scheduler', raw.ipvsScheduler, SCHEDULERS);
    if (s) flags.ipvsScheduler = s;
  }
  if (raw.ipvsExcludeCidrs !== undefined) flags.ipvsExcludeCidrs = cidrs('ipvs-exclude-cidrs', raw.ipvsExcludeCidrs);
  if (raw.serviceCidrs !== undefined) flags.serviceCidrs = cidrs('service-cidrs', raw.serviceCidrs);
  for (const [k, flag] of [
    ['ipvsTcpTimeout', 'ipvs-tcp-timeout'],
    ['ipvsTcpfinTimeout', 'ipvs-tcpfin-timeout'],
    ['ipvsUdpTimeout', 'ipvs-udp-timeout'],
  ] as const) {
    const text = raw[k];
    if (text === undefined) continue;
    const e = ipvsTimeoutError(text);
    if (e) error(flag, e);
    else flags[k] = wholeSeconds(parseGoDuration(text)!);
  }
  return { flags, diagnostics };
}
