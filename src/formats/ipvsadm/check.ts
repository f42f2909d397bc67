// A checker of ipvsadm's command grammar, as ipvsadm 1.31 (ipvsadm.c) parses one command line or
// one line of `ipvsadm -R` input: a command first (-A -E -D -C -R -S -a -e -d -L -l -Z --set
// --start-daemon --stop-daemon -h -v), then options (popt: short, long, --long=value, short with
// an attached value, bundled flags), each allowed or required per command as its
// commands_v_options table says, with the values parse_options and process_options accept:
// service and server addresses (a.b.c.d[:port], [v6]:port or bare v6; numeric only, since
// kube-rulec never writes names), schedulers the kernel has, scheduler flags and the scheduler
// they belong to, timeouts, weights, thresholds, netmasks, fwmarks, tunnel options. Messages are
// ipvsadm's own where it has one.
import { parseIP, type IP } from '../../net/ip.js';
import { isScheduler, NAMED_FLAGS, SCHEDULERS } from '../../ir/ipvs.js';

const MAX_TIMEOUT = 86400 * 31;
const INT_MAX = 2147483647;
const UINT_MAX = 4294967295;

type Command = 'add-service' | 'edit-service' | 'delete-service' | 'flush' | 'list' | 'add-server' | 'delete-server' | 'edit-server' | 'set' | 'start-daemon' | 'stop-daemon' | 'restore' | 'save' | 'zero';

/** The option columns of commands_v_options, in its order (optnames). */
const OPTION_NAMES = [
  'numeric', 'connection', 'service-address', 'scheduler', 'persistent', 'netmask', 'real-server', 'forwarding-method', 'weight',
  'u-threshold', 'l-threshold', 'mcast-interface', 'timeout', 'daemon', 'stats', 'rate', 'thresholds', 'persistent-conn', 'nosort',
  'syncid', 'exact', 'ops', 'pe', 'sched-flags', 'mcast-group', 'mcast-port', 'mcast-ttl', 'sync-maxlen', 'tun-info', 'tun-type',
  'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum',
] as const;
type OptionName = (typeof OPTION_NAMES)[number];

/** commands_v_options: '+' compulsory, 'x' illegal, '1' exclusive, ' ' optional; one char per column. */
const TABLE: Record<Command, string> = {
  'add-service': 'xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx',
  'edit-service': 'xx+   xxxxxxxxxxxxxxx   xxxxxxxxxx',
  'delete-service': 'xx+xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  flush: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  list: ' 11xxxxxxxxx11       xxxxxxx xxxxx',
  'add-server': 'xx+xxx+    xxxxxxxxxxxxxxxxxx     ',
  'delete-server': 'xx+xxx+xxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'edit-server': 'xx+xxx+    xxxxxxxxxxxxxxxxxx     ',
  set: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'start-daemon': 'xxxxxxxxxxx xxxxxxx xxxx    xxxxxx',
  'stop-daemon': 'xxxxxxxxxxxxxxxxxxx xxxxxxxxxxxxxx',
  restore: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  save: ' xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  zero: 'xx xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
};

interface OptionSpec {
  long: string;
  short?: string;
  arg: 'none' | 'required' | 'optional';
  /** The command it sets, or the option column it fills (none for --sort and -6). */
  command?: Command | 'help' | 'version';
  column?: OptionName;
}

