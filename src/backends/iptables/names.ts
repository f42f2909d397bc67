// Chain names of kube-proxy's iptables mode.
import { endpointHash, servicePortHash } from '../../net/hash.js';
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
  const h = servicePortHash(servicePort.key, servicePort.protocol);
  return { svc: `KUBE-SVC-${h}`, svl: `KUBE-SVL-${h}`, ext: `KUBE-EXT-${h}`, fw: `KUBE-FW-${h}` };
}

export function endpointChain(servicePort: ServicePortPlan, endpoint: string): string {
  return `KUBE-SEP-${endpointHash(servicePort.key, servicePort.protocol, endpoint)}`;
}

/** The chains a reload owns: per-service chains it deletes when the ruleset no longer has them. */
export const OWNED_CHAINS = { table: 'nat', prefixes: ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-EXT-', 'KUBE-FW-', 'KUBE-SEP-'] } as const;
