// Canonical order of iptables mode's ruleset, applied once when the backend has built it: the order kube-proxy's own tests compare dumps in
// (sortIPTablesRules + IPTablesDump.String in pkg/proxy/iptables/proxier_test.go), extended so
// that it is total:
//   tables by name (filter, nat);
//   chains: KUBE-NODEPORTS, KUBE-SERVICES, then other KUBE-* chains, then the rest, in byte order;
//   rules keep their order inside a chain, except in KUBE-NODEPORTS, KUBE-SERVICES,
//   KUBE-EXTERNAL-SERVICES and KUBE-PROXY-FIREWALL, which are stable-sorted by the service name
//   in their comment ("ns/svc" of "ns/svc:port ..."), with nat KUBE-SERVICES' nodeports jump last.
import type { Chain, IptablesRuleset, Rule, Table } from '../../ir/iptables.js';
import { byteOrder } from '../../net/order.js';

export const NODEPORTS_JUMP_COMMENT = 'kubernetes service nodeports; NOTE: this must be the last rule in this chain';

const SORTED_CHAINS = new Set(['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL']);

function chainRank(name: string): number {
  if (name === 'KUBE-NODEPORTS') return 0;
  if (name === 'KUBE-SERVICES') return 1;
  if (name.startsWith('KUBE-')) return 2;
  return 3;
}

export function compareChainNames(a: string, b: string): number {
  return chainRank(a) - chainRank(b) || byteOrder(a, b);
}

export function ruleComment(r: Rule): string | undefined {
  for (const mt of r.matches) if (mt.kind === 'comment') return mt.text;
  return undefined;
}

/**
 * The service a rule belongs to: "ns/name" from its origin, or for a rule parsed from text from
 * its comment ("ns1/svc1:p80 cluster IP" -> "ns1/svc1", the text up to the first space or colon).
 */
export function serviceNameOf(r: Rule): string {
  const o = r.origin;
  if (o && (o.kind === 'service-port' || o.kind === 'endpoint')) return `${o.namespace}/${o.name}`;
  const c = ruleComment(r);
  if (c === undefined) return '';
  const cut = c.search(/[ :]/);
  return cut < 0 ? c : c.slice(0, cut);
}

function sortRules(table: Table, chain: Chain): Rule[] {
  if (!SORTED_CHAINS.has(chain.name)) return chain.rules;
  const nodePortsJump = table.name === 'nat' && chain.name === 'KUBE-SERVICES';
  // Each rule's key is found once (not twice per comparison); ties keep the built order.
  const keyed = chain.rules.map((rule, at) => ({ rule, at, last: nodePortsJump && ruleComment(rule) === NODEPORTS_JUMP_COMMENT ? 1 : 0, name: serviceNameOf(rule) }));
  keyed.sort((a, b) => a.last - b.last || byteOrder(a.name, b.name) || a.at - b.at);
  return keyed.map((k) => k.rule);
}

export function canonicalize(rs: IptablesRuleset): IptablesRuleset {
  const tables = [...rs.tables]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((table) => ({
      name: table.name,
      builtins: table.builtins,
      chains: [...table.chains]
        .sort((a, b) => compareChainNames(a.name, b.name))
        .map((chain) => ({ name: chain.name, rules: sortRules(table, chain) })),
    }));
  return { ...rs, tables };
}
