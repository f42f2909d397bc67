// The last line of defence against rule injection: every token a writer emits is checked here.
// Input validation already rejects names and addresses that could carry such characters; if a
// token still fails, that is a bug in kube-rulec and we stop with an internal error instead of
// printing a rule set that says something other than what was meant.

export class UnsafeTokenError extends Error {}

const SAFE_WORD = /^[A-Za-z0-9_.:/\[\]!,+@%=-]+$/;
// Comment text: what kube-proxy's comments contain (names, IPs, "->", ";" in the nodeports note;
// "+", "=" and 'single quotes' in IPVS mode's set comments). Never a double quote, backslash,
// dollar, backquote or control character.
const SAFE_COMMENT = /^[A-Za-z0-9_.:/\[\] ;>,()'+=-]*$/;

export function word(s: string): string {
  if (!SAFE_WORD.test(s)) throw new UnsafeTokenError(`refusing to emit unsafe token ${JSON.stringify(s)}`);
  return s;
}

/** A comment the way kube-proxy writes it: bare when one word, else in double quotes. */
export function comment(s: string): string {
  if (!SAFE_COMMENT.test(s) || s.length > 256) {
    throw new UnsafeTokenError(`refusing to emit unsafe comment ${JSON.stringify(s)}`);
  }
  return s === '' || s.includes(' ') ? `"${s}"` : s;
}
