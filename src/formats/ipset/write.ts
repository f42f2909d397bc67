// IR ipsets → `ipset restore` input. Each set is filled as a fresh "<name>-new" set and then
// swapped in, so re-running it replaces members atomically: a set is never seen half-filled or
// empty by the rules that match on it.
import { formatCIDR } from '../../net/cidr.js';
import { formatIP } from '../../net/ip.js';
import { byteOrder } from '../../net/order.js';
import type { IpSet } from '../../ir/iptables.js';
import { comment, word } from '../tokens.js';

export function writeIpsets(sets: readonly IpSet[]): string {
  const lines: string[] = [];
  for (const s of [...sets].sort((a, b) => byteOrder(a.name, b.name))) {
    comment(s.comment);
    const type = `${s.type} family ${s.family === 4 ? 'inet' : 'inet6'}`;
    const next = `${word(s.name)}-new`;
    lines.push(`# ${s.comment}`);
    lines.push(`create ${s.name} ${type} -exist`);
    lines.push(`create ${next} ${type} -exist`);
    lines.push(`flush ${next}`);
    for (const m of s.members) lines.push(`add ${next} ${m.kind === 'ip' ? formatIP(m.ip) : formatCIDR(m.cidr)}`);
    lines.push(`swap ${next} ${s.name}`);
    lines.push(`destroy ${next}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
