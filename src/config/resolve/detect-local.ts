// The local traffic detector: how pod traffic is told apart from other traffic
// (pkg/proxy/util/localdetector.go; cmd/kube-proxy/app/server_linux.go, getLocalDetectors).
import { interfaceName } from '../../check/validators.js';
import { COMMAND_LINE } from '../../diagnostics/diagnostic.js';
import { formatCIDR } from '../../net/cidr.js';
import { DETECT_LOCAL_MODES, type DetectLocalMode, type LocalDetector } from '../settings.js';
import type { ResolvedNode } from './node.js';
import type { Config, Flags, Resolver } from './resolver.js';

export function resolveLocalDetector(r: Resolver, flags: Flags, cfg: Config, node: ResolvedNode | undefined): LocalDetector | undefined {
  const clusterCIDRs = flags.clusterCidr !== undefined ? r.cidrs('cluster-cidr', flags.clusterCidr) : r.cidrs('', cfg.clusterCIDR ?? '', ['clusterCIDR']);
  if (clusterCIDRs.length > 2 || (clusterCIDRs.length === 2 && clusterCIDRs[0]!.family === clusterCIDRs[1]!.family)) {
    r.flagError('cluster-cidr', 'give one CIDR, or one IPv4 and one IPv6 CIDR');
  }
  const podCIDRs = flags.podCidr !== undefined ? r.cidrs('pod-cidr', flags.podCidr) : (node?.node?.podCIDRs ?? []);
  const modeText = flags.detectLocalMode ?? (cfg.detectLocalMode || 'ClusterCIDR');
  const detectMode = r.oneOf<DetectLocalMode>('detect-local-mode', modeText, DETECT_LOCAL_MODES);
  if (!detectMode || !node) return undefined;
  const family = node.family;
  switch (detectMode) {
    case 'ClusterCIDR': {
      const c = clusterCIDRs.find((x) => x.family === family);
      return c ? { kind: 'cidr', cidr: c } : undefined;
    }
    case 'NodeCIDR': {
      // kube-proxy waits for the Node to have spec.podCIDRs and does not start without any
      // (NodeManager / waitForPodCIDR). A family without one gets a no-op detector
      // (cmd/kube-proxy/app/server_linux.go, getLocalDetectors): the rules are written
      // without local-traffic detection.
      const c = podCIDRs.find((x) => x.family === family);
      const name = family === 4 ? 'IPv4' : 'IPv6';
      if (c) return { kind: 'cidr', cidr: c };
      if (podCIDRs.length === 0) {
        return r.flagError(
          'detect-local-mode',
          "NodeCIDR needs the node's pod CIDRs: kube-proxy does not start without them",
          'give --pod-cidr, or a Node object named by --hostname-override with spec.podCIDRs',
        );
      }
      r.warn(
        'KR0005',
        `--detect-local-mode NodeCIDR: the node has no ${name} pod CIDR (${podCIDRs.map(formatCIDR).join(', ')} only), so kube-proxy has no local-traffic detector for ${name}`,
        flags.detectLocalMode !== undefined ? COMMAND_LINE : r.configLoc(['detectLocalMode']),
        'without one, cluster-IP traffic from outside the pod network is not masqueraded, and eTP=Local services do not short-circuit pod traffic',
      );
      return undefined;
    }
    case 'BridgeInterface': {
      const name = flags.podBridgeInterface ?? cfg.detectLocal?.bridgeInterface ?? '';
      const e = interfaceName(name);
      return e ? r.flagError('pod-bridge-interface', `BridgeInterface mode needs a bridge name: ${e}`) : { kind: 'bridge', interface: name };
    }
    case 'InterfaceNamePrefix': {
      const name = flags.podInterfaceNamePrefix ?? cfg.detectLocal?.interfaceNamePrefix ?? '';
      const e = interfaceName(name);
      return e ? r.flagError('pod-interface-name-prefix', `InterfaceNamePrefix mode needs a prefix: ${e}`) : { kind: 'prefix', prefix: name };
    }
  }
}
