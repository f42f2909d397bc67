// Every rule a service port produces says so (origin), for stats, diff and trace per service;
// the node's fixed rules have none.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { part } from '../../../src/ir/program.js';
import { compileProgram } from '../../../src/pipeline/compile.js';
import { typed } from '../../helpers/plan.js';

const DEMO = resolve(import.meta.dirname, '../../../fixtures/demo/input');

/**
 * The demo's rules with their chains. Compiled inside each test, not when the file is collected:
 * code run outside a test is "static" to the mutation run, which then replays the whole suite for
 * every mutant it reaches.
 */
function demoRules() {
  const { program } = compileProgram({ paths: [DEMO] }, typed({ clusterCidr: '10.244.0.0/16', hostnameOverride: 'node-a' }));
  const rs = part(program, 'iptables')!.ruleset;
  return rs.tables.flatMap((t) => t.chains.flatMap((c) => c.rules.map((r) => ({ chain: c.name, r }))));
}

describe('rule origins (iptables mode)', () => {

  it('marks per-service chains with their service port, SEP chains with their endpoint', () => {
    const rules = demoRules();
    for (const { chain, r } of rules) {
      if (/^KUBE-(SVC|SVL|EXT|FW)-/.test(chain)) expect(r.origin?.kind, chain).toBe('service-port');
      if (chain.startsWith('KUBE-SEP-')) expect(r.origin?.kind, chain).toBe('endpoint');
      if (['KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-FORWARD', 'KUBE-FIREWALL'].includes(chain)) expect(r.origin, chain).toBeUndefined();
    }
    const sep = rules.find(({ chain, r }) => chain.startsWith('KUBE-SEP-') && r.target?.kind === 'dnat')!;
    expect(sep.r.origin).toMatchObject({ kind: 'endpoint', namespace: 'shop', name: 'web', port: 'http', protocol: 'tcp' });
    expect((sep.r.origin as { endpoint: string }).endpoint).toMatch(/^10\.244\.\d+\.\d+:8080$/);
  });

  it('leaves the nodeports jump, a fixed rule, without an origin and every cluster-IP rule with one', () => {
    const rules = demoRules();
    const services = rules.filter(({ chain }) => chain === 'KUBE-SERVICES');
    expect(services.filter(({ r }) => r.origin === undefined).map(({ r }) => r.target)).toEqual([{ kind: 'jump', chain: 'KUBE-NODEPORTS' }]);
    expect(services.length).toBeGreaterThan(2);
  });
});
