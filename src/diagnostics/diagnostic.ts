// One small message shape, used by every phase: the esbuild idea of {text, location}, with a
// stable code from codes.ts. Phases never print; they return diagnostics.
import { byteOrder } from '../net/order.js';
import { CODES, type Code, type Severity } from './codes.js';

export interface Location {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in characters. */
  column: number;
  /** Characters to underline on that line (at least 1). */
  length?: number;
}

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  hint?: string;
  /** For the code frame only; not part of the JSON form. */
  length?: number;
}

export function diag(code: Code, message: string, loc: Location, hint?: string): Diagnostic {
  const d: Diagnostic = {
    code,
    severity: CODES[code].severity,
    message,
    file: loc.file,
    line: loc.line,
    column: loc.column,
  };
  if (hint !== undefined) d.hint = hint;
  if (loc.length !== undefined) d.length = loc.length;
  return d;
}

/**
 * A diagnostic whose location is found only when something reads it. For notes (`info`, shown
 * with --verbose): a dump can hold thousands of them, and finding a place in a JSON file means
 * parsing it again; without --verbose they are dropped unread.
 */
export function lazyDiag(code: Code, message: string, locate: () => Location, hint?: string): Diagnostic {
  let loc: Location | undefined;
  const at = () => (loc ??= locate());
  const d = { code, severity: CODES[code].severity, message } as Diagnostic;
  Object.defineProperties(d, {
    file: { get: () => at().file, enumerable: true },
    line: { get: () => at().line, enumerable: true },
    column: { get: () => at().column, enumerable: true },
    length: { get: () => at().length }, // for the code frame only, as in diag()
  });
  if (hint !== undefined) d.hint = hint;
  return d;
}

/** A location for diagnostics that are about the command line rather than a file. */
export const COMMAND_LINE: Location = { file: '<command line>', line: 0, column: 0 };

export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}

/** Stable order: by file, line, column, code, message. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      byteOrder(a.file, b.file) || a.line - b.line || a.column - b.column || byteOrder(a.code, b.code) || byteOrder(a.message, b.message),
  );
}

export const EXIT = {
  ok: 0,
  findings: 1,
  invalid: 2,
  internal: 3,
} as const;
