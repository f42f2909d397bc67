// Where NodePorts answer (pkg/proxy/util/nodeport_addresses.go, NewNodePortAddresses): the node
// addresses inside --nodeport-addresses, or every local address; and whether that includes IPv4
// loopback (which localhost NodePorts need).
import { cidrContains, LOOPBACK_NET, parseCIDR, type CIDR } from '../../net/cidr.js';
import { ipEquals, isLoopback, LOOPBACK, type IP } from '../../net/ip.js';
import type { NodePortDestinations } from '../settings.js';
import type { ResolvedNode } from './node.js';
import type { Config, Flags, Resolver } from './resolver.js';

export function resolveNodePortAddresses(
  r: Resolver,
  flags: Flags,
  cfg: Config,
  node: ResolvedNode | undefined,
): { nodePorts: NodePortDestinations; containsIPv4Loopback: boolean } {
  const texts =
    flags.nodeportAddresses !== undefined ? flags.nodeportAddresses.split(',').map((x) => x.trim()).filter((x) => x !== '') : (cfg.nodePortAddresses ?? []);
  // A lone "primary" stands for the node's primary IPs; next to anything else it is refused
  // (validation.go, validateKubeProxyNodePortAddress: "can't use both 'primary' and CIDRs").
  const primary = texts.length === 1 && texts[0] === 'primary';
  if (!primary && texts.includes('primary') && flags.nodeportAddresses !== undefined) {
    r.flagError('nodeport-addresses', `can't use both "primary" and CIDRs`);
  }
  const cidrs: CIDR[] = [];
  for (const text of texts) {
    if (text === 'primary') continue;
    const p = parseCIDR(text);
    if (p) cidrs.push(p.cidr);
    else if (flags.nodeportAddresses !== undefined) r.flagError('nodeport-addresses', `${JSON.stringify(text)} is not a CIDR or "primary"`);
  }
  if (!node) return { nodePorts: { kind: 'all' }, containsIPv4Loopback: false };
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
