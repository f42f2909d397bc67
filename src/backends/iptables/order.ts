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

/**
 * The sorted chains' rules, stable-sorted by service name (the nodeports jump last). The
 * backend adds a service port's rules together, so a chain is runs of rules of one service: the
 * runs are sorted, not the rules, and a chain already in order (the usual case: service ports
 * are planned in key order) is returned as it is.
 */
function sortRules(table: Table, chain: Chain): Rule[] {
  if (!SORTED_CHAINS.has(chain.name)) return chain.rules;
  const nodePortsJump = table.name === 'nat' && chain.name === 'KUBE-SERVICES';
  const runs: { rules: Rule[]; last: number; name: string; at: number }[] = [];
  let lastOrigin: Rule['origin'] | null = null;
  let name = '';
  for (const rule of chain.rules) {
    // Rules of one service port share their origin object: its name is found once.
    if (rule.origin === undefined || rule.origin !== lastOrigin) name = serviceNameOf(rule);
    lastOrigin = rule.origin ?? null;
    const last = nodePortsJump && ruleComment(rule) === NODEPORTS_JUMP_COMMENT ? 1 : 0;
    const run = runs[runs.length - 1];
    if (run && run.name === name && run.last === last) run.rules.push(rule);
    else runs.push({ rules: [rule], last, name, at: runs.length });
  }
  const before = (a: (typeof runs)[number], b: (typeof runs)[number]) => a.last - b.last || byteOrder(a.name, b.name) || a.at - b.at;
  let sorted = true;
  for (let i = 1; i < runs.length && sorted; i++) if (before(runs[i - 1]!, runs[i]!) > 0) sorted = false;
  if (sorted) return chain.rules;
  return runs.sort(before).flatMap((r) => r.rules);
}

/**
 * Chains in canonical order: each rank (KUBE-NODEPORTS, KUBE-SERVICES, other KUBE-*, the
 * rest) in byte order. The names are sorted by the engine's own string order (which is
 * byteOrder's), without a comparator: a large cluster has a few hundred thousand chains.
 */
function sortChains(chains: readonly Chain[]): Chain[] {
  const byName = new Map<string, Chain>();
  const ranks: string[][] = [[], [], [], []];
  for (const c of chains) {
    if (byName.has(c.name)) return [...chains].sort((a, b) => compareChainNames(a.name, b.name)); // never from the backend
    byName.set(c.name, c);
    ranks[chainRank(c.name)]!.push(c.name);
  }
  return ranks.flatMap((names) => names.sort().map((n) => byName.get(n)!));
}

export function canonicalize(rs: IptablesRuleset): IptablesRuleset {
  const tables = [...rs.tables]
    .sort((a, b) => byteOrder(a.name, b.name))
    .map((table) => ({
      name: table.name,
      builtins: table.builtins,
      chains: sortChains(table.chains).map((chain) => {
        const rules = sortRules(table, chain);
        return rules === chain.rules ? chain : { name: chain.name, rules };
      }),
    }));
  return { ...rs, tables };
}
