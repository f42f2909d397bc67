// Settings resolution: defaults < KubeProxyConfiguration < flags, plus what a Node object in the
// input tells about the node kube-proxy runs on (its IPs and pod CIDRs) when no flag does. One
// resolver per concern, each (resolver, flags, config, node) → value, reporting what is wrong.
import type { Checked } from '../../check/index.js';
import type { KubeProxyConfigurationObject } from '../../check/k8s-types.js';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Cluster } from '../../model/types.js';
import type { Settings } from '../settings.js';
import { masqueradeFlags, resolveIptables, resolveIpvs, resolveNftables, resolvePolicy } from './dataplanes.js';
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
  const node = resolveNode(r, flags, cfg, cluster);
  const localDetector = resolveLocalDetector(r, flags, cfg, node);
  const { nodePorts, containsIPv4Loopback } = resolveNodePortAddresses(r, flags, cfg, node);
  const masq = masqueradeFlags(r, flags);
  const iptables = resolveIptables(r, flags, cfg, masq, containsIPv4Loopback);
  const conntrackTcpBeLiberal = r.bool('conntrack-tcp-be-liberal', flags.conntrackTcpBeLiberal) ?? cfg.conntrack?.tcpBeLiberal ?? false;
  const ipvs = resolveIpvs(r, flags, cfg);
  const nftables = resolveNftables(cfg, masq);
  const policy = resolvePolicy(r, flags, iptables.masqueradeBit);
  if (hasErrors(r.diagnostics) || !node || !policy) return { settings: undefined, diagnostics: r.diagnostics };
  const { family, hostname, nodeIP } = node;
  return {
    settings: {
      node: { family, hostname, nodeIP, localDetector, nodePorts, conntrackTcpBeLiberal, nfacct: flags.nfacct ?? false },
      iptables,
      ipvs,
      nftables,
      policy,
    },
    diagnostics: r.diagnostics,
  };
}
