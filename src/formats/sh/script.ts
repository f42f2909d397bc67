// The one shell-script builder behind every `script` output form: a preamble that names the
// tools (overridable from the environment), then sections in load order, each built from the IR:
// host steps (sysctls, nfacct counters, a dummy link and its addresses), ipsets restored and
// swapped in, IPVS services brought to the wanted table with ipvsadm -R, iptables-restore
// --noflush of the ruleset with stale chains of its owner deleted, and the jumps from the
// built-in chains.
import type { HostStep } from '../../ir/host.js';
import type { BuiltinJump, IptablesRuleset, TableName } from '../../ir/iptables.js';
import type { IpSet } from '../../ir/ipset.js';
import type { IpvsTable } from '../../ir/ipvs.js';
import { inetNtop } from '../ipvsadm/address.js';
import { writeIpvsadm } from '../ipvsadm/write.js';
import { IPVS_SYNC_AWK, IPVS_WANT_MARK, keepPrefixes } from './ipvs-sync.js';
import { restoreTables, type RestoreOptions } from '../iptables/restore.js';
import { saveRuleArgs } from '../iptables/save.js';
import { writeIpsets } from '../ipset/write.js';
import { transactionPieces } from '../nft/transaction.js';
import { identifier } from '../nft/words.js';
import type { NftTable } from '../../ir/nftables.js';
import { word } from '../tokens.js';
import { ruleWords, shQuote } from './quote.js';

export interface Preamble {
  /** What the script loads, and for which node. */
  title: string;
  /** Why running it again is safe, one sentence. */
  rerun: string;
  family: 4 | 6;
  ipset: boolean;
  /** The script runs ipvsadm (IPVS mode). */
  ipvsadm?: boolean;
  /** The tool that loads the rules: iptables (default) or nft (nftables mode: no iptables at all). */
  rules?: 'iptables' | 'nft';
}

/** An ERE for any of the prefixes, factored: KUBE-SVC-, KUBE-SEP- → KUBE-(SVC|SEP)- */
export function alternation(prefixes: readonly string[]): string {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (prefixes.length === 1) return escape(prefixes[0]!);
  let head = 0;
  while (prefixes.every((p) => p[head] !== undefined && p[head] === prefixes[0]![head])) head++;
  let tail = 0;
  const fits = (p: string) => p.length - tail - 1 >= head;
  while (prefixes.every((p) => fits(p) && p[p.length - 1 - tail] === prefixes[0]![prefixes[0]!.length - 1 - tail])) tail++;
  const mids = prefixes.map((p) => escape(p.slice(head, p.length - tail)));
  return `${escape(prefixes[0]!.slice(0, head))}(${mids.join('|')})${escape(prefixes[0]!.slice(prefixes[0]!.length - tail))}`;
}

/** Which chains and sets of an nftables table a program owns (and so deletes when it no longer has them). */
export interface NftOwner {
  chain: (name: string) => boolean;
  set: (name: string) => boolean;
  /** An ERE for `chain NAME` and `set NAME` lines of owned objects. */
  pattern: string;
}

export class Script {
  private readonly lines: string[] = [];

  constructor(p: Preamble) {
    const v6 = p.family === 6;
    this.lines.push(
      '#!/bin/sh',
      `# ${p.title}, written by kube-rulec.`,
      `# Safe to run again: ${p.rerun}`,
      'set -eu',
    );
    if (p.rules === 'nft') this.lines.push('NFT=${NFT:-nft}');
    else {
      this.lines.push(
        `IPTABLES=\${IPTABLES:-${v6 ? 'ip6tables' : 'iptables'}}`,
        `IPTABLES_SAVE=\${IPTABLES_SAVE:-${v6 ? 'ip6tables-save' : 'iptables-save'}}`,
        `IPTABLES_RESTORE=\${IPTABLES_RESTORE:-${v6 ? 'ip6tables-restore' : 'iptables-restore'}}`,
      );
    }
    if (p.ipset) this.lines.push('IPSET=${IPSET:-ipset}');
    if (p.ipvsadm) this.lines.push('IPVSADM=${IPVSADM:-ipvsadm}');
    this.lines.push('');
  }

  /** A commented block of lines, followed by a blank line. */
  section(comment: string | undefined, lines: readonly string[]): this {
    if (comment) this.lines.push(`# ${comment}`);
    for (const l of lines) this.lines.push(l); // not push(...lines): a large cluster's lines are too many for one call's arguments
    this.lines.push('');
    return this;
  }

