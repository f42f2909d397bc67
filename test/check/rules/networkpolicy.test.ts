// src/check/rules/networkpolicy.ts: ports, peers, ipBlocks and label selectors, as
// ValidateNetworkPolicySpec / ValidateNetworkPolicyPort / ValidateNetworkPolicyPeer /
// ValidateIPBlock and the label-selector validators check them.
import { describe, expect, it } from 'vitest';
import { checkObjects } from '../../../src/check/index.js';
import { sortDiagnostics } from '../../../src/diagnostics/diagnostic.js';
import { parseSources } from '../../../src/load/parse.js';
import { at, check } from '../../helpers/check.js';

/** Every field of the diagnostics, hints included. */
function full(text: string) {
  return sortDiagnostics([...checkObjects(parseSources([{ name: 'in.yaml', text }]).objects).diagnostics]);
}

/** A NetworkPolicy shop/np with the given spec body (indented by two). */
const policy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np
  namespace: shop
spec:
${spec}`;

const P = 'NetworkPolicy shop/np: ';

describe('NetworkPolicy: valid input', () => {
  it('accepts every peer and port form the API accepts', () => {
    const t = policy(`  podSelector:
    matchLabels: {app: web, enabled: "no"}
    matchExpressions:
    - {key: tier, operator: In, values: [front, back]}
    - {key: canary, operator: DoesNotExist}
    - {key: example.com/team, operator: NotIn, values: [a]}
    - {key: zone, operator: Exists, values: []}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {}
      namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
    - ipBlock:
        cidr: 10.0.0.0/8
        except: [10.1.0.0/16, 10.2.3.4/32]
    - ipBlock: {cidr: "fd00::/48", except: ["fd00:0:0:1::/64"]}
    ports:
    - {protocol: TCP, port: 8000, endPort: 8000}
    - {protocol: UDP, port: 53, endPort: 65535}
    - {port: http}
    - {port: y}
    - {protocol: SCTP}
  egress:
  - to: [{namespaceSelector: {}}]
  - {}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.networkPolicies).toHaveLength(1);
  });
});

describe('NetworkPolicy: ports', () => {
  it('rejects endPort below port (KR0312)', () => {
    const t = policy(`  podSelector: {}\n  ingress:\n  - ports:\n    - port: 8080\n      endPort: 8079\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0312', severity: 'error', ...at(t, '8079'), message: `${P}endPort 8079 must be between port 8080 and 65535` },
    ]);
  });

  it('rejects endPort above 65535 (KR0312)', () => {
    const t = policy(`  podSelector: {}\n  egress:\n  - ports: [{port: 80, endPort: 65536}]\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0312', severity: 'error', ...at(t, '65536'), message: `${P}endPort 65536 must be between port 80 and 65535` },
    ]);
  });

  it('rejects endPort with a named port and endPort without port (KR0312)', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - ports:
    - {port: http, endPort: 90}
    - {protocol: TCP, endPort: 91}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0312', severity: 'error', ...at(t, '90'), message: `${P}endPort may only be used with a numeric port` },
      { code: 'KR0312', severity: 'error', ...at(t, '91'), message: `${P}endPort may only be used with a numeric port` },
    ]);
  });

  it('rejects port 0 (KR0307) and bad port names (KR0309)', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - ports:
    - port: 0
    - port: Http
    - port: "80"
    - port: web--api
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0307', severity: 'error', ...at(t, 'port: ^0'), message: `${P}port 0 must be between 1 and 65535` },
      {
        code: 'KR0309',
        severity: 'error',
        ...at(t, 'Http'),
        message: `${P}port name "Http" must contain only lower-case letters, digits and '-', starting and ending with a letter or digit`,
      },
      { code: 'KR0309', severity: 'error', ...at(t, '"80"'), message: `${P}port name "80" must contain at least one letter` },
      { code: 'KR0309', severity: 'error', ...at(t, 'web--api'), message: `${P}port name "web--api" must not contain consecutive '-'` },
    ]);
  });

  it('rejects a lower-case protocol in the schema (KR0203)', () => {
    const t = policy(`  podSelector: {}\n  ingress:\n  - ports: [{protocol: tcp, port: 80}]\n`);
    // toContainEqual: the schema also adds spurious "must be a null" errors (see schema.test.ts).
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0203',
      severity: 'error',
      ...at(t, 'tcp'),
      message: `${P}spec.ingress[0].ports[0].protocol is "tcp"; allowed: "TCP", "UDP", "SCTP"`,
    });
  });
});

