// `kube-rulec compile`: option parsing only; the work is in src/pipeline.ts.
import { Command, Option } from 'commander';
import type { Flags } from '../config/resolve.js';
import { DETECT_LOCAL_MODES, OUTPUT_FORMATS, PROXY_MODES } from '../config/settings.js';
import { COMMAND_LINE, diag, EXIT, hasErrors } from '../diagnostics/diagnostic.js';
import { compile } from '../pipeline.js';
import { printDiagnostics, writeFileAtomic, type IO } from './io.js';

const collect = (v: string, prev: string[]) => [...prev, v];

export interface CompileArgs {
  paths: string[];
  configPath: string | undefined;
  output: string | undefined;
  verbose: boolean;
  flags: Flags;
}

const FLAG_KEYS = [
  'mode',
  'outputFormat',
  'ipFamily',
  'hostnameOverride',
  'nodeIp',
  'clusterCidr',
  'detectLocalMode',
  'podCidr',
  'podBridgeInterface',
  'podInterfaceNamePrefix',
  'masqueradeAll',
  'iptablesMasqueradeBit',
  'nodeportAddresses',
  'iptablesLocalhostNodeports',
  'randomFully',
  'nfacct',
  'conntrackTcpBeLiberal',
  'ipset',
  'policyMarkBit',
  'policyDeny',
] as const satisfies readonly (keyof Flags)[];

/** The `compile` command's options; `onArgs` receives them parsed. */
export function compileCommandSpec(onArgs: (a: CompileArgs) => void): Command {
  return new Command('compile')
    .description('compile Kubernetes objects into the rules kube-proxy would program on a node')
    .argument('[path...]', 'YAML or JSON files, directories (recursive), or - for standard input')
    .option('-f, --filename <path>', 'input file or directory (repeatable)', collect, [] as string[])
    .option('-o, --output <file>', 'write the rules to FILE (atomically) instead of standard output')
    .addOption(new Option('--mode <mode>', 'proxy mode').choices(PROXY_MODES))
    .addOption(new Option('--output-format <format>', 'restore (default), save, script, or ipset (policy mode with --ipset)').choices(OUTPUT_FORMATS))
    .addOption(new Option('--ip-family <family>', 'ipv4 (default) or ipv6').choices(['ipv4', 'ipv6']))
    .option('--config <file>', 'a KubeProxyConfiguration file (flags win over it)')
    .option('--hostname-override <name>', "kube-proxy's node name: endpoints on this node are local")
    .option('--node-ip <ips>', 'node IP addresses, comma-separated; the first of each family is the primary')
    .option('--cluster-cidr <cidrs>', 'pod network CIDR(s), comma-separated (ClusterCIDR local detection)')
    .addOption(new Option('--detect-local-mode <mode>', 'how pod traffic is recognised').choices(DETECT_LOCAL_MODES))
    .option('--pod-cidr <cidrs>', "the node's pod CIDR(s) (NodeCIDR local detection)")
    .option('--pod-bridge-interface <name>', 'pod bridge (BridgeInterface local detection)')
    .option('--pod-interface-name-prefix <prefix>', 'pod interface prefix (InterfaceNamePrefix local detection)')
    .option('--masquerade-all', 'masquerade all traffic sent to cluster IPs (--masquerade-all=false to turn off)')
    .addOption(new Option('--no-masquerade-all').hideHelp())
    .option('--iptables-masquerade-bit <bit>', 'fwmark bit for packets to masquerade (0-31, default 14)')
    .option('--nodeport-addresses <cidrs>', 'CIDRs (or "primary") whose node addresses accept NodePorts')
    .option('--iptables-localhost-nodeports', 'accept NodePorts on 127.0.0.0/8 (IPv4; default true; =false to turn off)')
    .addOption(new Option('--no-iptables-localhost-nodeports').hideHelp())
    .option('--no-random-fully', 'the iptables on the node lacks MASQUERADE --random-fully')
    .option('--nfacct', 'the node has nfacct counters: emit the counting matches kube-proxy adds')
    .option('--conntrack-tcp-be-liberal', 'nf_conntrack_tcp_be_liberal is set: no INVALID drop rule')
    .addOption(new Option('--no-conntrack-tcp-be-liberal').hideHelp())
    .option('--ipset', 'policy mode: match pod peers with ipsets (the script form restores them)')
    .option('--policy-mark-bit <bit>', 'policy mode: mark bit for "allowed by a policy" (default 16)')
    .addOption(new Option('--policy-deny <verdict>', 'policy mode: REJECT (default) or DROP what no policy allows').choices(['REJECT', 'DROP']))
    .option('-v, --verbose', 'also mention skipped objects')
    .action((paths: string[], opts: Record<string, unknown>) => {
      const flags: Flags = {};
      for (const k of FLAG_KEYS) {
        // --no-random-fully defaults randomFully to true: pass it only when turned off.
        if (k === 'randomFully' && opts[k] === true) continue;
        if (opts[k] !== undefined) (flags as Record<string, unknown>)[k] = opts[k];
      }
      onArgs({
        paths: [...paths, ...(opts.filename as string[])],
        configPath: opts.config as string | undefined,
        output: opts.output as string | undefined,
        verbose: !!opts.verbose,
        flags,
      });
    });
}

/** Boolean flags that also take kube-proxy's `--flag=true|false` form. */
const BOOLEAN_FLAGS = ['--masquerade-all', '--iptables-localhost-nodeports', '--conntrack-tcp-be-liberal'];

/**
 * `--flag=false` → `--no-flag`, `--flag=true` → `--flag`. A bare boolean flag never takes the
 * next argument as its value, so `--masquerade-all input/` keeps input/ as a path.
 */
export function normalizeBooleanFlags(argv: readonly string[]): string[] {
  return argv.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 0 || !BOOLEAN_FLAGS.includes(a.slice(0, eq))) return a;
    const value = a.slice(eq + 1);
    if (value === 'true') return a.slice(0, eq);
    if (value === 'false') return `--no-${a.slice(2, eq)}`;
    return a; // left for commander to reject
  });
}

/** Parses `compile` arguments without running anything (used by tests and tools). */
export function parseCompileArgs(argv: readonly string[]): CompileArgs {
  let parsed: CompileArgs | undefined;
  compileCommandSpec((a) => {
    parsed = a;
  })
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .parse(normalizeBooleanFlags(argv), { from: 'user' });
  return parsed!;
}

export function compileCommand(io: IO, setExit: (code: number) => void): Command {
  return compileCommandSpec((a) => {
    const result = compile({ paths: a.paths, configPath: a.configPath, readStdin: io.readStdin }, a.flags);
    printDiagnostics(result.diagnostics, result.files, io.stderr, io.stderrIsTTY, { verbose: a.verbose, format: 'text' });
    if (hasErrors(result.diagnostics) || result.output === undefined) {
      setExit(EXIT.invalid);
      return;
    }
    if (a.output !== undefined) {
      try {
        writeFileAtomic(a.output, result.output);
      } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such directory' : (e as Error).message;
        const d = diag('KR0004', `cannot write ${a.output}: ${why}`, COMMAND_LINE);
        printDiagnostics([d], [], io.stderr, io.stderrIsTTY, { verbose: false, format: 'text' });
        setExit(EXIT.invalid);
        return;
      }
    } else io.stdout(result.output);
    setExit(EXIT.ok);
  });
}
