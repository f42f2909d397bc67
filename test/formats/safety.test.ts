// Nothing from input may add a rule: the writers refuse any token that could end a line, open a
// quote or carry a control character, and the CLI rejects such input before it gets there.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeRestore } from '../../src/formats/iptables/restore.js';
import { shQuote } from '../../src/formats/sh/quote.js';
import { comment, UnsafeTokenError, word } from '../../src/formats/tokens.js';
import { m, t, type IptablesRuleset } from '../../src/ir/iptables.js';
import { runCli } from '../helpers/run.js';

const ruleset = (chain: string, text: string): IptablesRuleset => ({
  family: 4,
  tables: [{ name: 'nat', builtins: [], chains: [{ name: chain, rules: [{ matches: [m.comment(text)], target: t.jump('KUBE-MARK-MASQ') }] }] }],
  builtinJumps: [],
});

describe('rule text safety', () => {
  it.each(['a"b', 'a\nb', 'a\rb', 'a\u0000b', 'a`b', 'a$b', 'a\\b', 'a\tb'])('refuses comment %j', (text) => {
    expect(() => comment(text)).toThrow(UnsafeTokenError);
    expect(() => writeRestore(ruleset('KUBE-SERVICES', text))).toThrow(UnsafeTokenError);
  });

  it.each(['KUBE-SVC-X Y', 'X\n-A', '', '-j"'])('refuses chain name %j', (name) => {
    expect(() => word(name)).toThrow(UnsafeTokenError);
  });

  // IPVS mode's set comments ("... with type 'hash ip:port'", "ip + port", "policy=local"):
  // inside double quotes in restore text, and closed and reopened inside a shell word.
  it("passes kube-proxy's single quotes, plus and equals signs, quoted for each reader", () => {
    const text = "SCTP port with type 'hash ip:port' ip + port externalTrafficPolicy=local";
    expect(comment(text)).toBe(`"${text}"`);
    expect(writeRestore(ruleset('KUBE-NODE-PORT', text))).toContain(`-A KUBE-NODE-PORT -m comment --comment "${text}" -j KUBE-MARK-MASQ`);
    expect(shQuote("it's")).toBe(`'it'\\''s'`);
    const r = spawnSync('sh', ['-c', `printf %s ${shQuote(text)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe(text);
  });

  it('quotes comments with spaces and leaves single words bare, as kube-proxy does', async () => {
    expect(comment('ns1/svc1:p80')).toBe('ns1/svc1:p80');
    expect(comment('ns1/svc1:p80 cluster IP')).toBe('"ns1/svc1:p80 cluster IP"');
  });

  const svc = (name: string, portName: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${JSON.stringify(name)}, namespace: default}\nspec:\n  clusterIP: 10.0.0.1\n  ports: [{name: ${JSON.stringify(portName)}, port: 80}]\n`;

  it.each([
    ['a name with a newline', svc('web\n-A KUBE-SERVICES -j ACCEPT', 'http'), 'KR0301'],
    ['a name with a quote', svc('web" -j ACCEPT', 'http'), 'KR0301'],
    ['a port name with a space', svc('web', 'http -j ACCEPT'), 'KR0309'],
    ['a port name with a quote', svc('web', 'h"p'), 'KR0309'],
  ])('rejects %s before it reaches a rule', async (_what, input, code) => {
    const r = await runCli(['compile', '-'], input);
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error ${code}`);
  });

  it.each([
    ['--pod-bridge-interface', 'br0 -j ACCEPT', 'BridgeInterface'],
    ['--pod-interface-name-prefix', 'veth"', 'InterfaceNamePrefix'],
  ])('rejects %s %j', async (flag, value, mode) => {
    const r = await runCli(['compile', '--detect-local-mode', mode, flag, value, '-'], svc('web', 'http'));
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('KR0001');
  });

  it('rejects a hostname that is not a node name', async () => {
    const r = await runCli(['compile', '--hostname-override', 'node a', '-'], svc('web', 'http'));
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain('KR0001');
  });
});