  /** nfacct counters, then kernel settings, as kube-proxy sets them up. */
  host(steps: readonly HostStep[]): this {
    const counters = steps.flatMap((s) => (s.kind === 'nfacct' ? [word(s.name)] : []));
    if (counters.length > 0) {
      this.section('the nfacct counters kube-proxy keeps', counters.map((c) => `nfacct get ${c} >/dev/null 2>&1 || nfacct add ${c}`));
    }
    for (const s of steps) {
      if (s.kind !== 'sysctl') continue;
      const why = s.key === 'net.ipv4.conf.all.route_localnet' ? 'localhost NodePorts need route_localnet, as kube-proxy sets it' : undefined;
      this.section(why, sysctlLines(s));
    }
    return this;
  }

  /** Kernel settings in one section; a step with a kernel range is set only on those kernels. */
  sysctls(comment: string, steps: readonly HostStep[]): this {
    const sysctls = steps.filter((s) => s.kind === 'sysctl');
    if (sysctls.length === 0) return this;
    const lines: string[] = [];
    if (sysctls.some((s) => s.kernel)) {
      lines.push(
        '# kernel_at_least MAJOR.MINOR: the running kernel is that version or later',
        'kernel_at_least() {',
        '  v=$(uname -r); major=${v%%.*}; rest=${v#*.}; minor=${rest%%[!0-9]*}',
        '  [ "$major" -gt "${1%%.*}" ] || { [ "$major" -eq "${1%%.*}" ] && [ "${minor:-0}" -ge "${1#*.}" ]; }',
        '}',
      );
    }
    for (const s of sysctls) lines.push(...sysctlLines(s));
    return this.section(comment, lines);
  }

  /** A dummy link (created when missing, never set up) and exactly these addresses of the family on it. */
  dummyLink(comment: string, family: 4 | 6, steps: readonly HostStep[]): this {
    for (const link of steps) {
      if (link.kind !== 'dummy-link') continue;
      const dev = word(link.name);
      const wanted = steps.flatMap((s) => (s.kind === 'address' && s.link === link.name ? [`${word(inetNtop(s.address.ip))}/${s.address.prefix}`] : []));
      // Only addresses of this family: the other family's proxier owns its own. IPv6 link-local
      // addresses belong to the kernel.
      const list = `ip -o -${family} addr show dev ${dev} | awk '{print $4}'${family === 6 ? " | grep -v '^fe80:'" : ''}`;
      this.section(comment, [
        `ip link show ${dev} >/dev/null 2>&1 || ip link add ${dev} type dummy`,
        `bound='${wanted.join('\n')}'`,
        `have=$(${list})`,
        `for a in $bound; do printf '%s\\n' "$have" | grep -qxF "$a" || ip addr add "$a" dev ${dev}; done`,
        `for a in $have; do printf '%s\\n' "$bound" | grep -qxF "$a" || ip addr del "$a" dev ${dev}; done`,
      ]);
    }
    return this;
  }

  /**
   * IPVS services: `ipvsadm -S -n` and the wanted table (ipvsadm-save text) go through an awk
   * program that prints the ipvsadm -R commands that turn the one into the other; services of
   * the family that are not wanted are deleted unless their address is in `keep`.
   */
  ipvs(comment: string, table: IpvsTable): this {
    const lines: string[] = [];
    if (table.timeouts) {
      const { tcp, tcpFin, udp } = table.timeouts;
      lines.push('# connection timeouts (tcp tcpfin udp; 0 keeps the current value)', `"$IPVSADM" --set ${tcp} ${tcpFin} ${udp}`);
    }
    // One push per line: a large cluster's lines are too many for the arguments of one call.
    lines.push(`{ "$IPVSADM" -S -n; echo '${IPVS_WANT_MARK}'; cat <<'KUBE_RULEC_IPVS'`);
    for (const l of writeIpvsadm(table).split('\n')) if (l !== '') lines.push(l);
    lines.push('KUBE_RULEC_IPVS', `} | awk -v family=${table.family} -v keep='${keepPrefixes(table.keep).join(' ')}' '${IPVS_SYNC_AWK}' | "$IPVSADM" -R`);
    return this.section(comment, lines);
  }

