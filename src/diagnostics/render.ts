// Text and JSON forms of diagnostics. Text: `file:line:col: severity CODE: message`, a code
// frame taken from the source text, and a hint line. Colour is decided by the caller (TTY only).
import type { ChalkInstance } from 'chalk';
import type { Diagnostic } from './diagnostic.js';

export interface SourceLookup {
  /** The full text of a loaded file, if it is known. */
  text(file: string): string | undefined;
}

export function renderText(ds: readonly Diagnostic[], sources: SourceLookup, color: ChalkInstance): string {
  return ds.map((d) => renderOne(d, sources, color)).join('');
}

/** Control characters from input never reach the terminal raw: they could fake a diagnostic. */
export function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function renderOne(d: Diagnostic, sources: SourceLookup, c: ChalkInstance): string {
  const sev = d.severity === 'error' ? c.red.bold(d.severity) : d.severity === 'warning' ? c.yellow.bold(d.severity) : c.cyan(d.severity);
  const where = printable(d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file);
  let out = `${c.bold(where)}: ${sev} ${c.dim(d.code)}: ${printable(d.message)}\n`;
  const text = d.line > 0 ? sources.text(d.file) : undefined;
  if (text !== undefined) out += frame(text, d, c);
  if (d.hint) out += `  ${c.cyan('hint')}: ${printable(d.hint)}\n`;
  return out;
}

function frame(text: string, d: Diagnostic, c: ChalkInstance): string {
  const lineText = lineAt(text, d.line);
  if (lineText === undefined) return '';
  const num = String(d.line);
  const pad = ' '.repeat(num.length);
  // Tabs and control characters are shown as single spaces so the caret lines up.
  const shown = [...lineText].map((ch) => (ch < ' ' || ch === '\x7f' ? ' ' : ch)).join('');
  const clipped = shown.length > 160 ? shown.slice(0, 160) + '…' : shown;
  const col = Math.max(1, d.column);
  const maxLen = Math.max(1, shown.length - col + 1);
  const len = Math.min(Math.max(1, d.length ?? 1), maxLen);
  return ` ${c.dim(num + ' |')} ${clipped}\n ${pad}${c.dim(' |')} ${' '.repeat(col - 1)}${c.red('^'.repeat(len))}\n`;
}

function lineAt(text: string, line: number): string | undefined {
  let start = 0;
  for (let i = 1; i < line; i++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return text.slice(start, end).replace(/\r$/, '');
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
  return JSON.stringify(shaped, null, 2) + '\n';
}
