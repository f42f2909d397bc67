// Policy mode's nftables table → a POSIX sh script that loads it with one `nft -f`: the table is
// made if missing and deleted, then written anew, all in one transaction. So the kernel holds the
// old table or the new one, never a mix; chains and sets a previous load made and this one no
// longer has are gone; and nothing outside the table is touched. Running it twice changes nothing.
import { identifier } from '../nft/words.js';
import { part, type NodeProgram } from '../../ir/program.js';
import { Script } from './script.js';

export function writePolicyNftScript(program: NodeProgram): string {
  const table = part(program, 'nftables')?.table;
  if (!table) throw new Error('internal: the program has no nftables part');
  const ref = `${table.family} ${identifier(table.name)}`;
  return new Script({
    title: `${program.title}${program.node ? ` for the pods of node ${program.node}` : ''}`,
    rerun: `it replaces its own table (${ref}) in one transaction and touches nothing else.`,
    family: program.family,
    ipset: false,
    rules: 'nft',
  })
    .nftReplaceTable('the table, replaced atomically: made if missing, deleted, and written anew', table)
    .text();
}
