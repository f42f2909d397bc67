// IR ipsets → `ipset restore` input. Re-running it is safe: sets are created with -exist and
// flushed before their members are added, so a set always holds exactly what the ruleset says.
import { formatCIDR } from '../net/cidr.js';
import { formatIP } from '../net/ip.js';
import type { IpSet } from '../ir/iptables.js';
import { comment, word } from './tokens.js';

export function writeIpsets(sets: readonly IpSet[]): string {
  const lines: string[] = [];
  for (const s of [...sets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    comment(s.comment);
    lines.push(`# ${s.comment}`);
    lines.push(`create ${word(s.name)} ${s.type} family ${s.family === 4 ? 'inet' : 'inet6'} -exist`);
    lines.push(`flush ${s.name}`);
    for (const m of s.members) lines.push(`add ${s.name} ${m.kind === 'ip' ? formatIP(m.ip) : formatCIDR(m.cidr)}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
