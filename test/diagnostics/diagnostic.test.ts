import { describe, expect, it } from 'vitest';
import { lazyDiag, sortDiagnostics } from '../../src/diagnostics/diagnostic.js';

describe('lazyDiag', () => {
  it('finds its location only when read, and once', () => {
    let lookups = 0;
    const d = lazyDiag('KR0410', 'note', () => {
      lookups++;
      return { file: 'f.json', line: 3, column: 5, length: 2 };
    });
    expect(lookups).toBe(0);
    expect(d.severity).toBe('info');
    expect([d.file, d.line, d.column, d.length]).toEqual(['f.json', 3, 5, 2]);
    expect(sortDiagnostics([d, lazyDiag('KR0410', 'other', () => ({ file: 'a.json', line: 1, column: 1 }))]).map((x) => x.file)).toEqual(['a.json', 'f.json']);
    expect(lookups).toBe(1);
  });
});
