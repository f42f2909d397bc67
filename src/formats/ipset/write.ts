// ipsets → `ipset restore` input. Each set is filled as a fresh temporary set ("<name>-new") and
// then swapped in, so re-running it replaces members atomically: a set is never seen half-filled
// or empty by the rules that match on it.
import { byteOrder } from '../../net/order.js';
import { MAX_SET_NAME, memberText, type IpSet } from '../../ir/ipset.js';
import { sha256Base32 } from '../../net/hash.js';
import { comment, word } from '../tokens.js';

/**
 * The type and options of a `create` line, in the order ipset prints them: `hash:ip family inet`,
 * `hash:ip,port family inet hashsize 1024 maxelem 65536`, `bitmap:port range 0-65535`.
 */
function typeText(s: IpSet): string {
  const family = s.family === undefined ? '' : ` family ${s.family === 4 ? 'inet' : 'inet6'}`;
  const size = (s.hashSize === undefined ? '' : ` hashsize ${s.hashSize}`) + (s.maxElem === undefined ? '' : ` maxelem ${s.maxElem}`);
  const range = s.range ? ` range ${s.range.from}-${s.range.to}` : '';
  return `${s.kind}${family}${size}${range}`;
}

/**
 * The temporary set a set is filled in: "<name>-new", or when that is longer than a set name may
 * be (KUBE-LOAD-BALANCER-SOURCE-CIDR-new), the name cut short and a hash of the whole name, so
 * that two long names never share one.
 */
export function tempSetName(name: string): string {
  const plain = `${name}-new`;
  return plain.length <= MAX_SET_NAME ? plain : `${name.slice(0, MAX_SET_NAME - 9)}-${sha256Base32(name, 8)}`;
}

export function writeIpsets(sets: readonly IpSet[]): string {
  const lines: string[] = [];
  for (const s of [...sets].sort((a, b) => byteOrder(a.name, b.name))) {
    const type = typeText(s);
    const next = tempSetName(word(s.name));
    if (s.comment !== '') {
      comment(s.comment); // refuses text that could end the line
      lines.push(`# ${s.comment}`);
    }
    lines.push(`create ${s.name} ${type} -exist`);
    lines.push(`create ${next} ${type} -exist`);
    lines.push(`flush ${next}`);
    for (const m of s.members) lines.push(`add ${next} ${memberText(m)}`);
    lines.push(`swap ${next} ${s.name}`);
    lines.push(`destroy ${next}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