// parse_options' popt table.
const OPTIONS: readonly OptionSpec[] = [
  { long: 'add-service', short: 'A', arg: 'none', command: 'add-service' },
  { long: 'edit-service', short: 'E', arg: 'none', command: 'edit-service' },
  { long: 'delete-service', short: 'D', arg: 'none', command: 'delete-service' },
  { long: 'clear', short: 'C', arg: 'none', command: 'flush' },
  { long: 'list', short: 'L', arg: 'none', command: 'list' },
  { long: 'list', short: 'l', arg: 'none', command: 'list' },
  { long: 'zero', short: 'Z', arg: 'none', command: 'zero' },
  { long: 'add-server', short: 'a', arg: 'none', command: 'add-server' },
  { long: 'edit-server', short: 'e', arg: 'none', command: 'edit-server' },
  { long: 'delete-server', short: 'd', arg: 'none', command: 'delete-server' },
  { long: 'set', arg: 'none', command: 'set' },
  { long: 'help', short: 'h', arg: 'none', command: 'help' },
  { long: 'version', short: 'v', arg: 'none', command: 'version' },
  { long: 'restore', short: 'R', arg: 'none', command: 'restore' },
  { long: 'save', short: 'S', arg: 'none', command: 'save' },
  { long: 'start-daemon', arg: 'required', command: 'start-daemon' },
  { long: 'stop-daemon', arg: 'required', command: 'stop-daemon' },
  { long: 'tcp-service', short: 't', arg: 'required', column: 'service-address' },
  { long: 'udp-service', short: 'u', arg: 'required', column: 'service-address' },
  { long: 'sctp-service', arg: 'required', column: 'service-address' },
  { long: 'fwmark-service', short: 'f', arg: 'required', column: 'service-address' },
  { long: 'scheduler', short: 's', arg: 'required', column: 'scheduler' },
  { long: 'persistent', short: 'p', arg: 'optional', column: 'persistent' },
  { long: 'netmask', short: 'M', arg: 'required', column: 'netmask' },
  { long: 'real-server', short: 'r', arg: 'required', column: 'real-server' },
  { long: 'masquerading', short: 'm', arg: 'none', column: 'forwarding-method' },
  { long: 'ipip', short: 'i', arg: 'none', column: 'forwarding-method' },
  { long: 'gatewaying', short: 'g', arg: 'none', column: 'forwarding-method' },
  { long: 'weight', short: 'w', arg: 'required', column: 'weight' },
  { long: 'u-threshold', short: 'x', arg: 'required', column: 'u-threshold' },
  { long: 'l-threshold', short: 'y', arg: 'required', column: 'l-threshold' },
  { long: 'numeric', short: 'n', arg: 'none', column: 'numeric' },
  { long: 'connection', short: 'c', arg: 'none', column: 'connection' },
  { long: 'mcast-interface', arg: 'required', column: 'mcast-interface' },
  { long: 'syncid', arg: 'required', column: 'syncid' },
  { long: 'timeout', arg: 'none', column: 'timeout' },
  { long: 'daemon', arg: 'none', column: 'daemon' },
  { long: 'stats', arg: 'none', column: 'stats' },
  { long: 'rate', arg: 'none', column: 'rate' },
  { long: 'thresholds', arg: 'none', column: 'thresholds' },
  { long: 'persistent-conn', arg: 'none', column: 'persistent-conn' },
  { long: 'nosort', arg: 'none', column: 'nosort' },
  { long: 'sort', arg: 'none' },
  { long: 'exact', short: 'X', arg: 'none', column: 'exact' },
  { long: 'ipv6', short: '6', arg: 'none' },
  { long: 'ops', short: 'o', arg: 'none', column: 'ops' },
  { long: 'pe', arg: 'required', column: 'pe' },
  { long: 'sched-flags', short: 'b', arg: 'required', column: 'sched-flags' },
  { long: 'mcast-group', arg: 'required', column: 'mcast-group' },
  { long: 'mcast-port', arg: 'required', column: 'mcast-port' },
  { long: 'mcast-ttl', arg: 'required', column: 'mcast-ttl' },
  { long: 'sync-maxlen', arg: 'required', column: 'sync-maxlen' },
  { long: 'tun-info', arg: 'none', column: 'tun-info' },
  { long: 'tun-type', arg: 'required', column: 'tun-type' },
  { long: 'tun-port', arg: 'required', column: 'tun-port' },
  { long: 'tun-nocsum', arg: 'none', column: 'tun-nocsum' },
  { long: 'tun-csum', arg: 'none', column: 'tun-csum' },
  { long: 'tun-remcsum', arg: 'none', column: 'tun-remcsum' },
];

class CheckError extends Error {}
const fail = (message: string): never => {
  throw new CheckError(message);
};

interface Given {
  option: OptionSpec;
  value: string | undefined;
}

