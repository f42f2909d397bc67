// An nftables program → a POSIX sh script: one `nft -f` transaction that creates the table and
// flushes and rewrites every chain, set and map it names (kube-proxy's full sync), plus the
// owner's stale objects flushed with it and deleted after. Running it twice leaves the same
// objects; it touches no other table and, in its own table, only what the owner marks as its own.
import { part, type NodeProgram } from '../../ir/program.js';
import { Script, type NftOwner } from './script.js';

export function writeNftScript(program: NodeProgram, owned: NftOwner): string {
  const t = part(program, 'nftables')!.table;
  return new Script({
    title: `${program.title}${program.node ? ` for node ${program.node}` : ''}`,
    rerun: `it rewrites its table in one transaction and deletes only its own stale chains and sets.`,
    family: program.family,
    ipset: false,
    rules: 'nft',
  })
    .nftTable(`table ${t.family} ${t.name}: loaded in one transaction; stale per-service chains and affinity sets removed`, t, owned)
    .text();
}
