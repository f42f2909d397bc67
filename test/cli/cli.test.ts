import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

  it('compiles IPVS mode with a deprecation warning (KR0006) on standard error; --ipvs-strict-arp reads like the other booleans', async () => {
    const r = await runCli(['compile', '--mode', 'ipvs', '--output-format', 'ipvsadm', '-'], SVC);
    expect(r.exit).toBe(0);
    expect(r.stdout).toBe('-A -t 10.96.0.5:80 -s rr\n-a -t 10.96.0.5:80 -r 10.0.0.7:8080 -m -w 1\n');
    expect(r.stderr).toMatch(/^<command line>: warning KR0006: IPVS mode is deprecated upstream since Kubernetes 1\.35/);
    expect((await runCli(['compile', '-'], SVC)).stderr).not.toContain('KR0006');
    const strict = (args: string[]) => runCli(['compile', '--mode', 'ipvs', ...args, '-'], SVC).then((x) => x.stdout.includes('arp_ignore=1'));
    expect(await strict([])).toBe(false);
    expect(await strict(['--ipvs-strict-arp'])).toBe(true);
    expect(await strict(['--ipvs-strict-arp=true'])).toBe(true);
    expect(await strict(['--ipvs-strict-arp=false'])).toBe(false);
    expect(await strict(['--no-ipvs-strict-arp'])).toBe(false);
    const bad = await runCli(['compile', '--mode', 'ipvs', '--ipvs-strict-arp=maybe', '-'], SVC);
    expect(bad.exit).toBe(2);
    expect(bad.stdout).toBe('');
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
    expect(ch.stdout).not.toContain('(default: [])'); // repeatable -f and --exclude have no default to show
  });

  it('collects repeated -f and --exclude', async () => {
    // Both excludes apply: with only the last, services.yaml would still be read.
    const r = await runCli(['validate', '-f', DEMO, '--exclude', 'services.yaml', '--exclude', 'endpointslices.yaml']);
    expect(r.exit).toBe(2);
    expect(r.stdout + r.stderr).toContain('KR0109');
    // Both -f paths are read: the Services of the first give the slices of the second their Service.
    const both = await runCli(['compile', '-f', join(DEMO, 'services.yaml'), '-f', join(DEMO, 'endpointslices.yaml')]);
    expect(both.exit, both.stderr).toBe(0);
    expect(both.stdout).toContain('KUBE-SEP-');
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

describe('input with nothing in it', () => {
  const empties: [string, string][] = [
    ['an empty file', ''],
    ['only comments', '# kubectl get svc -A -o yaml > dump.yaml failed\n---\n'],
    ['null', 'null\n'],
    ['an empty JSON list', '[]'],
    ['a List without items', 'apiVersion: v1\nkind: List\nitems: []\n'],
    ['a List with items: null', '{"apiVersion": "v1", "kind": "List", "items": null}'],
  ];
  it.each(empties)('is an error for %s (KR0111), unless --allow-empty', async (_what, text) => {
    for (const cmd of ['compile', 'validate']) {
      const r = await runCli([cmd, '-'], text);
      expect(r.exit).toBe(2);
      expect(cmd === 'compile' ? r.stdout : r.stderr).toBe('');
      expect(cmd === 'compile' ? r.stderr : r.stdout).toBe(
        '<stdin>: error KR0111: no Kubernetes objects in <stdin>\n' +
          '  hint: an empty dump usually means the command that made it failed; --allow-empty compiles it anyway (a node with no services)\n',
      );
    }
    const allowed = await runCli(['compile', '--allow-empty', '-'], text);
    expect(allowed.exit).toBe(0);
    expect(allowed.stderr).toBe('');
    expect(allowed.stdout).toContain('-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports;');
    expect(allowed.stdout).not.toContain('KUBE-SVC-');
  });

  it('counts objects of every kind: a dump of Deployments only is not empty', async () => {
    const r = await runCli(['compile', '-'], 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n');
    expect(r.exit).toBe(0);
  });

  it('names the files when several are empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-empty-'));
    writeFileSync(join(dir, 'a.yaml'), '');
    writeFileSync(join(dir, 'b.json'), '[]');
    const r = await runCli(['compile', dir]);
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain('<command line>: error KR0111: no Kubernetes objects in the 2 input files\n');
  });
});

