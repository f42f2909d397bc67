// Policy mode's nftables table → a POSIX sh script that loads it with one `nft -f`: the table is
// made if missing and deleted, then written anew, all in one transaction. So the kernel holds the
// old table or the new one, never a mix; chains and sets a previous load made and this one no
// longer has are gone; and nothing outside the table is touched. Running it twice changes nothing.
import { identifier } from '../nft/words.js';
import { transactionPieces } from '../nft/transaction.js';
import { part, type NodeProgram } from '../../ir/program.js';

const END = 'KUBE_RULEC_NFT';

export function* policyNftScriptPieces(program: NodeProgram): Generator<string> {
  const table = part(program, 'nftables')?.table;
  if (!table) throw new Error('internal: the program has no nftables part');
  const ref = `${table.family} ${identifier(table.name)}`;
  yield [
    '#!/bin/sh',
    `# ${program.title}${program.node ? ` for the pods of node ${program.node}` : ''}, written by kube-rulec.`,
    `# Safe to run again: it replaces its own table (${ref}) in one transaction and touches nothing else.`,
    'set -eu',
    'NFT=${NFT:-nft}',
    '',
    `# the table, replaced atomically: made if missing, deleted, and written anew`,
    `"$NFT" -f - <<'${END}'`,
    `add table ${ref}`,
    `delete table ${ref}`,
    '',
  ].join('\n');
  // The transaction's lines never equal the end word: each starts with add, flush or delete.
  yield* transactionPieces(table);
  yield `${END}\n`;
}

export function writePolicyNftScript(program: NodeProgram): string {
  return [...policyNftScriptPieces(program)].join('');
}
