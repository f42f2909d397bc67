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

describe('renderJSON', () => {
  it('gives the same strings, with invisible and bidi characters as JSON escapes', () => {
    const d = diag('KR0301', 'name "a\u202eb" is bad\n', { file: 'f.yaml', line: 1, column: 1 });
    const json = renderJSON([d]);
    expect(json).not.toMatch(/[\u202e]/);
    expect(json).toContain('\\u202e');
    expect(JSON.parse(json)[0].message).toBe('name "a\u202eb" is bad\n');
  });
});