describe('--config FILE', () => {
  const CONFIG = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.0.0.0/8\n';

  it('is never read as cluster input, also when a directory input holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-config-'));
    writeFileSync(join(dir, 'kube-proxy.yaml'), CONFIG);
    writeFileSync(join(dir, 'svc.yaml'), SVC);
    const withConfig = await runCli(['compile', '--config', join(dir, 'kube-proxy.yaml'), dir]);
    expect(withConfig.stderr).toBe('');
    expect(withConfig.exit).toBe(0);
    expect(withConfig.stdout).toBe((await runCli(['compile', '--cluster-cidr', '10.0.0.0/8', '-'], SVC)).stdout);
  });

  it('says when the file holds no KubeProxyConfiguration, or something else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-config-'));
    writeFileSync(join(dir, 'svc.yaml'), SVC);
    writeFileSync(join(dir, 'empty.yaml'), '# nothing\n');
    const wrong = await runCli(['compile', '--config', join(dir, 'svc.yaml'), '-'], SVC);
    expect(wrong.exit).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toContain(`${join(dir, 'svc.yaml')}:2:7: error KR0003: --config ${join(dir, 'svc.yaml')} holds a Service; a config file holds one KubeProxyConfiguration`);
    expect(wrong.stderr).not.toContain('KR0401'); // the Services are not "defined twice"
    const empty = await runCli(['compile', '--config', join(dir, 'empty.yaml'), '-'], SVC);
    expect(empty.exit).toBe(2);
    expect(empty.stderr).toContain(`${join(dir, 'empty.yaml')}: error KR0003: --config ${join(dir, 'empty.yaml')} holds no KubeProxyConfiguration`);
  });
});

describe('running in a directory (IO.cwd), as tests do without process.chdir', () => {
  const CONFIG = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.0.0.0/8\n';

  it('reads inputs and --config from it and writes -o there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-cwd-'));
    mkdirSync(join(dir, 'input'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'input/svc.yaml'), SVC);
    writeFileSync(join(dir, 'config/kube-proxy.yaml'), CONFIG);
    const r = await runCli(['compile', '--config', 'config/kube-proxy.yaml', '-o', 'rules.txt', 'input'], '', { cwd: dir });
    expect(r).toEqual({ exit: 0, stdout: '', stderr: '' });
    const expected = await runCli(['compile', '--cluster-cidr', '10.0.0.0/8', '-'], SVC);
    expect(expected.exit).toBe(0);
    expect(readFileSync(join(dir, 'rules.txt'), 'utf8')).toBe(expected.stdout);
  });

  it('names the files in messages as the command line gave them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kr-cwd-'));
    mkdirSync(join(dir, 'input'));
    writeFileSync(join(dir, 'input/svc.yaml'), SVC.replace('10.96.0.5', '10.96.0.300'));
    writeFileSync(join(dir, 'config.yaml'), SVC);
    const r = await runCli(['compile', '--config', 'config.yaml', '-o', 'missing/rules.txt', 'input', 'nothing.yaml'], '', { cwd: dir });
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain('input/svc.yaml:5:14: error KR0303: Service shop/web: spec.clusterIP: "10.96.0.300" is not a valid IP address\n');
    expect(r.stderr).toContain('config.yaml:2:7: error KR0003: --config config.yaml holds a Service;');
    expect(r.stderr).toContain('nothing.yaml: error KR0101: cannot read nothing.yaml: no such file or directory\n');
    expect(r.stderr).not.toContain(dir);
    const bad = await runCli(['compile', '-o', 'missing/rules.txt', '-'], SVC, { cwd: dir });
    expect(bad.exit).toBe(2);
    expect(bad.stderr).toContain('error KR0004: cannot write missing/rules.txt: no such directory\n');
  });
});

