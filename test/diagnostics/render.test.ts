import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { diag } from '../../src/diagnostics/diagnostic.js';
import { printable, renderJSON, renderText } from '../../src/diagnostics/render.js';

const plain = new Chalk({ level: 0 });

describe('printable', () => {
  it('escapes controls, bidi overrides and isolates, zero-width and invisible characters', () => {
    expect(printable('a\nb\u001b[31m\u0085')).toBe('a\\u000ab\\u001b[31m\\u0085');
    expect(printable('admin\u202e\u2066txt.exe')).toBe('admin\\u202e\\u2066txt.exe');
    expect(printable('we\u200bb\u200d\u2060\ufeff\u00ad')).toBe('we\\u200bb\\u200d\\u2060\\ufeff\\u00ad');
    expect(printable('line\u2028sep')).toBe('line\\u2028sep');
    expect(printable('ünïcødé ok, 日本, emoji 🙂')).toBe('ünïcødé ok, 日本, emoji 🙂');
  });
});

describe('renderText', () => {
  const text = (line: string) => ({ text: () => `first\n${line}\n` });

  it('shows unsafe characters of the code frame as spaces, so the caret stays under the value', () => {
    const d = diag('KR0301', 'bad name', { file: 'f.yaml', line: 2, column: 8, length: 5 });
    expect(renderText([d], text('name: "a\u202eb\u200bc"'), plain)).toBe(
      'f.yaml:2:8: error KR0301: bad name\n 2 | name: "a b c"\n   |        ^^^^^\n',
    );
  });

  it('shows a window of a long line that holds the caret', () => {
    const line = 'x'.repeat(300) + 'TARGET' + 'y'.repeat(300);
    const d = diag('KR0112', 'deep', { file: 'f.json', line: 2, column: 301, length: 6 });
    const [, frame, caret] = renderText([d], text(line), plain).split('\n');
    expect(frame!.length).toBeLessThan(175);
    expect(frame).toMatch(/^ 2 \| …x+TARGETy+…$/);
    expect(caret!.indexOf('^')).toBe(frame!.indexOf('TARGET'));
    expect(caret!.slice(caret!.indexOf('^'))).toBe('^^^^^^');
  });

  it('keeps a short line whole', () => {
    const d = diag('KR0303', 'bad ip', { file: 'f.yaml', line: 2, column: 4, length: 2 });
    expect(renderText([d], text('a: 10'), plain)).toBe('f.yaml:2:4: error KR0303: bad ip\n 2 | a: 10\n   |    ^^\n');
  });
});

describe('renderText code frames of many diagnostics', () => {
  // The lines of one rendering are found going on from the last one found in the same text:
  // every frame must still show its own line, whatever the order and the file.
  const a = Array.from({ length: 9 }, (_, i) => `a${i + 1}`).join('\n') + '\n';
  const b = Array.from({ length: 9 }, (_, i) => `b${i + 1}`).join('\r\n');
  const sources = { text: (f: string) => (f === 'a.yaml' ? a : f === 'b.yaml' ? b : undefined) };
  const at = (file: string, line: number) => diag('KR0301', 'x', { file, line, column: 1 });
  const frames = (ds: ReturnType<typeof at>[]) =>
    renderText(ds, sources, plain)
      .split('\n')
      .filter((l) => /^ *\d+ \| /.test(l))
      .map((l) => l.trim());

  it('shows each line, in order, out of order, across files and past the end', () => {
    expect(frames([at('a.yaml', 2), at('a.yaml', 2), at('a.yaml', 5), at('a.yaml', 9), at('b.yaml', 3), at('b.yaml', 9)])).toEqual([
      '2 | a2',
      '2 | a2',
      '5 | a5',
      '9 | a9',
      '3 | b3',
      '9 | b9',
    ]);
    expect(frames([at('a.yaml', 7), at('a.yaml', 3), at('b.yaml', 4), at('a.yaml', 4), at('a.yaml', 1), at('b.yaml', 2)])).toEqual([
      '7 | a7',
      '3 | a3',
      '4 | b4',
      '4 | a4',
      '1 | a1',
      '2 | b2',
    ]);
    // Line 10 of a is the empty line after its last break; 11 is past the end: no frame.
    expect(renderText([at('a.yaml', 11), at('a.yaml', 6)], sources, plain)).toBe('a.yaml:11:1: error KR0301: x\na.yaml:6:1: error KR0301: x\n 6 | a6\n   | ^\n');
  });

  it('reads a part of a file by its own line numbers', () => {
    const parts = { text: () => undefined, part: (_f: string, line: number) => (line > 9 ? { text: b, linesBefore: 9 } : { text: a, linesBefore: 0 }) };
    const ds = [at('f', 3), at('f', 12), at('f', 8), at('f', 10)];
    expect(
      renderText(ds, parts, plain)
        .split('\n')
        .filter((l) => /^ *\d+ \| /.test(l))
        .map((l) => l.trim()),
    ).toEqual(['3 | a3', '12 | b3', '8 | a8', '10 | b1']);
  });

  it('a line before a text\'s first (a part that does not hold it) shows the first line, and the next frame its own', () => {
    const parts = { text: () => undefined, part: () => ({ text: a, linesBefore: 5 }) };
    expect(
      renderText([at('f', 4), at('f', 7)], parts, plain)
        .split('\n')
        .filter((l) => /^ *\d+ \| /.test(l))
        .map((l) => l.trim()),
    ).toEqual(['4 | a1', '7 | a2']);
  });
});

describe('renderJSON', () => {
  it('gives the same strings, with invisible and bidi characters as JSON escapes', () => {
    const d = diag('KR0301', 'name "a\u202eb" is bad\n', { file: 'f.yaml', line: 1, column: 1 });
    const json = renderJSON([d]);
    expect(json).not.toMatch(/[\u202e]/);
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)[0].message).toBe('name "a\u202eb" is bad\n');
  });
});
