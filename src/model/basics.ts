// The small value types every part of the model shares (kept apart so that the model's files
// import them without importing each other).
import type { Location } from '../diagnostics/diagnostic.js';

/** A source location computed only when a diagnostic needs it (JSON input re-parses for it). */
export type Locate = () => Location;

export type Protocol = 'tcp' | 'udp' | 'sctp';
export type Labels = ReadonlyMap<string, string>;