  /** Sets restored before the rules that match on them; each is filled and swapped in. */
  ipsets(sets: readonly IpSet[], comment = 'peer sets, before the rules that match on them'): this {
    if (sets.length === 0) return this;
    return this.section(comment, [
      `"$IPSET" restore <<'KUBE_RULEC_SETS'`,
      writeIpsets(sets).replace(/\n$/, ''),
      'KUBE_RULEC_SETS',
    ]);
  }

  /** kube-proxy's EnsureChain + EnsureRule(Prepend): a missing jump is inserted at position 1. */
  prependJumps(comment: string, jumps: readonly BuiltinJump[]): this {
    const lines = [
      'ensure_chain() { "$IPTABLES" -w -t "$1" -n -L "$2" >/dev/null 2>&1 || "$IPTABLES" -w -t "$1" -N "$2"; }',
      'ensure_jump() {',
      '  t=$1; c=$2; shift 2',
      '  "$IPTABLES" -w -t "$t" -C "$c" "$@" 2>/dev/null || "$IPTABLES" -w -t "$t" -I "$c" 1 "$@"',
      '}',
      '',
      `# ${comment}`,
    ];
    const ensured = new Set<string>();
    for (const j of jumps) {
      if (j.rule.target?.kind !== 'jump') continue;
      const key = `${j.table} ${word(j.rule.target.chain)}`;
      if (!ensured.has(key)) lines.push(`ensure_chain ${key}`);
      ensured.add(key);
      lines.push(`ensure_jump ${j.table} ${j.chain} ${ruleWords(j.rule)}`);
    }
    return this.section(undefined, lines);
  }

  /** Jumps kept first in their built-in chain: moved there when anything else came first. */
  firstJumps(comment: string, rs: IptablesRuleset): this {
    const lines = [
      'ensure_first() {',
      '  c=$1; want=$2; shift 2',
      '  [ "$("$IPTABLES" -w -t filter -S "$c" 1 2>/dev/null || true)" = "$want" ] && return 0',
      '  while "$IPTABLES" -w -t filter -D "$c" "$@" 2>/dev/null; do :; done',
      '  "$IPTABLES" -w -t filter -I "$c" 1 "$@"',
      '}',
    ];
    for (const j of rs.builtinJumps) {
      lines.push(`ensure_first ${j.chain} ${shQuote(`-A ${j.chain} ${saveRuleArgs(j.rule, rs.family)}`)} ${ruleWords(j.rule)}`);
    }
    return this.section(comment, lines);
  }

  /**
   * iptables-restore --noflush of the ruleset, deleting every chain of `owner.table` whose name
   * starts with one of `owner.prefixes` that the ruleset no longer has: how a rewrite drops its own
   * stale chains without touching anyone else's.
   */
  restore(comment: string, rs: IptablesRuleset, owner: { table: TableName; prefixes: readonly string[] } | undefined, opts: RestoreOptions = {}): this {
    const tables = restoreTables(rs, opts);
    if (!owner) {
      // Every chain has a fixed name and is declared, so flushed and rewritten: nothing can be stale.
      return this.section(comment, [`"$IPTABLES_RESTORE" -w --noflush <<'KUBE_RULEC_RULES'`, ...tables.flat(), 'KUBE_RULEC_RULES']);
    }
    const last = tables.length - 1;
    if (tables[last]?.[0] !== `*${owner.table}`) throw new Error(`internal: the owned table ${owner.table} must be written last`);
    const owned = rs.tables.find((t) => t.name === owner.table)!.chains.map((c) => c.name).filter((n) => owner.prefixes.some((p) => n.startsWith(p)));
    const stalePattern = `^:${alternation(owner.prefixes)}`;
    const body = [...tables.slice(0, last).flat(), ...tables[last]!.slice(0, -1)];
    return this.section(comment, [
      `owned='${owned.join('\n')}'`,
      `stale=$("$IPTABLES_SAVE" -t ${owner.table} | grep -E '${stalePattern}' | cut -d' ' -f1 | cut -c2- | grep -vxF "$owned" || true)`,
      '{',
      `cat <<'KUBE_RULEC_RULES'`,
      ...body,
      'KUBE_RULEC_RULES',
      'for c in $stale; do echo ":$c - [0:0]"; done',
      'for c in $stale; do echo "-X $c"; done',
      'echo COMMIT',
      '} | "$IPTABLES_RESTORE" -w --noflush',
    ]);
  }

