// Options shared by the commands that read a cluster: where the input is, how diagnostics look,
// and the node settings (compile uses them for the rules; validate checks them and reports what
// the rules would depend on).
import { Command, Option } from 'commander';
import { MODES, POLICY_DATAPLANES } from '../config/job.js';
import { DETECT_LOCAL_MODES } from '../config/settings.js';
import { SCHEDULERS } from '../ir/ipvs.js';
import type { RawFlags as Flags } from './flags.js';
import { COLOUR_MODES, type ColourMode } from './io.js';

/** A repeatable option's values; no default, so --help shows none. */
const collect = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

export interface InputArgs {
  paths: string[];
  exclude: string[];
  allowEmpty: boolean;
  configPath: string | undefined;
  verbose: boolean;
  colour: ColourMode;
  flags: Flags;
}

/** Input, diagnostics and settings options, in the order `--help` lists them. */
export function addClusterOptions(cmd: Command): Command {
  return cmd
    .argument('[path...]', 'YAML or JSON files, directories (recursive), or - for standard input')
    .option('-f, --filename <path>', 'input file or directory (repeatable)', collect)
    .option('--exclude <glob>', 'leave matching files and directories out of directory inputs (repeatable)', collect)
    .option('--allow-empty', 'input without any Kubernetes object is not an error')
    .addOption(new Option('--mode <mode>', 'proxy mode, or policy for NetworkPolicy rules').choices(MODES))
    .addOption(new Option('--backend <dataplane>', 'policy mode: the dataplane of the policy rules, iptables (default) or nftables (one inet table for both families)').choices(POLICY_DATAPLANES))
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
    .option('--ipvs-scheduler <name>', `IPVS mode: the scheduler of every virtual service (${SCHEDULERS.join(', ')}; default rr)`)
    .option('--ipvs-strict-arp', 'IPVS mode: arp_ignore=1 and arp_announce=2 (=false to turn off)')
    .addOption(new Option('--no-ipvs-strict-arp').hideHelp())
    .option('--service-cidrs <cidrs>', 'nftables mode: the service CIDRs (else the input\'s ServiceCIDR objects): unallocated cluster IPs are dropped')
    .option('--ipvs-exclude-cidrs <cidrs>', 'IPVS mode: virtual services on these addresses are not kube-proxy\'s and are never deleted')
    .option('--ipvs-tcp-timeout <duration>', 'IPVS mode: idle TCP connection timeout (0 keeps the kernel\'s)')
    .option('--ipvs-tcpfin-timeout <duration>', 'IPVS mode: TCP timeout after FIN (0 keeps the kernel\'s)')
    .option('--ipvs-udp-timeout <duration>', 'IPVS mode: UDP timeout (0 keeps the kernel\'s)')
    .addOption(new Option('--color <when>', 'colour diagnostics: auto (a terminal, FORCE_COLOR, NO_COLOR, TERM=dumb), always, never').choices(COLOUR_MODES).default('auto'))
    .option('-v, --verbose', 'also mention skipped objects and objects that produce no rules');
}

/** Setting flags as commander gives them (strings and booleans; undefined when not given). */
const FLAG_KEYS = [
  'mode',
  'backend',
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
  'ipvsScheduler',
  'ipvsStrictArp',
  'ipvsExcludeCidrs',
  'serviceCidrs',
  'ipvsTcpTimeout',
  'ipvsTcpfinTimeout',
  'ipvsUdpTimeout',
] as const satisfies readonly (keyof Flags)[];

export function inputArgs(paths: string[], opts: Record<string, unknown>): InputArgs {
  const flags: Flags = {};
  for (const k of FLAG_KEYS) {
    // --no-random-fully defaults randomFully to true: pass it only when turned off.
    if (k === 'randomFully' && opts[k] === true) continue;
    if (opts[k] !== undefined) (flags as Record<string, unknown>)[k] = opts[k];
  }
  return {
    paths: [...paths, ...((opts.filename as string[] | undefined) ?? [])],
    exclude: (opts.exclude as string[] | undefined) ?? [],
    allowEmpty: !!opts.allowEmpty,
    configPath: opts.config as string | undefined,
    verbose: !!opts.verbose,
    colour: opts.color as ColourMode,
    flags,
  };
}

/** The string-valued setting flags, by their command-line names (for "did a flag take a path?"). */
export function stringFlagValues(flags: Flags): [string, string][] {
  return Object.entries(flags)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v]);
}

/** Boolean flags that also take kube-proxy's `--flag=true|false` form. */
const BOOLEAN_FLAGS = ['--masquerade-all', '--iptables-localhost-nodeports', '--conntrack-tcp-be-liberal', '--ipvs-strict-arp'];

/**
 * `--flag=false` → `--no-flag`, `--flag=true` → `--flag`; any other value is an error of ours
 * ("not a boolean") rather than commander's "unknown option". A bare boolean flag never takes
 * the next argument as its value, so `--masquerade-all input/` keeps input/ as a path.
 */
export function normalizeBooleanFlags(argv: readonly string[]): { argv: string[]; errors: string[] } {
  const errors: string[] = [];
  const out = argv.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 0 || !BOOLEAN_FLAGS.includes(a.slice(0, eq))) return a;
    const value = a.slice(eq + 1);
    if (value === 'true') return a.slice(0, eq);
    if (value === 'false') return `--no-${a.slice(2, eq)}`;
    errors.push(`${a.slice(0, eq)}: ${JSON.stringify(value)} is not a boolean (true or false)`);
    return a.slice(0, eq);
  });
  return { argv: out, errors };
}
