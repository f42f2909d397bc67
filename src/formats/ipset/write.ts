// ipsets → `ipset restore` input. Each set is filled as a fresh "<name>-new" set and then
// swapped in, so re-running it replaces members atomically: a set is never seen half-filled or
// empty by the rules that match on it.
import { formatCIDR } from '../../net/cidr.js';
import { formatIP } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import type { IpSet, IpSetMember } from '../../ir/ipset.js';
import { comment, word } from '../tokens.js';

/** A member as `ipset add` takes it: 10.0.0.1,tcp:80,10.0.0.2 for hash:ip,port,ip. */
export function memberText(m: IpSetMember): string {
  switch (m.kind) {
    case 'hash:ip':
      return formatIP(m.ip);
    case 'hash:net':
      return formatCIDR(m.cidr);
    case 'hash:ip,port':
      return `${formatIP(m.ip)},${m.protocol}:${m.port}`;
    case 'hash:ip,port,ip':
      return `${formatIP(m.ip)},${m.protocol}:${m.port},${formatIP(m.ip2)}`;
    case 'hash:ip,port,net':
      return `${formatIP(m.ip)},${m.protocol}:${m.port},${formatCIDR(m.cidr)}`;
    case 'bitmap:port':
      return String(m.port);
  }
}

/** The type and options of a `create` line: `hash:ip family inet`, `bitmap:port range 0-65535`. */
function typeText(s: IpSet): string {
  const family = s.family === undefined ? '' : ` family ${s.family === 4 ? 'inet' : 'inet6'}`;
  const range = s.range ? ` range ${s.range.from}-${s.range.to}` : '';
  return `${s.kind}${family}${range}`;
}

export function writeIpsets(sets: readonly IpSet[]): string {
  const lines: string[] = [];
  for (const s of [...sets].sort((a, b) => byteOrder(a.name, b.name))) {
    comment(s.comment);
    const type = typeText(s);
    const next = `${word(s.name)}-new`;
    lines.push(`# ${s.comment}`);
    lines.push(`create ${s.name} ${type} -exist`);
    lines.push(`create ${next} ${type} -exist`);
    lines.push(`flush ${next}`);
    for (const m of s.members) lines.push(`add ${next} ${memberText(m)}`);
    lines.push(`swap ${next} ${s.name}`);
    lines.push(`destroy ${next}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
