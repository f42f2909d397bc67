import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const DEMO = resolve(import.meta.dirname, '../../fixtures/demo/input');
const SVC = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.5
  ports: [{name: http, port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
endpoints: [{addresses: [10.0.0.7]}]
ports: [{name: http, port: 8080, protocol: TCP}]
`;

describe('kube-rulec CLI', () => {
  it('compiles the demo cluster to iptables-restore text', async () => {
    const r = await runCli(['compile', DEMO]);
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('*filter\n')).toBe(true);
    expect(r.stdout.endsWith('COMMIT\n')).toBe(true);
  });

  it('reads standard input with -, and -f/--filename', async () => {
    const fromStdin = await runCli(['compile', '-'], SVC);
    expect(fromStdin.exit).toBe(0);
    expect(fromStdin.stdout).toContain('-A KUBE-SEP-');
    expect(fromStdin.stdout).toContain('--to-destination 10.0.0.7:8080');
    const dir = mkdtempSync(join(tmpdir(), 'kr-cli-'));
    writeFileSync(join(dir, 'svc.yaml'), SVC);
    expect((await runCli(['compile', '-f', join(dir, 'svc.yaml')])).stdout).toBe(fromStdin.stdout);
    expect((await runCli(['compile', '--filename', dir])).stdout).toBe(fromStdin.stdout);
  });

  it('exits 2 with a positioned diagnostic and prints nothing on stdout for bad input', async () => {
    const r = await runCli(['compile', '-'], SVC.replace('10.96.0.5', '10.96.0.500'));
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<stdin>:5:14: error KR0303: Service shop/web: spec.clusterIP: "10.96.0.500" is not a valid IP address');
    // code frame with a caret under the value
    expect(r.stderr).toContain(' 5 |   clusterIP: 10.96.0.500\n   |              ^^^^^^^^^^^\n');
  });

  it('does not touch -o FILE on error, and replaces it atomically on success', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-out-'));
    const out = join(dir, 'rules.txt');
    writeFileSync(out, 'previous\n');
    const bad = await runCli(['compile', '-o', out, '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: "Bad Name"}\n');
    expect(bad.exit).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous\n');
    const good = await runCli(['compile', '-o', out, '-'], SVC);
    expect(good.exit).toBe(0);
    expect(good.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('*nat\n');
    expect(readdirSync(dir)).toEqual(['rules.txt']);
  });

  it('reports an -o path it cannot write with exit 2, leaving nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-out-'));
    const r = await runCli(['compile', '-o', join(dir, 'missing', 'rules.txt'), '-'], SVC);
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`error KR0004: cannot write ${join(dir, 'missing', 'rules.txt')}: no such directory`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('treats usage errors as exit 2', async () => {
    expect((await runCli(['compile', '--mode', 'bogus', DEMO])).exit).toBe(2);
    expect((await runCli(['compile', '--no-such-flag', DEMO])).exit).toBe(2);
    expect((await runCli(['frobnicate'])).exit).toBe(2);
    const noInput = await runCli(['compile']);
    expect(noInput.exit).toBe(2);
    expect(noInput.stderr).toContain('KR0109');
    const badCidr = await runCli(['compile', '--cluster-cidr', '10.0.0.0/99', DEMO]);
    expect(badCidr.exit).toBe(2);
    expect(badCidr.stdout).toBe('');
    expect(badCidr.stderr).toContain('error KR0001: --cluster-cidr: "10.0.0.0/99" is not a CIDR');
  });

  it('reads boolean flags as kube-proxy writes them, and never takes the next argument as their value', async () => {
    const on = await runCli(['compile', '--masquerade-all', '-'], SVC);
    expect(on.exit).toBe(0);
    expect(on.stdout).toContain('-d 10.96.0.5 --dport 80 -j KUBE-MARK-MASQ');
    expect((await runCli(['compile', '--masquerade-all=true', '-'], SVC)).stdout).toBe(on.stdout);
    const off = await runCli(['compile', '--masquerade-all=false', '-'], SVC);
    expect(off.exit).toBe(0);
    expect(off.stdout).not.toContain('--dport 80 -j KUBE-MARK-MASQ');
    expect((await runCli(['compile', '--iptables-localhost-nodeports=false', '-'], SVC)).stdout).toContain('! -d 127.0.0.0/8 -j KUBE-NODEPORTS');
    expect((await runCli(['compile', '--masquerade-all=yes', '-'], SVC)).exit).toBe(2);
  });

  it('answers --help and --version with exit 0', async () => {
    const help = await runCli(['--help']);
    expect(help.exit).toBe(0);
    expect(help.stdout).toContain('compile');
    const v = await runCli(['--version']);
    expect(v.exit).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const ch = await runCli(['compile', '--help']);
    expect(ch.exit).toBe(0);
    expect(ch.stdout).toContain('--hostname-override');
  });

  it('says so when a mode or format is not implemented, with exit 2 and no output', async () => {
    const r = await runCli(['compile', '--mode', 'userspace', DEMO]);
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('KR0002');
  });

  it('validate prints diagnostics on stdout, as text or JSON', async () => {
    const bad = SVC.replace('port: 80}', 'port: 70000}');
    const text = await runCli(['validate', '-'], bad);
    expect(text.exit).toBe(2);
    expect(text.stdout).toContain('<stdin>:6:30: error KR0307');
    const json = await runCli(['validate', '--format', 'json', '-'], bad);
    expect(json.exit).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual([
      {
        code: 'KR0307',
        severity: 'error',
        message: 'Service shop/web: port 70000 must be between 1 and 65535',
        file: '<stdin>',
        line: 6,
        column: 30,
      },
    ]);
    const ok = await runCli(['validate', '--format', 'json', '-'], SVC);
    expect(ok).toEqual({ exit: 0, stdout: '[]\n', stderr: '' });
  });

  it('warns when Services come without any endpoints object, and still compiles', async () => {
    const onlyServices = SVC.split('---')[0]!;
    const r = await runCli(['compile', '-'], onlyServices);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('"shop/web:http has no endpoints"');
    expect(r.stderr).toContain(
      '<stdin>:3:18: warning KR0405: the input has 1 Service but no EndpointSlice or Endpoints: every service port will be rejected',
    );
    expect(r.stderr).toContain('hint: add the endpoints, e.g. kubectl get endpointslices -A -o yaml');
    expect((await runCli(['compile', '-'], SVC)).stderr).toBe('');
  });

  it('warns that a Service without a cluster IP (not yet allocated) gets no rules', async () => {
    const r = await runCli(['compile', '-'], SVC.replace('  clusterIP: 10.96.0.5\n', ''));
    expect(r.exit).toBe(0);
    expect(r.stdout).not.toContain('shop/web');
    expect(r.stderr).toContain('<stdin>:3:18: warning KR0406: Service shop/web has no clusterIP (the API server allocates it); it gets no rules');
  });

  it('validate also reports NetworkPolicy findings', async () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: none}}\n';
    const r = await runCli(['validate', '-'], np);
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('<stdin>:5:16: warning KR0501: NetworkPolicy shop/p selects no pod');
  });

  it('mentions skipped kinds only with --verbose', async () => {
    const input = SVC + '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n';
    expect((await runCli(['validate', '-'], input)).stdout).toBe('');
    expect((await runCli(['validate', '--verbose', '-'], input)).stdout).toContain('info KR0107: skipping apps/v1 Deployment');
  });

  it('keeps colour off when not on a terminal', async () => {
    const r = await runCli(['compile', '-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {clusterIP: nope}\n');
    expect(r.stderr).not.toMatch(/\u001b\[/);
    expect(existsSync(DEMO)).toBe(true);
  });
});
