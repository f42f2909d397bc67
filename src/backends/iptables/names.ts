// Chain names of kube-proxy's iptables mode.
import { endpointChainName, servicePortChainNames } from '../../net/hash.js';
import type { ServicePortPlan } from '../../plan/services/index.js';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';

export interface ServiceChains {
  svc: string;
  svl: string;
  ext: string;
  fw: string;
}

export function serviceChains(servicePort: ServicePortPlan): ServiceChains {
  const [svc, svl, ext, fw] = servicePortChainNames(['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-'], servicePort.key, servicePort.protocol);
  return { svc: svc!, svl: svl!, ext: ext!, fw: fw! };
}

export function endpointChain(servicePort: ServicePortPlan, endpoint: string): string {
  return endpointChainName('KUBE-SEP-', servicePort.key, servicePort.protocol, endpoint);
}

/** The chains a reload owns: per-service chains it deletes when the ruleset no longer has them. */
export const OWNED_CHAINS = { table: 'nat', prefixes: ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-'] } as const;
