// The node kube-proxy runs on: its name, its IP family, its addresses and its node IP.
import { dns1123Subdomain } from '../../check/validators.js';
import type { Cluster, Node } from '../../model/types.js';
import { ipEquals, LOOPBACK, parseIP, type IP, type IPFamily } from '../../net/ip.js';
import type { Config, Flags, Resolver } from './resolver.js';

export interface ResolvedNode {
  family: IPFamily;
  hostname: string;
  /** The Node object of that name in the input, if any. */
  node: Node | undefined;
  /** Every known address of the node, flags first. */
  nodeIPs: IP[];
  nodeIP: IP;
}

export function resolveNode(r: Resolver, flags: Flags, cfg: Config, cluster: Cluster): ResolvedNode | undefined {
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
  if (!family) return undefined;
  // kube-proxy's node IP for the family (cmd/kube-proxy/app/server.go, detectNodeIPs): the Node
  // object's IP of that family, replaced by bindAddress for its family; a family left without one
  // is 127.0.0.1 or ::1 ("can't determine this node's IP, assuming loopback").
  const nodeIP = nodeIPs.find((ip) => ip.family === family) ?? LOOPBACK[family];
  return { family, hostname, node, nodeIPs, nodeIP };
}