/** popt's view of the words: options with their values, and the leftover arguments. */
function tokenize(words: readonly string[]): { given: Given[]; rest: string[] } {
  const given: Given[] = [];
  const rest: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const take = (option: OptionSpec, attached: string | undefined) => {
      if (option.arg === 'none') {
        if (attached !== undefined) fail(`option --${option.long} does not take a value`);
        given.push({ option, value: undefined });
        return;
      }
      if (attached !== undefined) given.push({ option, value: attached });
      else if (option.arg === 'optional') {
        // POPT_ARGFLAG_OPTIONAL: the next word is the value unless it is an option.
        const next = words[i + 1];
        if (next !== undefined && !next.startsWith('-')) {
          given.push({ option, value: next });
          i++;
        } else given.push({ option, value: undefined });
      } else {
        const next = words[++i];
        if (next === undefined) fail(`option --${option.long} needs a value`);
        given.push({ option, value: next });
      }
    };
    if (w.startsWith('--') && w.length > 2) {
      const eq = w.indexOf('=');
      const name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      const option = OPTIONS.find((o) => o.long === name) ?? fail(`unknown option ${w}`);
      take(option, eq < 0 ? undefined : w.slice(eq + 1));
    } else if (w.startsWith('-') && w.length > 1) {
      // Short options, bundled: each takes the rest of the word as its value if it has one.
      for (let k = 1; k < w.length; k++) {
        const option = OPTIONS.find((o) => o.short === w[k]) ?? fail(`unknown option -${w[k]}`);
        if (option.arg !== 'none' && k + 1 < w.length) {
          take(option, w.slice(k + 1));
          break;
        }
        take(option, undefined);
      }
    } else rest.push(w);
  }
  return { given, rest };
}

function integer(text: string, min: number, max: number): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

interface Address {
  ip: IP;
  port: number | undefined;
}

/** parse_service, numeric forms only: a.b.c.d[:port], [v6]:port, or a bare v6 address. */
function address(text: string): Address | undefined {
  if (/^\d+$/.test(text)) return undefined;
  let host = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0 || text[close + 1] !== ':') return undefined;
    host = text.slice(1, close);
    portText = text.slice(close + 2);
    const ip = parseIP(host)?.ip;
    return ip?.family === 6 ? withPort(ip, portText) : undefined;
  }
  const v6 = parseIP(text)?.ip;
  if (v6?.family === 6) return { ip: v6, port: undefined };
  const colon = text.lastIndexOf(':');
  if (colon >= 0) {
    host = text.slice(0, colon);
    portText = text.slice(colon + 1);
  }
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) ? parseIP(host)?.ip : undefined;
  return ip?.family === 4 ? withPort(ip, portText) : undefined;
}

function withPort(ip: IP, portText: string | undefined): Address | undefined {
  if (portText === undefined) return { ip, port: undefined };
  const port = integer(portText, 0, 65535);
  return port === undefined ? undefined : { ip, port };
}