describe('command-line usage', () => {
  it('calls a bad value of a boolean flag what it is', async () => {
    const r = await runCli(['compile', '--masquerade-all=maybe', '-'], SVC);
    expect(r).toEqual({
      exit: 2,
      stdout: '',
      stderr: '<command line>: error KR0001: --masquerade-all: "maybe" is not a boolean (true or false)\n(run kube-rulec --help for usage)\n',
    });
  });

  it('reports a flag that swallowed the input path, and the flag value it took', async () => {
    const r = await runCli(['compile', '--cluster-cidr', DEMO]);
    expect(r.exit).toBe(2);
    expect(r.stderr).toBe(
      '<command line>: error KR0109: no input: give files or directories, or - for standard input\n' +
        `  hint: --cluster-cidr took ${JSON.stringify(DEMO)} as its value; give the flag its value, then the path\n` +
        `<command line>: error KR0001: --cluster-cidr: ${JSON.stringify(DEMO)} is not a CIDR\n`,
    );
  });

  it('ends every usage error with the same help line; help for a command that does not exist is one', async () => {
    const unknownOption = await runCli(['compile', '--no-such-flag', DEMO]);
    expect(unknownOption.exit).toBe(2);
    expect(unknownOption.stderr).toBe("error: unknown option '--no-such-flag'\n(run kube-rulec --help for usage)\n");
    const unknownCommand = await runCli(['frobnicate']);
    expect(unknownCommand.stderr).toBe("error: unknown command 'frobnicate'\n(run kube-rulec --help for usage)\n");
    const helpNothing = await runCli(['help', 'nosuch']);
    expect(helpNothing).toEqual({ exit: 2, stdout: '', stderr: "error: unknown command 'nosuch'\n(run kube-rulec --help for usage)\n" });
    const helpCompile = await runCli(['help', 'compile']);
    expect(helpCompile.exit).toBe(0);
    expect(helpCompile.stdout).toContain('--hostname-override');
  });

  it('validate takes the settings flags of compile and reports their errors', async () => {
    const r = await runCli(['validate', '--mode', 'iptables', '--ip-family', 'ipv6', '--hostname-override', 'Bad Node', '--cluster-cidr', 'x', '-'], SVC);
    expect(r.exit).toBe(2);
    expect(r.stdout).toContain('error KR0001: --hostname-override: "bad node"');
    expect(r.stdout).toContain('error KR0001: --cluster-cidr: "x" is not a CIDR');
    const config = await runCli(['validate', '--config', DEMO + '/services.yaml', '-'], SVC);
    expect(config.stdout).toContain('error KR0003');
  });

  it('validate says all is well in one line on a terminal, and nothing in a pipe', async () => {
    const input = SVC + '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\n';
    expect((await runCli(['validate', '-'], input)).stdout).toBe('');
    const tty = await runCli(['validate', '-'], input, { tty: true });
    expect(tty.exit).toBe(0);
    expect(tty.stdout).toBe('valid: 3 objects (1 Deployment, 1 EndpointSlice, 1 Service) in 1 file\n');
    const warned = await runCli(['validate', '-'], SVC.split('---')[0]!, { tty: true, env: { NO_COLOR: '1' } });
    expect(warned.stdout.split('\n').at(-2)).toBe('valid: 1 object (1 Service) in 1 file, 1 warning');
  });
});

