// Writing the rules to `-o PATH`. The rules are complete before anything is written, so a
// failed compile never touches PATH. What PATH is decides how:
//   -                        standard output
//   a regular file, or none  a temp file beside it, then rename: readers never see half a file;
//                            an existing file keeps its mode and owner
//   a symlink                followed: its final target is replaced atomically, the link stays
//   a device or FIFO         opened and written directly (/dev/null, /dev/stdout, a named pipe)
//   a socket                 connected to and written (a UNIX stream socket)
//   a directory              a usage error
import { closeSync, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { createConnection } from 'node:net';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fromDir } from '../load/sources.js';

/** A write that failed, in words for the user (the CLI turns it into KR0004). */
export class OutputError extends Error {}

/**
 * The rules: one text, or its pieces in order, made as they are read. A regular file gets each
 * piece as it is made (the whole text is never in memory); anything else gets the text only
 * once all of it has been made, so a failure while making it writes nothing there.
 */
export type OutputText = string | Iterable<string>;

const piecesOf = (text: OutputText): Iterable<string> => (typeof text === 'string' ? [text] : text);
const complete = (text: OutputText): readonly string[] => (typeof text === 'string' ? [text] : [...text]);

/** Writes `text` to `path` (relative to `cwd` when given; messages name `path` as given). */
export async function writeOutput(path: string, text: OutputText, stdout: (t: string) => void, cwd?: string): Promise<void> {
  if (path === '-') {
    for (const piece of complete(text)) stdout(piece);
    return;
  }
  const file = fromDir(cwd)(path);
  let st: Stats | undefined;
  try {
    st = statSync(file); // follows symlinks, /dev/stdout's /proc magic link included
  } catch (e) {
    if (code(e) !== 'ENOENT') throw failure(path, e);
  }
  if (st === undefined) {
    // Nothing there yet, or a symlink to something that does not exist yet: create the target.
    writeAtomic(path, finalTarget(path, file), undefined, text);
  } else if (st.isDirectory()) {
    throw new OutputError(`cannot write ${path}: it is a directory`);
  } else if (st.isFile()) {
    writeAtomic(path, realpathSync(file), st, text);
  } else if (st.isSocket()) {
    await writeSocket(path, file, complete(text));
  } else {
    writeDirect(path, file, complete(text)); // character or block device, FIFO
  }
}

/** Where a chain of symlinks ends when its last target does not exist (yet). */
function finalTarget(shown: string, path: string): string {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(p).isSymbolicLink()) return p;
      link = readlinkSync(p);
    } catch (e) {
      if (code(e) === 'ENOENT') return p;
      throw failure(shown, e);
    }
    p = isAbsolute(link) ? link : join(dirname(p), link);
  }
  throw new OutputError(`cannot write ${shown}: too many levels of symbolic links`);
}

function writeAtomic(shown: string, target: string, existing: Stats | undefined, text: OutputText): void {
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      try {
        fchownSync(fd, existing.uid, existing.gid);
      } catch (e) {
        if (code(e) !== 'EPERM') throw e; // not root: the file becomes ours, as with any editor
      }
    }
    writeAll(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    if (e instanceof NotWritten) throw e.cause; // making the text failed (an internal error), not writing it
    if (code(e) === 'ENOENT' && dirExists(dirname(target))) {
      throw new OutputError(`cannot write ${shown}: ${dirname(target)} does not take new files (a temporary file is made there first)`);
    }
    throw failure(shown, e);
  }
}

function dirExists(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function writeDirect(shown: string, path: string, text: OutputText): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'w');
    writeAll(fd, text);
  } catch (e) {
    throw failure(shown, e);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An error from making a piece of the text, carried past the write's own error handling. */
class NotWritten extends Error {}

/** Each piece as it is made, a megabyte at a time: the encoded bytes are never all in memory at once. */
function writeAll(fd: number, text: OutputText): void {
  const pieces = piecesOf(text)[Symbol.iterator]();
  for (;;) {
    let next: IteratorResult<string>;
    try {
      next = pieces.next();
    } catch (e) {
      throw new NotWritten('internal: the rules could not be written', { cause: e });
    }
    if (next.done) return;
    const piece = next.value;
    for (let at = 0; at < piece.length; ) {
      let end = Math.min(at + WRITE_CHARS, piece.length);
      const last = piece.charCodeAt(end - 1);
      if (last >= 0xd800 && last <= 0xdbff && end < piece.length) end++; // never split a surrogate pair
      const buf = Buffer.from(piece.slice(at, end), 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
      at = end;
    }
  }
}

const WRITE_CHARS = 1 << 20;

function writeSocket(shown: string, path: string, text: OutputText): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ path });
    sock.on('error', (e) => reject(failure(shown, e)));
    sock.on('connect', () => {
      for (const piece of piecesOf(text)) sock.write(piece);
      sock.end(() => resolve());
    });
  });
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException).code;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EISDIR: 'it is a directory',
  ELOOP: 'too many levels of symbolic links',
  ECONNREFUSED: 'nothing listens on this socket',
  ENXIO: 'no reader or device behind it',
};

function failure(path: string, e: unknown): OutputError {
  if (e instanceof OutputError) return e;
  const c = code(e);
  return new OutputError(`cannot write ${path}: ${(c && REASONS[c]) ?? (e as Error).message}`);
}
