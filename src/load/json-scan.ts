// One linear pass over JSON text, before JSON.parse sees it: where each top-level value starts
// and ends (a stream of values, as `jq '.items[]'` prints and kubectl reads, is several
// documents), and the first place the nesting passes the depth limit (the YAML parser we use
// for positions would overflow its stack on such input).

export interface JsonValueRange {
  start: number;
  /** One past the last character. */
  end: number;
}

export interface JsonScan {
  values: JsonValueRange[];
  /** Offset of the first bracket that nests deeper than the limit, or -1. */
  tooDeep: number;
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d, 0xfeff]);

/**
 * Splits `text` into top-level values. Objects and arrays are delimited by their brackets
 * (string-aware); a top-level scalar runs to the next whitespace or bracket. The values are not
 * validated here: JSON.parse does that for each one.
 */
export function scanJson(text: string, maxDepth: number): JsonScan {
  const values: JsonValueRange[] = [];
  let tooDeep = -1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (WS.has(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      let depth = 0;
      for (; i < n; i++) {
        const ch = text.charCodeAt(i);
        if (ch === 0x22 /* " */) {
          for (i++; i < n && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
        } else if (ch === 0x7b || ch === 0x5b) {
          depth++;
          if (depth > maxDepth && tooDeep < 0) tooDeep = i;
        } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
          depth--;
          if (depth === 0) {
            i++;
            break;
          }
        }
      }
    } else if (c === 0x22) {
      for (i++; i < n && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      i++;
    } else {
      while (i < n && !WS.has(text.charCodeAt(i)) && text[i] !== '{' && text[i] !== '[') i++;
    }
    values.push({ start, end: Math.min(i, n) });
  }
  return { values, tooDeep };
}