describe('colour', () => {
  const BAD = 'apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {clusterIP: nope}\n';
  const coloured = async (args: string[], env: Record<string, string>, tty: boolean) =>
    /\u001b\[/.test((await runCli(['compile', ...args, '-'], BAD, { env, tty })).stderr);

  it('is on for a terminal, off for a pipe, and follows --color, FORCE_COLOR, NO_COLOR and TERM=dumb', async () => {
    expect(await coloured([], {}, true)).toBe(true);
    expect(await coloured([], {}, false)).toBe(false);
    expect(await coloured(['--color', 'always'], {}, false)).toBe(true);
    expect(await coloured(['--color', 'never'], { FORCE_COLOR: '1' }, true)).toBe(false);
    expect(await coloured([], { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(await coloured([], { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(await coloured([], { NO_COLOR: '1' }, true)).toBe(false);
    expect(await coloured([], { NO_COLOR: '' }, true)).toBe(true);
    expect(await coloured([], { TERM: 'dumb' }, true)).toBe(false);
    expect(await coloured(['--color', 'always'], { NO_COLOR: '1', TERM: 'dumb' }, false)).toBe(true);
  });
});

describe('numbers in messages', () => {
  it('are quoted as the input wrote them, not after rounding to a double', async () => {
    const yaml = 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  clusterIP: 10.0.0.1\n  ports: [{port: 9007199254740993}]\n';
    const json = '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a"}, "spec": {"clusterIP": "10.0.0.1", "ports": [{"port": 1e3, "nodePort": 90071992547409930}]}}';
    expect((await runCli(['validate', '-'], yaml)).stdout).toContain('error KR0307: Service default/a: port 9007199254740993 must be between 1 and 65535');
    const j = (await runCli(['validate', '-'], json)).stdout;
    expect(j).toContain('error KR0307: Service default/a: nodePort 90071992547409930 must be between 1 and 65535');
    expect(j).not.toContain('port 1e3'); // 1e3 is 1000, a valid port: nothing to say about it
    const float = (await runCli(['validate', '-'], yaml.replace('9007199254740993', '80.50'))).stdout;
    expect(float).toContain('spec.ports[0].port must be an integer, not the number 80.50');
  });
});

describe('modes, backends and forms (backends/registry.ts)', () => {
  const err = async (...args: string[]) => {
    const r = await runCli(['compile', ...args, DEMO]);
    expect(r.exit).toBe(2);
    expect(r.stdout).toBe('');
    return r.stderr;
  };
  it('a form the mode lacks is a usage error that lists the forms it has', async () => {
    expect(await err('--output-format', 'ipset')).toBe('<command line>: error KR0001: --output-format ipset: --mode iptables writes restore, save, script\n');
    expect(await err('--mode', 'policy', '--output-format', 'nope')).toBe('<command line>: error KR0001: --output-format nope: --mode policy --backend iptables writes restore, save, script, ipset\n');
  });
  it('a form that needs a setting says which', async () => {
    expect(await err('--mode', 'policy', '--output-format', 'ipset')).toBe('<command line>: error KR0001: --output-format ipset: the ipset output form needs --ipset\n');
  });
  it('--backend belongs to policy mode, and each backend lists its own forms', async () => {
    expect(await err('--backend', 'iptables')).toContain('error KR0001: --backend: only --mode policy takes a backend');
    expect(await err('--mode', 'policy', '--backend', 'nftables', '--output-format', 'restore')).toBe(
      '<command line>: error KR0001: --output-format restore: --mode policy --backend nftables writes transaction, ruleset, script\n',
    );
    for (const backend of ['iptables', 'nftables']) {
      const ok = await runCli(['compile', '--mode', 'policy', '--backend', backend, DEMO]);
      expect(ok.exit).toBe(0);
    }
  });
  it('--ipset is for the iptables backend: nftables keeps its peers in sets of its own', async () => {
    expect(await err('--mode', 'policy', '--backend', 'nftables', '--ipset')).toBe(
      '<command line>: error KR0001: --ipset: --backend nftables always keeps peers in sets of its own table; --ipset is for --backend iptables\n',
    );
  });
});
