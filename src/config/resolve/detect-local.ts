// The local traffic detector: how pod traffic is told apart from other traffic
// (pkg/proxy/util/localdetector.go; cmd/kube-proxy/app/server_linux.go, getLocalDetectors).
import { interfaceName } from '../../check/validators.js';
import { COMMAND_LINE } from '../../diagnostics/diagnostic.js';
import { formatCIDR } from '../../net/cidr.js';
import { DETECT_LOCAL_MODES, type DetectLocalMode, type LocalDetector } from '../settings.js';
import type { ResolvedNode } from './node.js';
import type { Config, Flags, Resolver } from './resolver.js';

export function resolveLocalDetector(r: Resolver, flags: Flags, cfg: Config, node: ResolvedNode): LocalDetector | undefined {
  const clusterCIDRs = flags.clusterCidr ?? r.configCIDRs(['clusterCIDR'], cfg.clusterCIDR ?? '');
  const podCIDRs = flags.podCidr ?? node.node?.podCIDRs ?? [];
  const fromConfig = cfg.detectLocalMode || 'ClusterCIDR';
  const detectMode =
    flags.detectLocalMode ??
    ((DETECT_LOCAL_MODES as readonly string[]).includes(fromConfig)
      ? (fromConfig as DetectLocalMode)
      : r.configError(['detectLocalMode'], `detectLocalMode ${JSON.stringify(fromConfig)} is not one of ${DETECT_LOCAL_MODES.join(', ')}`));
  if (!detectMode) return undefined;
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
