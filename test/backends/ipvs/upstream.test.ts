// kube-proxy's own IPVS tests, transcribed: each fixtures/ipvs/upstream-* case holds the test's
// input (as YAML) and, in upstream.json, what the test expects of the proxier after a sync. The
// case's program must meet every expectation, read as the upstream helpers read them:
//   ipvs.services      the whole IPVS state (reflect.DeepEqual of the fake's services and destinations)
//   ipvs.count         the number of virtual services (checkIPVS' VSNum)
//   ipvs.ifFound       checkIPVS: when that virtual service exists, its real servers
//   ipvs.realServers   a virtual service that must exist, with exactly these real servers
//   ipvs.allTimeouts   every virtual service persistent with this timeout (TestSessionAffinity)
//   ipsets             exactly these members in each named set (checkIPSet; the IPv4 names the
//                      upstream fake uses, mapped to KUBE-6-... for an IPv6 case)
//   iptables           each chain's rules, in order, as (jump, match-set, source): checkIptables,
//                      nat rules before filter rules of a chain name both tables have
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setName, type SetId } from '../../../src/backends/ipvs/names.js';
import { memberText } from '../../../src/ir/ipset.js';
import type { Rule } from '../../../src/ir/iptables.js';
import type { VirtualService } from '../../../src/ir/ipvs.js';
import { part } from '../../../src/ir/program.js';
import { formatCIDR } from '../../../src/net/cidr.js';
import { joinHostPort } from '../../../src/net/ip.js';
import { goldenCases } from '../../helpers/fixtures.js';
import { caseProgram } from '../../helpers/program.js';

interface Upstream {
  test: string;
  case: string;
  family: 4 | 6;
  ipvs?: {
    services?: Record<string, { scheduler: string; realServers: string[] }>;
    count?: number;
    ifFound?: Record<string, string[]>;
    realServers?: Record<string, string[]>;
    allTimeouts?: number;
  };
  ipsets?: Record<string, string[]>;
  iptables?: Record<string, string[][]>;
}

/** VirtualServer.String(): "10.20.30.41:80/TCP", "[2020::1]:80/SCTP". */
const vsKey = (s: VirtualService) => `${joinHostPort(s.ip, s.port)}/${s.protocol.toUpperCase()}`;

/** (jump target, match-set name, source address) as checkIptables reads a rule. */
function jumpOf(r: Rule): string[] {
  const t = r.target;
  const jump = !t ? '' : t.kind === 'jump' ? t.chain : t.kind === 'masquerade' ? 'MASQUERADE' : t.kind.toUpperCase();
  const set = r.matches.find((m) => m.kind === 'set');
  const src = r.matches.find((m) => m.kind === 'addr' && m.dir === 'src');
  const source = src?.kind === 'addr' && src.value.kind === 'cidr' ? formatCIDR(src.value.cidr) : undefined;
  return source === undefined ? [jump, set?.kind === 'set' ? set.name : ''] : [jump, set?.kind === 'set' ? set.name : '', source];
}

const cases = goldenCases().filter((c) => c.name.startsWith('ipvs/upstream-'));

describe("kube-proxy's IPVS tests (pkg/proxy/ipvs/proxier_test.go), transcribed", () => {
  it('has the full-state and the partial-state tests', () => {
    const tests = new Set(cases.map((c) => (JSON.parse(readFileSync(join(c.dir, 'upstream.json'), 'utf8')) as Upstream).test));
    for (const t of ['TestNodePortIPv4', 'TestNodePortIPv6', 'TestIPv4Proxier', 'TestIPv6Proxier', 'TestLoadBalancer', 'TestOnlyLocalNodePorts', 'TestHealthCheckNodePort', 'TestLoadBalancerSourceRanges', 'TestAcceptIPVSTraffic', 'TestOnlyLocalLoadBalancing', 'TestSessionAffinity', 'TestEndpointSliceE2E']) {
      expect(tests).toContain(t);
    }
  });

  for (const c of cases) {
    const up = JSON.parse(readFileSync(join(c.dir, 'upstream.json'), 'utf8')) as Upstream;
    it(`${c.name}: ${up.test}${up.case ? ` "${up.case}"` : ''}`, () => {
      const program = caseProgram(c);
      expect(program.family).toBe(up.family);
      const services = part(program, 'ipvs')!.table.services;
      const byKey = new Map(services.map((s) => [vsKey(s), s]));
      const rs = (s: VirtualService) => s.realServers.map((r) => joinHostPort(r.ip, r.port)).sort();
      for (const s of services) for (const r of s.realServers) expect(r).toMatchObject({ forwarding: 'masq', weight: 1 });
      if (up.ipvs?.services) {
        const got = Object.fromEntries(services.map((s) => [vsKey(s), { scheduler: s.scheduler, realServers: rs(s) }]));
        const want = Object.fromEntries(Object.entries(up.ipvs.services).map(([k, v]) => [k, { ...v, realServers: [...v.realServers].sort() }]));
        expect(got).toEqual(want);
        for (const s of services) expect({ flags: s.flags, persistence: s.persistence }).toEqual({ flags: [], persistence: undefined });
      }
      if (up.ipvs?.count !== undefined) expect(services.length).toBe(up.ipvs.count);
      for (const [k, want] of Object.entries(up.ipvs?.ifFound ?? {})) {
        const s = byKey.get(k);
        if (s) expect(rs(s)).toEqual([...want].sort());
      }
      for (const [k, want] of Object.entries(up.ipvs?.realServers ?? {})) {
        expect(byKey.has(k), `virtual service ${k}`).toBe(true);
        expect(rs(byKey.get(k)!)).toEqual([...want].sort());
      }
      if (up.ipvs?.allTimeouts !== undefined) for (const s of services) expect(s.persistence).toBe(up.ipvs.allTimeouts);

      const sets = part(program, 'ipsets')!.sets;
      for (const [name, want] of Object.entries(up.ipsets ?? {})) {
        const set = sets.find((s) => s.name === setName(name as SetId, up.family));
        expect(set, name).toBeDefined();
        expect(set!.members.map(memberText).sort()).toEqual([...want].sort());
      }

      const tables = part(program, 'iptables')!.ruleset.tables;
      for (const [chain, want] of Object.entries(up.iptables ?? {})) {
        const rules = ['nat', 'filter'].flatMap((t) => tables.find((tb) => tb.name === t)!.chains.find((ch) => ch.name === chain)?.rules ?? []);
        expect(rules.map(jumpOf), chain).toEqual(want);
      }
    });
  }
});
