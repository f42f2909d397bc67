// Text made as bytes: a writer puts its tokens, numbers and addresses into one buffer and takes
// the text out a piece (about 64 KiB of whole lines) at a time. A large ruleset's half a
// million lines then cost no string per line, no array of tokens per line and no join: the
// characters are copied once, into the buffer, and each piece becomes one flat string.
//
// Every writer's words are checked (formats/tokens.ts) before they get here; this class only
// copies. Text is UTF-8: a piece with nothing but ASCII (every compiled ruleset) is read back as
// Latin-1, which is the same and faster; a piece with any other character is read back as UTF-8.

/**
 * A piece is taken once this many bytes of whole lines have gathered. Small enough for a piece
 * to be an ordinary young-generation string, freed by the next scavenge once written: pieces of
 * a megabyte are large objects, which only a full collection frees, and 46 MB of them made the
 * 10,000-service compile's peak 48 MiB larger.
 */
export const PIECE_BYTES = 1 << 16;

export class ByteText {
  private buf: Buffer = Buffer.allocUnsafe(PIECE_BYTES * 2);
  private pos = 0;
  private ascii = true;
  /** Whether the next token needs a space before it (false at the start of a line). */
  private spaced = false;

  /** Bytes gathered and not yet taken. */
  get size(): number {
    return this.pos;
  }

  /** Room for `n` more bytes: a larger buffer, the bytes so far copied over, when they would not fit. */
  private room(n: number): Buffer {
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    return this.buf;
  }

  /** `s`, after a space unless it starts the line. */
  put(s: string): void {
    this.space();
    this.raw(s);
  }

  /** A non-negative integer in decimal, after a space unless it starts the line. */
  putNumber(n: number): void {
    this.space();
    this.decimal(n);
  }

  /** A space, unless the line has nothing yet; the next token is then spaced. */
  space(): void {
    if (this.spaced) this.room(1)[this.pos++] = 0x20;
    this.spaced = true;
  }

  /** `s` as it is, with no space before it (a token in parts: "10.0.0.1" ":" "80"). */
  raw(s: string): void {
    const n = s.length;
    const b = this.room(n * 3);
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // The rest as UTF-8 (a surrogate pair must not be cut in two).
        this.ascii = false;
        this.pos = p + b.write(s.slice(i), p, 'utf8');
        return;
      }
      b[p++] = c;
    }
    this.pos = p;
  }

  /** One character given by its code (ASCII), with no space before it. */
  char(code: number): void {
    this.room(1)[this.pos++] = code;
  }

  /** A non-negative integer's decimal digits, with no space before them. */
  decimal(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.raw(String(n)); // never for ports, octets or seconds; kept exact for anything else
      return;
    }
    const b = this.room(16);
    // Octets and most ports: their digits without a loop.
    if (n < 10) {
      b[this.pos++] = 0x30 + n;
      return;
    }
    if (n < 100) {
      b[this.pos++] = 0x30 + ((n / 10) | 0);
      b[this.pos++] = 0x30 + (n % 10);
      return;
    }
    if (n < 1000) {
      b[this.pos++] = 0x30 + ((n / 100) | 0);
      b[this.pos++] = 0x30 + (((n / 10) | 0) % 10);
      b[this.pos++] = 0x30 + (n % 10);
      return;
    }
    let digits = 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    let x = n;
    do {
      b[--p] = 0x30 + (x % 10);
      x = Math.floor(x / 10);
    } while (x > 0);
  }

  /** Ends the line. */
  newline(): void {
    this.room(1)[this.pos++] = 0x0a;
    this.spaced = false;
  }

  /** The text gathered so far, which is then forgotten. */
  take(): string {
    const text = this.buf.toString(this.ascii ? 'latin1' : 'utf8', 0, this.pos);
    this.pos = 0;
    this.ascii = true;
    this.spaced = false;
    return text;
  }
}