  /**
   * An nftables table loaded with one `nft -f` transaction (every object it names is flushed and
   * written again), and the owner's stale objects in it removed: the chains and sets the table
   * holds now that the owner marks as its own (`owned`) and the program no longer has are flushed
   * in that transaction, so nothing refers to them after it, and deleted in a second one, as
   * kube-proxy does (a kernel before 6.2 may see a flushed verdict map's reference to a chain for
   * a moment after: the delete is tried again once, a second later).
   */
  nftTable(comment: string, t: NftTable, owned: NftOwner): this {
    const ref = `${t.family} ${identifier(t.name)}`;
    const wanted = [
      ...t.chains.filter((c) => owned.chain(c.name)).map((c) => `chain ${identifier(c.name)}`),
      ...t.containers.filter((s) => s.kind === 'set' && owned.set(s.name)).map((s) => `set ${identifier(s.name)}`),
    ];
    const lines = [
      `have=$("$NFT" list table ${ref} 2>/dev/null | awk '$1 == "chain" || $1 == "set" { print $1, $2 }' || true)`,
      `wanted='${wanted.join('\n')}'`,
      `stale=$(printf '%s\\n' "$have" | grep -E '${owned.pattern}' | grep -vxF "$wanted" || true)`,
      '{',
      `cat <<'KUBE_RULEC_NFT'`,
    ];
    // One push per line: a large cluster's transaction has hundreds of thousands.
    for (const piece of transactionPieces(t)) for (const l of piece.split('\n')) if (l !== '') lines.push(l);
    lines.push(
      'KUBE_RULEC_NFT',
      `printf '%s\\n' "$stale" | awk '$1 == "chain" { print "flush chain ${ref} " $2 }'`,
      '} | "$NFT" -f -',
      'if [ -n "$stale" ]; then',
      `  del=$(printf '%s\\n' "$stale" | awk '{ print "delete " $1 " ${ref} " $2 }')`,
      `  printf '%s\\n' "$del" | "$NFT" -f - 2>/dev/null || { sleep 1; printf '%s\\n' "$del" | "$NFT" -f -; }`,
      'fi',
    );
    return this.section(comment, lines);
  }

  /** Sets of this family with the owner's prefix that no rule uses any more are destroyed. */
  /**
   * A table that is ours alone, replaced in one `nft -f` transaction: made if missing, deleted,
   * and written anew, so the kernel holds the old table or the new one, and nothing a previous
   * load made survives (policy mode). The transaction's lines never equal the end word: each
   * starts with add, flush or delete.
   */
  nftReplaceTable(comment: string, t: NftTable): this {
    const ref = `${t.family} ${identifier(t.name)}`;
    const lines = [`"$NFT" -f - <<'KUBE_RULEC_NFT'`, `add table ${ref}`, `delete table ${ref}`];
    for (const piece of transactionPieces(t)) for (const l of piece.split('\n')) if (l !== '') lines.push(l);
    lines.push('KUBE_RULEC_NFT');
    return this.section(comment, lines);
  }

  dropUnusedSets(comment: string, prefix: string, used: readonly IpSet[]): this {
    return this.section(comment, [
      `used='${used.map((s) => s.name).join('\n')}'`,
      `for s in $("$IPSET" list -n 2>/dev/null | grep -E '^${prefix}' | grep -vxF "$used" || true); do "$IPSET" destroy "$s"; done`,
    ]);
  }

  text(): string {
    // Sections end with a blank line; the script ends with the last section's last line.
    while (this.lines.at(-1) === '') this.lines.pop();
    return this.lines.join('\n') + '\n';
  }
}

/** `sysctl -w`, under an `if` for a kernel range. */
function sysctlLines(s: Extract<HostStep, { kind: 'sysctl' }>): string[] {
  const set = `sysctl -q -w ${word(s.key)}=${word(s.value)}`;
  if (!s.kernel) return [set];
  const { from, below } = s.kernel;
  const test = [from ? `kernel_at_least ${word(from)}` : '', below ? `! kernel_at_least ${word(below)}` : ''].filter((x) => x !== '').join(' && ');
  const range = from && below ? `${from} to below ${below}` : from ? `${from} and later` : `below ${below}`;
  return [`# only on kernels ${range}`, `if ${test}; then ${set}; fi`];
}
