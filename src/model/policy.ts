// NetworkPolicy, normalized with the API server's defaults: protocol TCP on every port entry,
// policyTypes [Ingress] (+ Egress when egress rules exist) when omitted or empty. Omitted and
// empty rule lists both mean "no rule"; omitted and empty peer or port lists both mean "any".
import type { NetworkPolicyObject, PolicyPeerSpec, PolicyPortSpec } from '../check/k8s-types.js';
import type { Locator } from '../load/position.js';
import { parseCIDR, type CIDR } from '../net/cidr.js';
import { proto } from './protocol.js';
import { buildSelector, type Selector } from './selector.js';
import type { Locate, Protocol } from './basics.js';

export type Direction = 'ingress' | 'egress';

export type PolicyPeer =
  | { kind: 'pods'; podSelector: Selector | undefined; namespaceSelector: Selector | undefined; loc: Locate }
  | { kind: 'ipBlock'; cidr: CIDR; except: CIDR[]; loc: Locate };

export type PolicyPort =
  | { kind: 'number'; protocol: Protocol; port: number | undefined; endPort: number | undefined; loc: Locate }
  | { kind: 'named'; protocol: Protocol; name: string; loc: Locate };

export interface PolicyRule {
  index: number;
  /** undefined: any peer (from/to omitted or empty). */
  peers: PolicyPeer[] | undefined;
  /** undefined: any protocol and port (ports omitted or empty). */
  ports: PolicyPort[] | undefined;
}

export interface NetworkPolicy {
  namespace: string;
  name: string;
  podSelector: Selector;
  /** Effective policyTypes after defaulting. */
  ingress: boolean;
  egress: boolean;
  ingressRules: PolicyRule[];
  egressRules: PolicyRule[];
  loc: Locate;
  selectorLoc: Locate;
}

export function buildPolicy(o: NetworkPolicyObject, loc: Locator): NetworkPolicy {
  const spec = o.spec;
  let types = spec.policyTypes ?? [];
  if (types.length === 0) types = (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  const rules = (dir: Direction): PolicyRule[] =>
    (spec[dir] ?? []).map((r, i) => {
      const peerList = (dir === 'ingress' ? (r as { from?: PolicyPeerSpec[] | null }).from : (r as { to?: PolicyPeerSpec[] | null }).to) ?? [];
      const peerKey = dir === 'ingress' ? 'from' : 'to';
      return {
        index: i,
        peers: peerList.length === 0 ? undefined : peerList.map((p, j) => peer(p, () => loc.value(['spec', dir, i, peerKey, j]))),
        ports: (r.ports ?? []).length === 0 ? undefined : r.ports!.map((p, j) => port(p, () => loc.value(['spec', dir, i, 'ports', j]))),
      };
    });
  return {
    namespace: o.metadata.namespace ?? 'default',
    name: o.metadata.name,
    podSelector: buildSelector(spec.podSelector),
    ingress: types.includes('Ingress'),
    egress: types.includes('Egress'),
    ingressRules: types.includes('Ingress') ? rules('ingress') : [],
    egressRules: types.includes('Egress') ? rules('egress') : [],
    loc: () => loc.value(['metadata', 'name']),
    selectorLoc: () => loc.value(['spec', 'podSelector']),
  };
}

function peer(p: PolicyPeerSpec, loc: Locate): PolicyPeer {
  if (p.ipBlock) {
    return {
      kind: 'ipBlock',
      cidr: parseCIDR(p.ipBlock.cidr)!.cidr,
      except: (p.ipBlock.except ?? []).map((e) => parseCIDR(e)!.cidr),
      loc,
    };
  }
  return {
    kind: 'pods',
    podSelector: p.podSelector ? buildSelector(p.podSelector) : undefined,
    namespaceSelector: p.namespaceSelector ? buildSelector(p.namespaceSelector) : undefined,
    loc,
  };
}

function port(p: PolicyPortSpec, loc: Locate): PolicyPort {
  const protocol = proto(p.protocol);
  if (typeof p.port === 'string') return { kind: 'named', protocol, name: p.port, loc };
  return { kind: 'number', protocol, port: p.port, endPort: p.endPort, loc };
}
