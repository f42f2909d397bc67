// JSON.parse keeps the last of two equal keys without a word; the API server's strict decoding
// reports them, and so does our YAML path. This scanner finds the first duplicate key in valid
// JSON text in one linear pass, so the JSON fast path can report it too.

/** Offset of the first key that repeats an earlier key of the same object, or -1. */
export function firstDuplicateKey(text: string): number {
  const stack: (Set<string> | null)[] = []; // a Set per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const start = i;
      i++;
      let raw = false;
      while (i < text.length && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c /* \ */) {
          raw = true;
          i++;
        }
        i++;
      }
      const top = stack[stack.length - 1];
      if (expectKey && top) {
        const body = text.slice(start + 1, i);
        const key = raw ? (JSON.parse(`"${body}"`) as string) : body;
        if (top.has(key)) return start;
        top.add(key);
        expectKey = false;
      }
    } else if (ch === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (ch === 0x5b /* [ */) {
      stack.push(null);
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] instanceof Set;
    }
  }
  return -1;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
