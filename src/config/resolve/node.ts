// The node kube-proxy runs on: its name, its IP family, its addresses and its node IP.
import type { Cluster, Node } from '../../model/types.js';
import { ipEquals, LOOPBACK, parseIP, type IP, type IPFamily } from '../../net/ip.js';
import type { Config, Flags } from './resolver.js';

export interface ResolvedNode {
  family: IPFamily;
  hostname: string;
  /** The Node object of that name in the input, if any. */
  node: Node | undefined;
  /** Every known address of the node, flags first. */
  nodeIPs: IP[];
  nodeIP: IP;
}

export function resolveNode(flags: Flags, cfg: Config, cluster: Cluster): ResolvedNode {
  const family: IPFamily = flags.ipFamily ?? 4;
  // Node name: kube-proxy trims and lower-cases --hostname-override (the CLI did, for the flag).
  const hostname = flags.hostnameOverride ?? (cfg.hostnameOverride ?? '').trim().toLowerCase();
  const node = hostname === '' ? undefined : cluster.nodes.find((n) => n.name === hostname);

  // Node addresses: --node-ip (comma-separated; the first of each family is the primary),
  // else bindAddress, else the Node object's InternalIPs then ExternalIPs.
  let nodeIPs: IP[] = [];
  if (flags.nodeIp !== undefined) nodeIPs = [...flags.nodeIp];
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
  const nodeIP = nodeIPs.find((ip) => ip.family === family) ?? LOOPBACK[family];
  return { family, hostname, node, nodeIPs, nodeIP };
}
