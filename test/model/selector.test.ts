import { describe, expect, it } from 'vitest';
import { buildSelector, matches } from '../../src/model/selector.js';

const labels = (o: Record<string, string>) => new Map(Object.entries(o));

describe('label selectors', () => {
  it('matches everything when empty', () => {
    expect(matches(buildSelector({}), labels({}))).toBe(true);
    expect(matches(buildSelector(undefined), labels({ a: 'b' }))).toBe(true);
  });
  it('ANDs matchLabels and every expression', () => {
    const s = buildSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] });
    expect(matches(s, labels({ app: 'web', tier: 'a' }))).toBe(true);
    expect(matches(s, labels({ app: 'web', tier: 'c' }))).toBe(false);
    expect(matches(s, labels({ app: 'db', tier: 'a' }))).toBe(false);
    expect(matches(s, labels({ tier: 'a' }))).toBe(false);
  });
  it('lets NotIn and DoesNotExist match objects without the key', () => {
    const notIn = buildSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['test'] }] });
    expect(matches(notIn, labels({}))).toBe(true);
    expect(matches(notIn, labels({ tier: 'prod' }))).toBe(true);
    expect(matches(notIn, labels({ tier: 'test' }))).toBe(false);
    const dne = buildSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] });
    expect(matches(dne, labels({}))).toBe(true);
    expect(matches(dne, labels({ tier: '' }))).toBe(false);
  });
  it('Exists matches any value, the empty one too', () => {
    const s = buildSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] });
    expect(matches(s, labels({ tier: '' }))).toBe(true);
    expect(matches(s, labels({ other: 'x' }))).toBe(false);
  });
});
