// Names of kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go): its table, the fixed
// chains, sets and maps, and the per-service objects, named `<prefix><hash>-<ns>/<svc>/<proto>/<port>`
// (servicePortChainNameBase, servicePortEndpointChainNameBase, hashAndTruncate).
import { formatIP } from '../../net/ip.js';
import { sha256Base32 } from '../../net/hash.js';
import type { PlannedEndpoint, ServicePortPlan } from '../../plan/services/index.js';

export const TABLE = 'kube-proxy';
export const TABLE_COMMENT = 'rules for kube-proxy';

export const FILTER_PREROUTING_PRE_DNAT = 'filter-prerouting-pre-dnat';
export const FILTER_OUTPUT_PRE_DNAT = 'filter-output-pre-dnat';
export const FILTER_INPUT = 'filter-input';
export const FILTER_FORWARD = 'filter-forward';
export const FILTER_OUTPUT = 'filter-output';
export const NAT_PREROUTING = 'nat-prerouting';
export const NAT_OUTPUT = 'nat-output';
export const NAT_POSTROUTING = 'nat-postrouting';

export const SERVICES = 'services';
export const SERVICE_IPS = 'service-ips';
export const SERVICE_NODEPORTS = 'service-nodeports';
export const NODEPORT_IPS = 'nodeport-ips';
export const CLUSTER_IPS = 'cluster-ips';
export const SERVICE_ENDPOINTS_CHECK = 'service-endpoints-check';
export const NODEPORT_ENDPOINTS_CHECK = 'nodeport-endpoints-check';
export const NO_ENDPOINT_SERVICES = 'no-endpoint-services';
export const NO_ENDPOINT_NODEPORTS = 'no-endpoint-nodeports';
export const REJECT_CHAIN = 'reject-chain';
export const CLUSTER_IPS_CHECK = 'cluster-ips-check';
export const FIREWALL_IPS = 'firewall-ips';
export const FIREWALL_CHECK = 'firewall-check';
export const MARK_MASQ = 'mark-for-masquerade';
export const MASQUERADING = 'masquerading';

/** knftables.NameLengthMax (256) less the longest prefix with its hyphen (16). */
const NAME_BASE_MAX = 240;

/** hashAndTruncate: the first 8 base32 characters of SHA-256(name), a hyphen, the name; cut with "..." past 240. */
function hashAndTruncate(name: string): string {
  const out = `${sha256Base32(name, 8)}-${name}`;
  return out.length > NAME_BASE_MAX ? out.slice(0, NAME_BASE_MAX - 3) + '...' : out;
}

export interface ServicePortNames {
  service: string;
  local: string;
  external: string;
  firewall: string;
}

export function servicePortNames(sp: ServicePortPlan): ServicePortNames {
  const base = hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}`);
  return { service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` };
}

export interface EndpointNames {
  chain: string;
  affinity: string;
}

/** `endpoint-HASH-ns/svc/proto/port__IP/PORT` (IPv6 colons as dots) and its `affinity-` set. */
export function endpointNames(sp: ServicePortPlan, ep: PlannedEndpoint): EndpointNames {
  const ip = formatIP(ep.ip).replaceAll(':', '.');
  const base = hashAndTruncate(`${sp.namespace}/${sp.name}/${sp.protocol}/${sp.portName}__${ip}/${ep.port}`);
  return { chain: `endpoint-${base}`, affinity: `affinity-${base}` };
}

/**
 * What a reload owns in its table: the per-service chains (their names hold a `/`,
 * isServiceChainName) and the affinity sets (isAffinitySetName). The script deletes those the
 * program no longer has; the fixed objects are in every program.
 */
export const OWNED = { table: TABLE, chainMark: '/', setPrefix: 'affinity-' } as const;
