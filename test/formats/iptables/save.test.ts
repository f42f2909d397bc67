// src/emit/iptables-save.ts: rule text as iptables-save prints it (the kernel test checks every
// golden against a real iptables-save; these pin down forms no golden needs yet).
import { describe, expect, it } from 'vitest';
import { saveRuleArgs } from '../../../src/formats/iptables/save.js';
import { addr } from '../../../src/ir/addr.js';
import { m, t } from '../../../src/ir/iptables.js';
import { parseCIDR } from '../../../src/net/cidr.js';

const cidr = (s: string) => addr.cidr(parseCIDR(s)!.cidr);

describe('saveRuleArgs', () => {
  // iptables-save (1.8, nf_tables) prints no -s/-d for a zero-length prefix (checked by hand in a
  // network namespace: `iptables -A INPUT -s 0.0.0.0/0 -j X` saves as `-A INPUT -j X`).
  it('leaves out a source or destination of every address, as iptables-save does', () => {
    expect(saveRuleArgs({ matches: [m.src(cidr('0.0.0.0/0')), m.comment('c')], target: t.jump('X') }, 4)).toBe('-m comment --comment c -j X');
    expect(saveRuleArgs({ matches: [m.dst(cidr('::/0'))], target: t.jump('X') }, 6)).toBe('-j X');
    expect(saveRuleArgs({ matches: [m.src(cidr('10.0.0.0/8'))], target: t.jump('X') }, 4)).toBe('-s 10.0.0.0/8 -j X');
  });
});
