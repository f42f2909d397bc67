// backends/policy-nftables/names: the comment cut at nft's 128 bytes, exactly at the boundary.
import { describe, expect, it } from 'vitest';
import { clip, podMap } from '../../../src/backends/policy-nftables/names.js';

describe('policy nftables names', () => {
  it('clip keeps 128 characters and cuts 129 to 125 and "..."', () => {
    expect(clip('')).toBe('');
    expect(clip('c'.repeat(128))).toBe('c'.repeat(128));
    expect(clip('d'.repeat(125) + 'efgh')).toBe('d'.repeat(125) + '...');
    expect(clip('d'.repeat(125) + 'efgh').length).toBe(128);
  });

  it('podMap names the direction and family', () => {
    expect([podMap('ingress', 4), podMap('ingress', 6), podMap('egress', 4), podMap('egress', 6)]).toEqual(['ingress-ip4', 'ingress-ip6', 'egress-ip4', 'egress-ip6']);
  });
});
