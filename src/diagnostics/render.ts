// Text and JSON forms of diagnostics. Text: `file:line:col: severity CODE: message`, a code
// frame taken from the source text, and a hint line. Colour is decided by the caller (TTY only).
import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from './diagnostic.js';

export interface SourceLookup {
  /** The full text of a loaded file, if it is known. */
  text(file: string): string | undefined;
  /** The part of a large file (read in parts) that holds `line`, and the lines before it. */
  part?(file: string, line: number): { text: string; linesBefore: number } | undefined;
}

export function renderText(ds: readonly Diagnostic[], sources: SourceLookup, color: ChalkInstance): string {
  const lines = lineFinder();
  return ds.map((d) => renderOne(d, sources, color, lines)).join('');
}

/**
 * Characters from input that could make a message lie: C0/C1 controls (a fake diagnostic on a
 * new line, terminal escapes), bidirectional overrides and isolates (text that reads in an
 * order other than its bytes: "Trojan Source"), zero-width and invisible characters (a name that
 * looks like another), line and paragraph separators, and the BOM.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]/g;

/** Unsafe characters from input never reach the terminal raw: they are written as \\uXXXX. */
export function printable(s: string): string {
  return s.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function renderOne(d: Diagnostic, sources: SourceLookup, c: ChalkInstance, lines: LineFinder): string {
  const sev = d.severity === 'error' ? c.red.bold(d.severity) : d.severity === 'warning' ? c.yellow.bold(d.severity) : c.cyan(d.severity);
  const where = printable(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file);
  let out = `${c.bold(where)}: ${sev} ${c.dim(d.code)}: ${printable(d.message)}\n`;
  if (d.line > 0) {
    const whole = sources.part ? undefined : sources.text(d.file);
    const part = sources.part ? sources.part(d.file, d.line) : whole !== undefined ? { text: whole, linesBefore: 0 } : undefined;
    if (part) out += frame(lines(part.text, d.line - part.linesBefore), d, c);
  }
  if (d.hint) out += `  ${c.cyan('hint')}: ${printable(d.hint)}\n`;
  return out;
}

function frame(lineText: string | undefined, d: Diagnostic, c: ChalkInstance): string {
  if (lineText === undefined) return '';
  const num = String(d.line);
  const pad = ' '.repeat(num.length);
  // Tabs and unsafe characters are shown as single spaces so the caret lines up (columns count
  // UTF-16 units, as the parser's do).
  const shown = lineText.replace(UNSAFE, ' ');
  const col = Math.min(Math.max(1, d.column), shown.length + 1);
  // A long line is shown as a window of FRAME_WIDTH characters that holds the caret.
  const from = col - 1 < FRAME_WIDTH - 20 ? 0 : Math.min(col - 1 - 40, Math.max(0, shown.length - FRAME_WIDTH));
  const to = Math.min(shown.length, from + FRAME_WIDTH);
  const lead = from > 0 ? '…' : '';
  const clipped = lead + shown.slice(from, to) + (to < shown.length ? '…' : '');
  const caretAt = col - 1 - from + lead.length;
  const len = Math.min(Math.max(1, d.length ?? 1), Math.max(1, to - (col - 1)));
  return ` ${c.dim(num + ' |')} ${clipped}\n ${pad}${c.dim(' |')} ${' '.repeat(caretAt)}${c.red('^'.repeat(len))}\n`;
}

const FRAME_WIDTH = 160;

/** Line `line` (1-based) of a text, without its line break; undefined past the last line. */
type LineFinder = (text: string, line: number) => string | undefined;

/**
 * A line finder for one rendering. Diagnostics come sorted by file and line, so it goes on from
 * the line it found last in the same text instead of counting from the start again: the frames
 * of a file cost one pass over it, not one per diagnostic (thousands of lines each, in a dump).
 */
function lineFinder(): LineFinder {
  let lastText: string | undefined;
  let lastLine = 1;
  let lastStart = 0;
  return (text, line) => {
    if (text !== lastText || line < lastLine) {
      lastText = text;
      lastLine = 1;
      lastStart = 0;
    }
    let start = lastStart;
    for (let i = lastLine; i < line; i++) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) return undefined;
      start = nl + 1;
    }
    // A line before the first (a position that is not in this text) reads as the first, as ever.
    lastLine = Math.max(1, line);
    lastStart = start;
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    return text.slice(start, end).replace(/\r$/, '');
  };
}

export function renderJSON(ds: readonly Diagnostic[]): string {
  const shaped = ds.map((d) => {
    const o: Record<string, unknown> = {
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file,
      line: d.line,
      column: d.column,
    };
    if (d.hint !== undefined) o.hint = d.hint;
    return o;
  });
  // The same characters as \\uXXXX escapes: the same strings to a JSON reader, harmless on a terminal.
  const json = JSON.stringify(shaped, null, 2); // C0 controls inside strings are escaped already
  return json.replace(UNSAFE, (ch) => (ch < ' ' ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)) + '\n';
}
