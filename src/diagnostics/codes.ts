// Every diagnostic kube-rulec can print has a stable code listed here (and in docs/diagnostics.md;
// a test keeps the two in step). Codes are never reused for a different meaning.
//
//   KR00xx  usage and settings          KR03xx  meaning of one object (API-server rules)
//   KR01xx  reading and parsing input   KR04xx  relations between objects
//   KR02xx  shape of one object (schema) KR05xx  NetworkPolicy findings
//                                        KR09xx  internal errors

export type Severity = 'error' | 'warning' | 'info';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

export const CODES = {
  KR0001: { severity: 'error', title: 'invalid command-line option value' },
  KR0002: { severity: 'error', title: 'not implemented for this mode or output format' },
  KR0003: { severity: 'error', title: 'invalid setting in a KubeProxyConfiguration' },
  KR0004: { severity: 'error', title: 'cannot write the output file' },
  KR0005: { severity: 'warning', title: 'no local-traffic detector for the compiled IP family' },
  KR0006: { severity: 'warning', title: 'IPVS mode is deprecated upstream (Kubernetes 1.35): use nftables mode' },
  KR0007: { severity: 'warning', title: 'IPVS mode: no node address for NodePort virtual services' },
  KR0008: { severity: 'error', title: 'nftables mode: a service port name too long for an nftables comment' },
  KR0009: { severity: 'warning', title: 'nftables mode: no NodePorts on localhost' },

  KR0101: { severity: 'error', title: 'cannot read input' },
  KR0102: { severity: 'error', title: 'YAML or JSON syntax error' },
  KR0103: { severity: 'error', title: 'duplicate key in a mapping' },
  KR0104: { severity: 'error', title: 'too many YAML alias expansions' },
  KR0105: { severity: 'error', title: 'input too large' },
  KR0106: { severity: 'error', title: 'document is not a Kubernetes object' },
  KR0107: { severity: 'info', title: 'object kind not used by kube-rulec (skipped)' },
  KR0108: { severity: 'warning', title: 'unsupported apiVersion for a known kind (skipped)' },
  KR0109: { severity: 'error', title: 'no input' },
  KR0110: { severity: 'warning', title: 'number with leading zeros (YAML 1.1 tools read it differently)' },
  KR0111: { severity: 'error', title: 'no Kubernetes objects in the input' },
  KR0112: { severity: 'error', title: 'nesting too deep' },

  KR0201: { severity: 'error', title: 'required field missing' },
  KR0202: { severity: 'error', title: 'field has the wrong type' },
  KR0203: { severity: 'error', title: 'value not allowed for this field' },
  KR0204: { severity: 'error', title: 'invalid object shape' },

  KR0301: { severity: 'error', title: 'invalid object name' },
  KR0302: { severity: 'error', title: 'invalid label' },
  KR0303: { severity: 'error', title: 'invalid IP address' },
  KR0304: { severity: 'error', title: 'invalid CIDR' },
  KR0305: { severity: 'warning', title: 'IPv4 address with leading zeros (read as decimal)' },
  KR0306: { severity: 'error', title: 'inconsistent cluster IPs and IP families' },
  KR0307: { severity: 'error', title: 'port number out of range' },
  KR0308: { severity: 'error', title: 'duplicate port' },
  KR0309: { severity: 'error', title: 'invalid port name' },
  KR0310: { severity: 'error', title: 'invalid session affinity timeout' },
  KR0311: { severity: 'error', title: 'EndpointSlice address does not match its addressType' },
  KR0312: { severity: 'error', title: 'invalid NetworkPolicy port range' },
  KR0313: { severity: 'error', title: 'ipBlock except is not inside its cidr' },
  KR0314: { severity: 'error', title: 'invalid NetworkPolicy peer' },
  KR0315: { severity: 'warning', title: 'nodePort outside the default range 30000-32767' },
  KR0316: { severity: 'warning', title: 'CIDR has host bits set (the network address is used)' },
  KR0317: { severity: 'error', title: 'IPv4-mapped IPv6 address' },
  KR0318: { severity: 'error', title: 'invalid label selector' },
  KR0319: { severity: 'warning', title: 'field not allowed or without effect for this service type' },
  KR0321: { severity: 'warning', title: 'IPv4-mapped IPv6 address read as IPv4' },
  KR0322: { severity: 'error', title: 'invalid IPVS scheduler annotation' },

  KR0401: { severity: 'error', title: 'duplicate object' },
  KR0402: { severity: 'warning', title: 'EndpointSlice is not attached to a Service (skipped)' },
  KR0403: { severity: 'error', title: 'more than one KubeProxyConfiguration' },
  KR0404: { severity: 'warning', title: 'EndpointSlice port ignored by kube-proxy' },
  KR0405: { severity: 'warning', title: 'Services without any EndpointSlice or Endpoints in the input' },
  KR0406: { severity: 'warning', title: 'Service without a cluster IP gets no rules' },
  KR0407: { severity: 'info', title: "object filtered out by kube-proxy's label selector (skipped)" },
  KR0408: { severity: 'info', title: 'legacy Endpoints not mirrored (skip-mirror label)' },
  KR0409: { severity: 'warning', title: 'two Services share a cluster IP, port and protocol' },
  KR0410: { severity: 'info', title: 'object that produces no rules (and why)' },

  KR0501: { severity: 'warning', title: 'NetworkPolicy selects no pod' },
  KR0502: { severity: 'warning', title: 'NetworkPolicy peer matches no pod' },
  KR0503: { severity: 'warning', title: 'named port that no pod has' },
  KR0504: { severity: 'warning', title: 'no pod runs on the node' },

  KR0900: { severity: 'error', title: 'internal error' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