describe('NetworkPolicy: peers (KR0314)', () => {
  it('rejects ipBlock together with podSelector, with a hint', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - from:
    - ipBlock: {cidr: 10.0.0.0/8}
      podSelector: {}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([
      { code: 'KR0314', severity: 'error', ...at(t, 'ipBlock:'), message: `${P}a peer may not combine ipBlock with podSelector or namespaceSelector` },
    ]);
    expect(full(t)[0]!.hint).toBe('write them as two peers');
  });

  it('rejects ipBlock together with namespaceSelector', () => {
    const t = policy(`  podSelector: {}\n  egress:\n  - to:\n    - {namespaceSelector: {}, ipBlock: {cidr: 10.0.0.0/8}}\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0314', severity: 'error', ...at(t, '{namespaceSelector'), message: `${P}a peer may not combine ipBlock with podSelector or namespaceSelector` },
    ]);
  });

  it('rejects an empty peer, and a peer whose selectors are null', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - from:
    - {}
    - podSelector: null
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0314', severity: 'error', ...at(t, '{}', 1), message: `${P}a peer must set podSelector, namespaceSelector or ipBlock` },
      { code: 'KR0314', severity: 'error', ...at(t, 'podSelector: null'), message: `${P}a peer must set podSelector, namespaceSelector or ipBlock` },
    ]);
  });
});

describe('NetworkPolicy: ipBlock', () => {
  it('rejects an except outside cidr, equal to cidr, or of the other family (KR0313)', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
        except:
        - 192.168.0.0/16
        - 10.0.0.0/8
        - 8.0.0.0/7
    - ipBlock: {cidr: "fd00::/64", except: [10.0.0.0/16]}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0313', severity: 'error', ...at(t, '192.168.0.0/16'), message: `${P}except 192.168.0.0/16 must be strictly inside cidr 10.0.0.0/8` },
      { code: 'KR0313', severity: 'error', ...at(t, '10.0.0.0/8', 1), message: `${P}except 10.0.0.0/8 must be strictly inside cidr 10.0.0.0/8` },
      // 8.0.0.0/7 holds 10.0.0.0/8: wider than cidr, so not inside it either.
      { code: 'KR0313', severity: 'error', ...at(t, '8.0.0.0/7'), message: `${P}except 8.0.0.0/7 must be strictly inside cidr 10.0.0.0/8` },
      { code: 'KR0313', severity: 'error', ...at(t, '10.0.0.0/16'), message: `${P}except 10.0.0.0/16 must be strictly inside cidr fd00::/64` },
    ]);
  });

  it('warns KR0316 on host bits in cidr and except, and still checks containment on the networks', () => {
    const t = policy(`  podSelector: {}
  ingress:
  - from:
    - ipBlock: {cidr: 10.1.2.3/16, except: [10.1.5.6/24]}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.1.2.3/16'),
        message: `${P}spec.ingress[0].from[0].ipBlock.cidr: 10.1.2.3/16 has host bits set; the network 10.1.0.0/16 is used`,
      },
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.1.5.6/24'),
        message: `${P}spec.ingress[0].from[0].ipBlock.except[0]: 10.1.5.6/24 has host bits set; the network 10.1.5.0/24 is used`,
      },
    ]);
    expect(r.input.networkPolicies).toHaveLength(1);
  });

  it('rejects a bad cidr (KR0304), IPv4-mapped IPv6 (KR0317), and warns on leading zeros (KR0305)', () => {
    const t = policy(`  podSelector: {}
  egress:
  - to:
    - ipBlock: {cidr: 300.0.0.0/8}
    - ipBlock: {cidr: "::ffff:10.0.0.0/104"}
    - ipBlock: {cidr: 010.000.0.0/8}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0304', severity: 'error', ...at(t, '300.0.0.0/8'), message: `${P}spec.egress[0].to[0].ipBlock.cidr: "300.0.0.0/8" is not a valid CIDR` },
      { code: 'KR0317', severity: 'error', ...at(t, '"::ffff:10.0.0.0/104"'), message: `${P}spec.egress[0].to[1].ipBlock.cidr: ::ffff:10.0.0.0/104 is an IPv4-mapped IPv6 prefix` },
      { code: 'KR0305', severity: 'warning', ...at(t, '010.000.0.0/8'), message: `${P}spec.egress[0].to[2].ipBlock.cidr: 010.000.0.0/8 has leading zeros; read as 10.0.0.0/8` },
    ]);
  });

  it('requires cidr in an ipBlock (KR0201)', () => {
    const t = policy(`  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {except: [10.0.0.0/16]}\n`);
    // toContainEqual: the schema also adds spurious "must be a null" errors (see schema.test.ts).
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0201',
      severity: 'error',
      ...at(t, '{except'),
      message: `${P}missing required field spec.ingress[0].from[0].ipBlock.cidr`,
    });
  });
});

describe('NetworkPolicy: label selectors', () => {
  it('rejects In / NotIn without values and Exists / DoesNotExist with values (KR0318)', () => {
    const t = policy(`  podSelector:
    matchExpressions:
    - key: app
      operator: In
    - key: tier
      operator: NotIn
      values: []
    - key: canary
      operator: Exists
      values: [x]
    - key: zone
      operator: DoesNotExist
      values: [a, b]
`);
    expect(check(t).diagnostics).toEqual([
      // No values key at all: the position falls back to the expression itself.
      { code: 'KR0318', severity: 'error', ...at(t, 'key: app'), message: `${P}operator In needs at least one value` },
      { code: 'KR0318', severity: 'error', ...at(t, '[]'), message: `${P}operator NotIn needs at least one value` },
      { code: 'KR0318', severity: 'error', ...at(t, '[x]'), message: `${P}operator Exists takes no values` },
      { code: 'KR0318', severity: 'error', ...at(t, '[a, b]'), message: `${P}operator DoesNotExist takes no values` },
    ]);
  });

  it('rejects an unknown operator in the schema (KR0203)', () => {
    const t = policy(`  podSelector:\n    matchExpressions: [{key: app, operator: in, values: [web]}]\n`);
    // toContainEqual: the schema also adds a spurious "must be a null" error (see schema.test.ts).
    expect(check(t).diagnostics).toContainEqual({
      code: 'KR0203',
      severity: 'error',
      ...at(t, 'operator: ^in'),
      message: `${P}spec.podSelector.matchExpressions[0].operator is "in"; allowed: "In", "NotIn", "Exists", "DoesNotExist"`,
    });
  });

  it('rejects bad selector keys and values (KR0302), in pod and namespace selectors of peers', () => {
    const t = policy(`  podSelector:
    matchExpressions: [{key: -app, operator: In, values: ["a b"]}]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {team: "x;y"}}
      podSelector: {matchLabels: {"a/b/c": web}}
`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0302', severity: 'error', ...at(t, '-app'), message: expect.stringContaining('selector key "-app": name part must consist of letters') },
      { code: 'KR0302', severity: 'error', ...at(t, '"a b"'), message: expect.stringContaining('selector value "a b" must be empty or consist of letters') },
      { code: 'KR0302', severity: 'error', ...at(t, '"x;y"'), message: expect.stringContaining('label team value "x;y" must be empty or consist of letters') },
      // A bad key is reported at the key, not at its value.
      { code: 'KR0302', severity: 'error', ...at(t, '"a/b/c"'), message: expect.stringContaining('label key "a/b/c": must be a name with at most one \'/\'') },
    ]);
  });

  it('requires spec.podSelector (KR0201)', () => {
    const t = policy(`  ingress: []\n`);
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0201', severity: 'error', ...at(t, 'ingress'), message: `${P}missing required field spec.podSelector` },
    ]);
  });
});