/** An IPv4 netmask in dotted form: contiguous ones. */
function netmask4(text: string): boolean {
  const ip = /^\d{1,3}(\.\d{1,3}){3}$/.test(text) ? parseIP(text)?.ip : undefined;
  if (!ip) return false;
  const n = ((ip.bytes[0]! << 24) >>> 0) + (ip.bytes[1]! << 16) + (ip.bytes[2]! << 8) + ip.bytes[3]!;
  const inverted = ~n >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

/** Checks one command line (the words after `ipvsadm`); returns what ipvsadm would refuse it for. */
export function checkIpvsadmArgs(words: readonly string[]): string | undefined {
  try {
    check(words);
    return undefined;
  } catch (e) {
    if (e instanceof CheckError) return e.message;
    throw e;
  }
}

function check(words: readonly string[]): void {
  const { given, rest } = tokenize(words);
  const first = given[0];
  if (!first?.option.command) fail('the first option must be a command (-A, -E, -D, -C, -R, -S, -a, -e, -d, -L, -Z, --set, --start-daemon, --stop-daemon)');
  const command = first!.option.command!;
  for (const g of given.slice(1)) if (g.option.command) fail('multiple commands specified');
  if (command === 'help' || command === 'version') return;
  if (command === 'start-daemon' || command === 'stop-daemon') {
    if (first!.value !== 'master' && first!.value !== 'backup') fail(`illegal ${command} parameter specified`);
  }
  const seen = new Set<OptionName>();
  let protocol: 'tcp' | 'udp' | 'sctp' | 'fwmark' | undefined;
  let service: Address | undefined;
  let server: Address | undefined;
  let fwmark = false;
  let scheduler: string | undefined;
  let persistent = false;
  let forwarding: 'masq' | 'gate' | 'ipip' = 'gate';
  let flags: string | undefined;
  let tunType = 'ipip';
  let ops = false;
  for (const { option, value } of given.slice(1)) {
    if (option.column) {
      if (seen.has(option.column)) fail(`multiple '${option.column}' options specified`);
      seen.add(option.column);
    }
    const v = value ?? '';
    switch (option.long) {
      case 'tcp-service':
      case 'udp-service':
      case 'sctp-service':
        protocol = option.long === 'tcp-service' ? 'tcp' : option.long === 'udp-service' ? 'udp' : 'sctp';
        service = address(v) ?? fail('illegal virtual server address[:port] specified');
        break;
      case 'fwmark-service':
        if (integer(v, 1, UINT_MAX) === undefined) fail(`invalid fwmark value \`${v}' specified`);
        protocol = 'fwmark';
        fwmark = true;
        break;
      case 'scheduler':
        if (!isScheduler(v)) fail(`unknown scheduler \`${v}' (the kernel's are ${SCHEDULERS.join(', ')})`);
        scheduler = v;
        break;
      case 'persistent':
        persistent = true;
        if (value !== undefined && integer(value, 1, MAX_TIMEOUT) === undefined) fail(`invalid timeout value \`${value}' specified`);
        break;
      case 'netmask':
        if (service?.ip.family === 6 ? integer(v, 1, 128) === undefined : !netmask4(v)) {
          fail(service?.ip.family === 6 ? 'illegal ipv6 netmask specified' : 'illegal virtual server persistent mask specified');
        }
        break;
      case 'real-server':
        server = address(v) ?? fail('illegal real server address[:port] specified');
        break;
      case 'masquerading':
        forwarding = 'masq';
        break;
      case 'gatewaying':
        forwarding = 'gate';
        break;
      case 'ipip':
        forwarding = 'ipip';
        break;
      case 'weight':
        if (integer(v, 0, 65535) === undefined) fail('illegal weight specified');
        break;
      case 'u-threshold':
      case 'l-threshold':
        if (integer(v, 0, INT_MAX) === undefined) fail(`illegal ${option.long === 'u-threshold' ? 'u_threshold' : 'l_threshold'} specified`);
        break;
      case 'syncid':
        if (integer(v, 0, 255) === undefined) fail('illegal syncid specified');
        break;
      case 'ipv6':
        if (!fwmark) fail('-6 used before -f');
        break;
      case 'ops':
        ops = true;
        break;
      case 'pe':
        if (v !== 'sip') fail(`unknown persistence engine \`${v}'`);
        break;
      case 'sched-flags':
        flags = v;
        break;
      case 'mcast-group':
        if (!parseIP(v)) fail(`invalid mcast-group \`${v}'`);
        break;
      case 'mcast-port':
      case 'tun-port':
        if (integer(v, 1, 65535) === undefined) fail(`illegal ${option.long === 'mcast-port' ? 'mcast-port' : 'tunnel port'} specified`);
        break;
      case 'mcast-ttl':
        if (integer(v, 1, 255) === undefined) fail('illegal mcast-ttl specified');
        break;
      case 'sync-maxlen':
        if (integer(v, 1, 65535 - 20 - 8) === undefined) fail('illegal sync-maxlen specified');
        break;
      case 'tun-type':
        if (v !== 'ipip' && v !== 'gue' && v !== 'gre') fail('illegal tunnel type specified');
        tunType = v;
        break;
    }
  }
  if (command === 'set') {
    if (rest.length < 3) fail('--set option requires 3 timeout values');
    for (const t of rest.slice(0, 3)) if (integer(t, 0, MAX_TIMEOUT) === undefined) fail(`invalid timeout value \`${t}' specified`);
    rest.splice(0, 3);
  }
  if (rest.length > 0) fail(`unexpected argument ${rest[0]}`);
  if (flags !== undefined) {
    const sched = scheduler ?? 'wlc';
    const list = flags.split(',');
    if (list.some((f) => f === '')) fail(`invalid scheduler flag \`${flags}'`);
    for (const f of list) {
      const owner = Object.keys(NAMED_FLAGS).find((s) => NAMED_FLAGS[s]!.includes(f as never));
      if (owner === undefined && !['flag-1', 'flag-2', 'flag-3'].includes(f)) fail(`invalid scheduler flag \`${f}'`);
      if (owner !== undefined && owner !== sched) fail(`incompatible scheduler flag \`${f}'`);
    }
  }
  // generic_opt_check
  const row = TABLE[command as Command];
  let exclusive: OptionName | undefined;
  OPTION_NAMES.forEach((name, j) => {
    const rule = row[j];
    if (!seen.has(name)) {
      if (rule === '+') fail(`You need to supply the '${name}' option for the '${command}' command`);
      return;
    }
    if (rule === 'x') fail(`Illegal '${name}' option with the '${command}' command`);
    if (rule === '1') {
      if (exclusive !== undefined) fail(`The option '${name}' conflicts with the '${exclusive}' option in the '${command}' command`);
      exclusive = name;
    }
  });
  if (command === 'add-service' || command === 'edit-service') {
    if (!fwmark && !service?.port && !persistent) fail('Zero port specified for non-persistent service');
    if (ops && !fwmark && protocol !== 'udp') fail('One-Packet Scheduling is only for UDP virtual services');
  }
  if (command === 'add-server' || command === 'edit-server') {
    if (!fwmark && service && server && server.ip.family !== service.ip.family && forwarding !== 'ipip') {
      fail('Different address family is allowed only for tunneling servers');
    }
    const tunnelOptions = (['tun-type', 'tun-port', 'tun-nocsum', 'tun-csum', 'tun-remcsum'] as const).filter((o) => seen.has(o));
    if (tunnelOptions.length > 0 && forwarding !== 'ipip') fail('Tunnel options conflict with forward method');
    // tunnel_types_v_options
    const checksum = (['tun-nocsum', 'tun-csum', 'tun-remcsum'] as const).filter((o) => seen.has(o));
    if (tunType === 'gue' && !seen.has('tun-port')) fail("You need to supply the 'tun-port' option for the 'gue' tunnel type");
    if (tunType !== 'gue' && seen.has('tun-port')) fail(`Illegal 'tun-port' option with the '${tunType}' tunnel type`);
    if (tunType === 'ipip' && checksum.length > 0) fail(`Illegal '${checksum[0]}' option with the 'ipip' tunnel type`);
    if (tunType === 'gre' && seen.has('tun-remcsum')) fail("Illegal 'tun-remcsum' option with the 'gre' tunnel type");
    if (checksum.length > 1) fail(`The option '${checksum[1]}' conflicts with the '${checksum[0]}' option in the '${tunType}' tunnel type`);
  }
}

export interface LineProblem {
  /** 1-based. */
  line: number;
  message: string;
}

/**
 * Checks `ipvsadm -R` input (what ipvsadm-save prints): one command per line, words split on
 * white space, a leading `ipvsadm` word dropped, `#` lines and empty lines skipped (as
 * ipvsadm-restore does).
 */
export function checkIpvsadm(text: string): LineProblem[] {
  const problems: LineProblem[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('#')) return;
    const words = line.split(/[ \t\r]+/).filter((w) => w !== '' && w !== 'ipvsadm');
    if (words.length === 0) return;
    const message = checkIpvsadmArgs(words);
    if (message !== undefined) problems.push({ line: i + 1, message });
  });
  return problems;
}
