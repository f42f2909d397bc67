// The transaction form read back into the IR: a knftables-style `nft -f` transaction (ours, or
// kube-proxy's as its logs print it) → one NftTable. Statements the parser knows become typed
// statements; a rule it cannot read whole is kept as one `unknown` statement with its words, so
// nothing is dropped. write(parse(text)) == text for every transaction kube-rulec writes
// (test/formats/nft/parse.test.ts runs it over the goldens).
import { parseCIDR } from '../../net/cidr.js';
import { parseIP, type IP } from '../../net/ip.js';
import type {
  ChainType,
  Hook,
  MarkValue,
  NftChain,
  NftContainer,
  NftDataType,
  NftFamily,
  NftMapValue,
  NftRule,
  NftSetFlag,
  NftTable,
  NftValue,
  Selector,
  Statement,
  Verdict,
} from '../../ir/nftables.js';

export class NftParseError extends Error {}

/** Words, a double-quoted string being one word (with its quotes). */
export function words(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let j = i;
    if (line[i] === '"') {
      j = line.indexOf('"', i + 1);
      if (j < 0) throw new NftParseError(`unterminated string in: ${line}`);
      j++;
    } else while (j < line.length && line[j] !== ' ') j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

const unquote = (w: string): string => {
  if (!w.startsWith('"') || !w.endsWith('"') || w.length < 2) throw new NftParseError(`expected a quoted string, got ${w}`);
  return w.slice(1, -1);
};

type Hint = 'addr' | 'port' | 'protocol' | 'mark' | 'number' | 'symbol';

function ipOf(text: string): IP {
  const p = parseIP(text);
  if (!p || p.leadingZeros) throw new NftParseError(`not an address: ${text}`);
  return p.ip;
}

function valueOf(w: string, hint: Hint): NftValue {
  if (w.startsWith('@')) return { kind: 'set-ref', name: w.slice(1) };
  if (w.startsWith('"')) return { kind: 'string', text: unquote(w) };
  if (/^0x[0-9a-f]+$/.test(w)) return { kind: 'hex', value: parseInt(w.slice(2), 16), digits: w.length - 2 };
  switch (hint) {
    case 'addr': {
      if (w.includes('/')) {
        const c = parseCIDR(w);
        if (!c || c.hostBits || c.leadingZeros) throw new NftParseError(`not a CIDR: ${w}`);
        return { kind: 'cidr', cidr: c.cidr };
      }
      const dash = w.indexOf('-');
      if (dash > 0) return { kind: 'range', from: ipOf(w.slice(0, dash)), to: ipOf(w.slice(dash + 1)) };
      return { kind: 'ip', ip: ipOf(w) };
    }
    case 'port': {
      const m = /^(\d+)(?:-(\d+))?$/.exec(w);
      if (!m) throw new NftParseError(`not a port: ${w}`);
      return m[2] === undefined ? { kind: 'port', port: Number(m[1]) } : { kind: 'port-range', from: Number(m[1]), to: Number(m[2]) };
    }
    case 'protocol':
      return w === 'tcp' || w === 'udp' || w === 'sctp' ? { kind: 'protocol', protocol: w } : { kind: 'symbol', name: w };
    default:
      return /^\d+$/.test(w) ? { kind: 'number', value: Number(w) } : { kind: 'symbol', name: w };
  }
}

function hintOf(s: Selector): Hint {
  switch (s.kind) {
    case 'payload':
      return s.field === 'saddr' || s.field === 'daddr' ? 'addr' : 'symbol';
    case 'l4':
    case 'th':
      return 'port';
    case 'meta':
      return s.key === 'l4proto' ? 'protocol' : s.key === 'mark' ? 'mark' : 'symbol';
    case 'ct':
      return s.key === 'mark' ? 'mark' : 'symbol';
    case 'and':
      return 'mark';
    case 'numgen':
      return 'number';
    default:
      return 'symbol';
  }
}

const TYPE_HINT: Partial<Record<NftDataType, Hint>> = { ipv4_addr: 'addr', ipv6_addr: 'addr', inet_service: 'port', inet_proto: 'protocol', mark: 'mark' };

const META_KEYS = ['l4proto', 'mark', 'iifname', 'oifname', 'iif', 'oif', 'nfproto', 'pkttype'] as const;
const SHORT_META = ['mark', 'iifname', 'oifname', 'iif', 'oif'] as const;

/** A cursor over one rule's words. */
class Cursor {
  i = 0;
  constructor(readonly w: string[]) {}
  peek(k = 0): string | undefined {
    return this.w[this.i + k];
  }
  next(): string {
    const x = this.w[this.i++];
    if (x === undefined) throw new NftParseError('rule ends too early');
    return x;
  }
  expect(word: string): void {
    const x = this.next();
    if (x !== word) throw new NftParseError(`expected ${word}, got ${x}`);
  }
  done(): boolean {
    return this.i >= this.w.length;
  }
}

function one(c: Cursor): Selector | undefined {
  const a = c.peek();
  const b = c.peek(1);
  if ((a === 'ip' || a === 'ip6') && (b === 'saddr' || b === 'daddr' || b === 'protocol' || b === 'nexthdr')) {
    c.i += 2;
    return { kind: 'payload', base: a, field: b };
  }
  if ((a === 'tcp' || a === 'udp' || a === 'sctp') && (b === 'sport' || b === 'dport')) {
    c.i += 2;
    return { kind: 'l4', protocol: a, field: b };
  }
  if (a === 'th' && (b === 'sport' || b === 'dport')) {
    c.i += 2;
    return { kind: 'th', field: b };
  }
  if (a === 'meta' && (META_KEYS as readonly string[]).includes(b ?? '')) {
    c.i += 2;
    return { kind: 'meta', key: b as (typeof META_KEYS)[number] };
  }
  if ((SHORT_META as readonly string[]).includes(a ?? '') && b !== 'set') {
    c.i += 1;
    return { kind: 'meta', key: a as (typeof SHORT_META)[number], short: true };
  }
  if (a === 'ct' && (b === 'state' || b === 'mark' || b === 'status' || b === 'direction')) {
    c.i += 2;
    return { kind: 'ct', key: b };
  }
  if (a === 'fib') {
    c.i += 1;
    const flags: ('saddr' | 'daddr' | 'iif' | 'oif' | 'mark')[] = [];
    for (;;) {
      const f = c.next();
      if (!['saddr', 'daddr', 'iif', 'oif', 'mark'].includes(f)) throw new NftParseError(`fib: ${f}`);
      flags.push(f as (typeof flags)[number]);
      if (c.peek() !== '.') break;
      c.i++;
    }
    const result = c.next();
    if (result !== 'type' && result !== 'oif' && result !== 'oifname') throw new NftParseError(`fib result ${result}`);
    return { kind: 'fib', flags, result };
  }
  if (a === 'numgen' && (b === 'random' || b === 'inc') && c.peek(2) === 'mod') {
    const mod = Number(c.peek(3));
    if (!Number.isInteger(mod)) throw new NftParseError('numgen mod');
    c.i += 4;
    return { kind: 'numgen', mode: b, mod };
  }
  return undefined;
}

function selector(c: Cursor): Selector | undefined {
  const first = one(c);
  if (!first) return undefined;
  let s: Selector = first;
  if (c.peek() === '.') {
    const parts = [first];
    while (c.peek() === '.') {
      c.i++;
      const p = one(c);
      if (!p) throw new NftParseError('concatenation');
      parts.push(p);
    }
    s = { kind: 'concat', parts };
  }
  if (c.peek() === 'and') {
    c.i++;
    const m = c.next();
    if (!/^0x[0-9a-f]+$/.test(m)) throw new NftParseError(`mask ${m}`);
    s = { kind: 'and', of: s, mask: parseInt(m.slice(2), 16), maskDigits: m.length - 2 };
  }
  return s;
}

function verdictAt(c: Cursor): Verdict | undefined {
  const a = c.peek();
  if (a === 'accept' || a === 'drop' || a === 'return' || a === 'continue') {
    c.i++;
    return { kind: a };
  }
  if (a === 'jump' || a === 'goto') {
    c.i++;
    return { kind: a, chain: c.next() };
  }
  return undefined;
}

/** `{ a , b }` or `{ a,b }` after the opening brace. */
function anonymous(c: Cursor, hint: Hint): NftValue {
  const elements: NftValue[] = [];
  let compact = false;
  for (;;) {
    const w = c.next();
    if (w === '}') break;
    if (w === ',') continue;
    if (w.includes(',')) {
      compact = true;
      for (const part of w.split(',')) elements.push(valueOf(part, hint));
    } else elements.push(valueOf(w, hint));
  }
  return compact ? { kind: 'set', elements, compact: true } : { kind: 'set', elements };
}

function value(c: Cursor, hint: Hint): NftValue {
  const w = c.next();
  return w === '{' ? anonymous(c, hint) : valueOf(w, hint);
}

function statement(c: Cursor): Statement {
  const v = verdictAt(c);
  if (v) return { kind: 'verdict', verdict: v };
  const a = c.peek();
  if (a === 'reject') {
    c.i++;
    if (c.peek() !== 'with') return { kind: 'reject' };
    c.i++;
    const k = c.next();
    if (k === 'tcp') {
      c.expect('reset');
      return { kind: 'reject', with: { kind: 'tcp-reset' } };
    }
    if (k !== 'icmp' && k !== 'icmpv6' && k !== 'icmpx') throw new NftParseError(`reject with ${k}`);
    if (c.peek() === 'type') c.i++;
    return { kind: 'reject', with: { kind: k, type: c.next() } };
  }
  if (a === 'counter') {
    c.i++;
    return { kind: 'counter' };
  }
  if (a === 'masquerade') {
    c.i++;
    if (c.peek() === 'fully-random') {
      c.i++;
      return { kind: 'masquerade', fullyRandom: true };
    }
    return { kind: 'masquerade', fullyRandom: false };
  }
  if (a === 'dnat' || a === 'snat') {
    c.i++;
    c.expect('to');
    const t = c.next();
    const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(t);
    const v4 = /^([0-9.]+):(\d+)$/.exec(t);
    if (v6) return { kind: a, ip: ipOf(v6[1]!), port: Number(v6[2]) };
    if (v4) return { kind: a, ip: ipOf(v4[1]!), port: Number(v4[2]) };
    return { kind: a, ip: ipOf(t) };
  }
  if ((a === 'update' || a === 'add') && c.peek(1)?.startsWith('@')) {
    c.i++;
    const set = c.next().slice(1);
    c.expect('{');
    const key = selector(c);
    if (!key) throw new NftParseError('set update key');
    let timeout: number | undefined;
    if (c.peek() === 'timeout') {
      c.i++;
      const t = /^(\d+)s$/.exec(c.next());
      if (!t) throw new NftParseError('timeout');
      timeout = Number(t[1]);
    }
    c.expect('}');
    return timeout === undefined ? { kind: 'set-update', op: a, set, key } : { kind: 'set-update', op: a, set, key, timeout };
  }
  if (a === 'log') {
    c.i++;
    if (c.peek() === 'prefix') {
      c.i++;
      return { kind: 'log', prefix: unquote(c.next()) };
    }
    return { kind: 'log' };
  }
  // mark set ..., meta mark set ..., ct mark set ...
  const markSet = (target: 'meta' | 'ct', skip: number, short: boolean): Statement => {
    c.i += skip;
    c.expect('set');
    const of = selector(c);
    let mv: MarkValue;
    if (of && (c.peek() === 'or' || c.peek() === 'xor' || c.peek() === 'and')) {
      const op = c.next() as 'or' | 'xor' | 'and';
      mv = { kind: 'op', of, op, value: value(c, 'mark') };
    } else if (!of) mv = { kind: 'value', value: value(c, 'mark') };
    else throw new NftParseError('mark set');
    return short ? { kind: 'mark-set', target, value: mv, short: true } : { kind: 'mark-set', target, value: mv };
  };
  if (a === 'mark' && c.peek(1) === 'set') return markSet('meta', 1, true);
  if (a === 'meta' && c.peek(1) === 'mark' && c.peek(2) === 'set') return markSet('meta', 2, false);
  if (a === 'ct' && c.peek(1) === 'mark' && c.peek(2) === 'set') return markSet('ct', 2, false);

  const left = selector(c);
  if (!left) throw new NftParseError(`unknown statement at ${a}`);
  if (c.peek() === 'vmap') {
    c.i++;
    const w = c.next();
    if (w.startsWith('@')) return { kind: 'vmap', key: left, map: { kind: 'named', name: w.slice(1) } };
    if (w !== '{') throw new NftParseError('vmap');
    const entries: { key: NftValue; verdict: Verdict }[] = [];
    for (;;) {
      const k = c.next();
      if (k === '}') break;
      if (k === ',') continue;
      c.expect(':');
      const verdict = verdictAt(c);
      if (!verdict) throw new NftParseError('vmap verdict');
      entries.push({ key: valueOf(k, hintOf(left)), verdict });
    }
    return { kind: 'vmap', key: left, map: { kind: 'anonymous', entries } };
  }
  let op: '==' | '!=' | '<' | '>' | '<=' | '>=' = '==';
  const maybeOp = c.peek();
  if (maybeOp === '==' || maybeOp === '!=' || maybeOp === '<' || maybeOp === '>' || maybeOp === '<=' || maybeOp === '>=') {
    op = maybeOp;
    c.i++;
  }
  return { kind: 'match', left, op, right: value(c, hintOf(left)) };
}

/** One rule's words (without `add rule FAMILY TABLE CHAIN`): typed statements, or one unknown statement. */
export function parseRule(ws: string[]): NftRule {
  let body = ws;
  let comment: string | undefined;
  if (ws.length >= 2 && ws[ws.length - 2] === 'comment' && ws[ws.length - 1]!.startsWith('"')) {
    comment = unquote(ws[ws.length - 1]!);
    body = ws.slice(0, -2);
  }
  let statements: Statement[];
  try {
    const c = new Cursor(body);
    statements = [];
    while (!c.done()) statements.push(statement(c));
  } catch (e) {
    if (!(e instanceof NftParseError)) throw e;
    statements = [{ kind: 'unknown', words: body }];
  }
  return comment === undefined ? { statements } : { statements, comment };
}

/** `{ type K . K : V ; flags a,b ; timeout Ns ; auto-merge ; comment "C" ; }` */
function containerProps(kind: 'set' | 'map', name: string, ws: string[]): NftContainer {
  if (ws[0] !== '{' || ws.at(-1) !== '}') throw new NftParseError(`${kind} ${name}: expected { ... }`);
  const props: string[][] = [[]];
  for (const w of ws.slice(1, -1)) {
    if (w === ';') props.push([]);
    else props.at(-1)!.push(w);
  }
  let key: NftDataType[] = [];
  let valueType: NftDataType[] = [];
  let flags: NftSetFlag[] = [];
  let timeout: number | undefined;
  let autoMerge = false;
  let comment: string | undefined;
  for (const p of props.filter((x) => x.length > 0)) {
    if (p[0] === 'type') {
      const colon = p.indexOf(':');
      const types = (xs: string[]) => xs.filter((x) => x !== '.') as NftDataType[];
      key = types(colon < 0 ? p.slice(1) : p.slice(1, colon));
      if (colon >= 0) valueType = types(p.slice(colon + 1));
    } else if (p[0] === 'flags') flags = p[1]!.split(',') as NftSetFlag[];
    else if (p[0] === 'timeout') timeout = Number(/^(\d+)s$/.exec(p[1]!)?.[1]);
    else if (p[0] === 'auto-merge') autoMerge = true;
    else if (p[0] === 'comment') comment = unquote(p[1]!);
    else throw new NftParseError(`${kind} ${name}: ${p.join(' ')}`);
  }
  const base = { name, key, flags, ...(timeout === undefined ? {} : { timeout }), ...(comment === undefined ? {} : { comment }) };
  if (kind === 'set') return { kind: 'set', ...base, ...(autoMerge ? { autoMerge: true } : {}), elements: [] };
  return { kind: 'map', ...base, value: valueType, elements: [] };
}

function chainProps(name: string, ws: string[]): NftChain {
  const chain: NftChain = { name, rules: [] };
  if (ws.length === 0) return chain;
  if (ws[0] !== '{' || ws.at(-1) !== '}') throw new NftParseError(`chain ${name}: expected { ... }`);
  const c = new Cursor(ws.slice(1, -1));
  while (!c.done()) {
    const w = c.next();
    if (w === 'type') {
      const type = c.next() as ChainType;
      c.expect('hook');
      const hook = c.next() as Hook;
      let device: string | undefined;
      if (c.peek() === 'device') {
        c.i++;
        device = unquote(c.next());
      }
      c.expect('priority');
      const priority = Number(c.next());
      if (!Number.isInteger(priority)) throw new NftParseError(`chain ${name}: priority`);
      c.expect(';');
      chain.base = { type, hook, priority, ...(device === undefined ? {} : { device }) };
      if (c.peek() === 'policy') {
        c.i++;
        chain.base.policy = c.next() as 'accept' | 'drop';
        c.expect(';');
      }
    } else if (w === 'comment') {
      chain.comment = unquote(c.next());
      c.expect(';');
    } else throw new NftParseError(`chain ${name}: ${w}`);
  }
  return chain;
}

function elementOf(s: NftContainer, ws: string[]): void {
  if (ws[0] !== '{' || ws.at(-1) !== '}') throw new NftParseError(`element of ${s.name}: expected { ... }`);
  const inner = ws.slice(1, -1);
  const colon = inner.indexOf(':');
  const keyWords = colon < 0 ? inner : inner.slice(0, colon);
  let comment: string | undefined;
  let timeout: number | undefined;
  const parts: string[] = [];
  for (let i = 0; i < keyWords.length; i++) {
    const w = keyWords[i]!;
    if (w === 'comment') comment = unquote(keyWords[++i]!);
    else if (w === 'timeout') timeout = Number(/^(\d+)s$/.exec(keyWords[++i]!)?.[1]);
    else if (w !== '.') parts.push(w);
  }
  const key = parts.map((p, i) => valueOf(p, TYPE_HINT[s.key[i]!] ?? 'symbol'));
  if (s.kind === 'set') {
    s.elements.push({ key, ...(timeout === undefined ? {} : { timeout }), ...(comment === undefined ? {} : { comment }) });
    return;
  }
  const rest = new Cursor(inner.slice(colon + 1));
  let v: NftMapValue;
  if (s.value[0] === 'verdict') {
    const verdict = verdictAt(rest);
    if (!verdict || !rest.done()) throw new NftParseError(`element of ${s.name}: verdict`);
    v = { kind: 'verdict', verdict };
  } else {
    v = { kind: 'data', value: rest.w.filter((x) => x !== '.').map((x, i) => valueOf(x, TYPE_HINT[s.value[i]!] ?? 'symbol')) };
  }
  s.elements.push({ key, value: v, ...(comment === undefined ? {} : { comment }) });
}

/** A transaction of one table → the table. Throws NftParseError for what is not such a transaction. */
export function parseTransaction(text: string): NftTable {
  let table: NftTable | undefined;
  const chains = new Map<string, NftChain>();
  const containers = new Map<string, NftContainer>();
  const absent: NftContainer[] = [];
  const flushed = new Set<string>();
  let reset = false;
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    if (line === '' || line.startsWith('#')) return;
    try {
      const ws = words(line);
      const [verb, type, family, tname, name] = ws;
      if (type === 'table') {
        if (verb !== 'add' || table) throw new NftParseError('one add table, first');
        const rest = ws.slice(4);
        let comment: string | undefined;
        if (rest.length > 0) {
          if (rest[0] !== '{' || rest[1] !== 'comment' || rest[3] !== ';' || rest[4] !== '}' || rest.length !== 5) throw new NftParseError('table properties');
          comment = unquote(rest[2]!);
        }
        table = { family: family as NftFamily, name: tname!, ...(comment === undefined ? {} : { comment }), chains: [], containers: [] };
        return;
      }
      if (!table || family !== table.family || tname !== table.name || name === undefined) throw new NftParseError('an object of another table, or before add table');
      if (type === 'chain') {
        if (verb === 'add') {
          if (!chains.has(name)) chains.set(name, chainProps(name, ws.slice(5)));
        } else if (verb === 'delete') {
          chains.delete(name);
          reset = true;
        } else if (verb !== 'flush') throw new NftParseError(`${verb} chain`);
      } else if (type === 'set' || type === 'map') {
        if (verb === 'add') {
          if (!containers.has(name)) containers.set(name, containerProps(type, name, ws.slice(5)));
        } else if (verb === 'flush') flushed.add(name);
        else if (verb === 'delete') {
          const c = containers.get(name);
          if (!c) throw new NftParseError(`delete of an unknown ${type}`);
          containers.delete(name);
          absent.push(c);
        } else throw new NftParseError(`${verb} ${type}`);
      } else if (type === 'rule' && verb === 'add') {
        const c = chains.get(name);
        if (!c) throw new NftParseError(`a rule of an undeclared chain ${name}`);
        c.rules.push(parseRule(ws.slice(5)));
      } else if (type === 'element' && verb === 'add') {
        const s = containers.get(name);
        if (!s) throw new NftParseError(`an element of an undeclared set or map ${name}`);
        elementOf(s, ws.slice(5));
      } else throw new NftParseError(`${verb} ${type}`);
    } catch (e) {
      if (e instanceof NftParseError) throw new NftParseError(`line ${n + 1}: ${e.message}`);
      throw e;
    }
  });
  if (!table) throw new NftParseError('no add table');
  table.chains = [...chains.values()];
  table.containers = [...containers.values()];
  for (const c of table.containers) if (c.kind === 'set' && !flushed.has(c.name)) c.dynamic = true;
  if (reset) table.resetBaseChains = true;
  if (absent.length > 0) table.absent = absent;
  return table;
}

