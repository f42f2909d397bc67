// Where NodePorts answer (pkg/proxy/util/nodeport_addresses.go, NewNodePortAddresses): the node
// addresses inside --nodeport-addresses, or every local address; and whether that includes IPv4
// loopback (which localhost NodePorts need).
import { cidrContains, LOOPBACK_NET, parseCIDR, type CIDR } from '../../net/cidr.js';
import { ipEquals, isLoopback, LOOPBACK, type IP } from '../../net/ip.js';
import type { NodePortDestinations } from '../settings.js';
import type { ResolvedNode } from './node.js';
import type { Config, Flags } from './resolver.js';

export function resolveNodePortAddresses(flags: Flags, cfg: Config, node: ResolvedNode): { nodePorts: NodePortDestinations; containsIPv4Loopback: boolean } {
  // A lone "primary" stands for the node's primary IPs (the CLI and the config check refuse it
  // next to CIDRs: validation.go, validateKubeProxyNodePortAddress).
  const fromConfig = cfg.nodePortAddresses ?? [];
  const given = flags.nodeportAddresses ?? (fromConfig.length === 1 && fromConfig[0] === 'primary' ? 'primary' : fromConfig.flatMap((t) => parseCIDR(t)?.cidr ?? []));
  const primary = given === 'primary';
  const cidrs: CIDR[] = given === 'primary' ? [] : given;
  const { family, nodeIP } = node;
  // Only the family's CIDRs count; a zero CIDR means all addresses.
  let familyCIDRs = cidrs.filter((c) => c.family === family);
  if (familyCIDRs.some((c) => c.prefix === 0)) familyCIDRs = [];
  let containsIPv4Loopback = familyCIDRs.some((c) => c.family === 4 && (cidrContains(LOOPBACK_NET[4], c.ip) || cidrContains(c, LOOPBACK_NET[4].ip)));
  const ips: IP[] = [];
  for (const ip of [LOOPBACK[family], ...node.nodeIPs.filter((x) => x.family === family)]) {
    if (familyCIDRs.some((c) => cidrContains(c, ip)) && !ips.some((x) => ipEquals(x, ip))) ips.push(ip);
  }
  // server.go resolves "primary" to <node IP>/32 and /128 for the node IPs that are not
  // loopback: a family whose node IP is unknown gets no CIDR, and so matches every address.
  const primaryIP = primary && !isLoopback(nodeIP) ? nodeIP : undefined;
  if (primaryIP && !ips.some((x) => ipEquals(x, primaryIP))) ips.push(primaryIP);
  if (familyCIDRs.length > 0 || primaryIP) return { nodePorts: { kind: 'addresses', ips }, containsIPv4Loopback };
  if (family === 4) containsIPv4Loopback = true; // every address, 127.0.0.1 included
  return { nodePorts: { kind: 'all' }, containsIPv4Loopback };
}
