// Settings resolution: defaults < KubeProxyConfiguration < flags (typed by the CLI), plus what a
// Node object in the input tells about the node kube-proxy runs on (its IPs and pod CIDRs) when
// no flag does. One resolver per concern, each (flags, config, node) → value.
import type { Checked } from '../../check/index.js';
import type { KubeProxyConfigurationObject } from '../../check/k8s-types.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Cluster } from '../../model/types.js';
import type { Settings } from '../settings.js';
import { resolveIptables, resolveIpvs, resolveNftables, resolvePolicy } from './dataplanes.js';
import { resolveLocalDetector } from './detect-local.js';
import { resolveNode } from './node.js';
import { resolveNodePortAddresses } from './nodeport-addresses.js';
import { Resolver, type Flags } from './resolver.js';

export type { Flags } from './resolver.js';
export { DEFAULT_MASQUERADE_BIT } from './dataplanes.js';

export function resolveSettings(
  flags: Flags,
  configObj: Checked<KubeProxyConfigurationObject> | undefined,
  cluster: Cluster,
): { settings: Settings | undefined; diagnostics: Diagnostic[] } {
  const r = new Resolver(configObj);
  const cfg = configObj?.obj ?? {};
  const node = resolveNode(flags, cfg, cluster);
  const localDetector = resolveLocalDetector(r, flags, cfg, node);
  const { nodePorts, containsIPv4Loopback } = resolveNodePortAddresses(flags, cfg, node);
  const iptables = resolveIptables(flags, cfg, containsIPv4Loopback);
  const conntrackTcpBeLiberal = flags.conntrackTcpBeLiberal ?? cfg.conntrack?.tcpBeLiberal ?? false;
  const ipvs = resolveIpvs(flags, cfg);
  const nftables = resolveNftables(flags, cfg, cluster.serviceCIDRs);
  const policy = resolvePolicy(r, flags, iptables.masqueradeBit);
  if (hasErrors(r.diagnostics)) return { settings: undefined, diagnostics: r.diagnostics };
  const { family, hostname, nodeIP } = node;
  return {
    settings: {
      node: { family, hostname, nodeIP, addresses: node.nodeIPs, localDetector, nodePorts, conntrackTcpBeLiberal, nfacct: flags.nfacct ?? false },
      iptables,
      ipvs,
      nftables,
      policy,
    },
    diagnostics: r.diagnostics,
  };
}
