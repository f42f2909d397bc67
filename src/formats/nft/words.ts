// What may reach nft's text from the IR: identifiers (table, chain, set and map names) and
// quoted strings (comments, interface names). Input validation already keeps service names,
// ports and addresses to safe characters; these checks are the last line, and a failure is a
// bug in kube-rulec (an internal error), never text that says something other than was meant.
import { UnsafeTokenError } from '../tokens.js';

/**
 * nft's identifier (scanner.l): a letter, `_` or `.`, then letters, digits and `/ - _ .`; at
 * most 256 characters (NFT_NAME_MAXLEN - 1 for chains, 255).
 */
const IDENTIFIER = /^[A-Za-z_.][A-Za-z0-9/_.-]*$/;

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name) || name.length > 255) throw new UnsafeTokenError(`refusing to emit unsafe nft name ${JSON.stringify(name)}`);
  return name;
}

/**
 * A comment or string, double-quoted as knftables writes it (Go's %q): only printable ASCII
 * without `"` and `\`, so the quoting is the same in every dialect; at most 128 bytes, nft's
 * limit for comments (NFTNL_UDATA_COMMENT_MAXLEN).
 */
const QUOTABLE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;

export function quoted(text: string): string {
  if (!QUOTABLE.test(text) || text.length > 128) throw new UnsafeTokenError(`refusing to emit unsafe nft string ${JSON.stringify(text)}`);
  return `"${text}"`;
}

/** A bare word of the language (a symbol: `new`, `local`, an interface name without wildcards). */
const SYMBOL = /^[A-Za-z0-9_.-]+$/;

export function symbol(name: string): string {
  if (!SYMBOL.test(name)) throw new UnsafeTokenError(`refusing to emit unsafe nft word ${JSON.stringify(name)}`);
  return name;
}
