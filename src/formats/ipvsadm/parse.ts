// `ipvsadm-save -n` text → the IPVS IR: ours, or a live node's (whose real servers on local
// addresses show `-g`). Each line must pass the grammar checker and be in the form ipvsadm-save
// prints (write.ts); services that kube-proxy never makes (fwmark, --pe, -o, -M) and tunnel
// options are refused with the line they are on. Writing what this reads gives the same text back
// (the round-trip test says so for every golden).
import { parseIP, type IP, type IPFamily } from '../../net/ip.js';
import type { Protocol } from '../../ir/addr.js';
import type { Forwarding, IpvsTable, SchedulerFlag, VirtualService } from '../../ir/ipvs.js';
import { checkIpvsadmArgs } from './check.js';
import { FORWARDING_OPTION, SERVICE_OPTION } from './write.js';

export class IpvsadmParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const PROTOCOL_OF = new Map(Object.entries(SERVICE_OPTION).map(([p, o]) => [o, p as Protocol]));
const FORWARDING_OF = new Map(Object.entries(FORWARDING_OPTION).map(([f, o]) => [o, f as Forwarding]));

function addrPort(text: string): { ip: IP; port: number } | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const ip = m ? parseIP(m[1] ?? m[2]!)?.ip : undefined;
  return ip && (m![1] === undefined) === (ip.family === 4) ? { ip, port: Number(m![3]) } : undefined;
}

const key = (protocol: string, addr: string) => `${protocol} ${addr}`;

export function parseIpvsadm(text: string, family: IPFamily): IpvsTable {
  const services: VirtualService[] = [];
  const byKey = new Map<string, VirtualService>();
  text.split('\n').forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) return;
    const words = line.split(/\s+/);
    const problem = checkIpvsadmArgs(words);
    if (problem !== undefined) throw new IpvsadmParseError(n, problem);
    const fail = (why: string): never => {
      throw new IpvsadmParseError(n, why);
    };
    const protocol = PROTOCOL_OF.get(words[1] ?? '') ?? fail(`${words[1]} services are not in ipvsadm-save's form for kube-proxy (-t, -u or --sctp-service)`);
    const vip = addrPort(words[2] ?? '') ?? fail(`${words[2]} is not address:port as ipvsadm -n prints it`);
    if (vip.ip.family !== family) fail(`${words[2]} is not an IPv${family} service`);
    if (words[0] === '-A') {
      if (words[3] !== '-s' || words[4] === undefined) fail('expected -s SCHEDULER after the service');
      const service: VirtualService = { protocol, ip: vip.ip, port: vip.port, scheduler: words[4]!, flags: [], persistence: undefined, realServers: [] };
      let k = 5;
      if (words[k] === '-p') {
        service.persistence = Number(words[k + 1]);
        k += 2;
      }
      if (words[k] === '-b') {
        service.flags = words[k + 1]!.split(',') as SchedulerFlag[];
        k += 2;
      }
      if (k !== words.length) fail(`${words[k]} is not part of ipvsadm-save's service line here`);
      if (byKey.has(key(protocol, words[2]!))) fail(`service ${words[2]} is listed twice`);
      byKey.set(key(protocol, words[2]!), service);
      services.push(service);
      return;
    }
    if (words[0] !== '-a') fail(`${words[0]} is not a line ipvsadm-save prints (-A or -a)`);
    const service = byKey.get(key(protocol, words[2]!)) ?? fail(`real server of ${words[2]}, which no earlier -A line adds`);
    const rip = words[3] === '-r' ? addrPort(words[4] ?? '') : undefined;
    if (!rip) fail('expected -r ADDRESS:PORT after the service');
    const forwarding = FORWARDING_OF.get(words[5] ?? '') ?? fail('expected -m, -g or -i after the real server');
    if (words[6] !== '-w' || words.length !== 8) fail('expected -w WEIGHT to end the line');
    service.realServers.push({ ip: rip!.ip, port: rip!.port, forwarding, weight: Number(words[7]) });
  });
  return { family, services, keep: [] };
}
