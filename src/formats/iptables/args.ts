// The argument texts the restore form (kube-proxy's own order) and the save form (the kernel's)
// write alike. Each writer keeps only what differs: order, address and mark notation, quoting.
import { joinHostPort } from '../../net/ip.js';
import type { Match, Target } from '../../ir/iptables.js';
import { word } from '../tokens.js';

const neg = (negate: boolean): string[] => (negate ? ['!'] : []);

export function dportText(mt: Extract<Match, { kind: 'dport' }>): string {
  return mt.endPort === undefined ? String(mt.port) : `${mt.port}:${mt.endPort}`;
}

/** Matches whose text is the same in both forms; undefined for the others. */
export function sharedMatchArgs(mt: Match): string[] | undefined {
  switch (mt.kind) {
    case 'conntrack':
      return ['-m', 'conntrack', ...neg(mt.negate), '--ctstate', mt.states.join(',')];
    case 'addrtype':
      return ['-m', 'addrtype', ...neg(mt.negate), mt.dir === 'src' ? '--src-type' : '--dst-type', mt.type];
    case 'set':
      return ['-m', 'set', ...neg(mt.negate), '--match-set', word(mt.name), mt.flags.join(',')];
    case 'physdev-is-in':
      return ['-m', 'physdev', ...neg(mt.negate), '--physdev-is-in'];
    case 'unknown':
      return unknownWords(mt.words);
    default:
      return undefined;
  }
}

/** Targets whose text is the same in both forms; undefined for the others. */
export function sharedTargetArgs(tg: Target): string[] | undefined {
  switch (tg.kind) {
    case 'jump':
      return ['-j', word(tg.chain)];
    case 'accept':
      return ['-j', 'ACCEPT'];
    case 'drop':
      return ['-j', 'DROP'];
    case 'return':
      return ['-j', 'RETURN'];
    case 'dnat':
      return ['-j', 'DNAT', '--to-destination', joinHostPort(tg.ip, tg.port)];
    case 'masquerade':
      return ['-j', 'MASQUERADE', ...(tg.randomFully ? ['--random-fully'] : [])];
    case 'unknown':
      return unknownWords(tg.words);
    default:
      return undefined;
  }
}

/**
 * Words kept from a parsed dump, written back as they were read. They never come from cluster
 * input, but they are still refused if they could break the line structure.
 */
function unknownWords(words: readonly string[]): string[] {
  for (const w of words) if (/[\n\r\0]/.test(w)) throw new Error(`internal: refusing to write ${JSON.stringify(w)}`);
  return [...words];
}

/** `-A CHAIN args`, or `-A CHAIN` for a rule without matches or target. */
export function appendLine(chain: string, args: string): string {
  return args === '' ? `-A ${chain}` : `-A ${chain} ${args}`;
}
