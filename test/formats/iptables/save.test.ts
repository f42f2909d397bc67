// src/emit/iptables-save.ts: rule text as iptables-save prints it (the kernel test checks every
// golden against a real iptables-save; these pin down forms no golden needs yet).
import { describe, expect, it } from 'vitest';
import { saveRuleArgs } from '../../../src/formats/iptables/save.js';
import { addr } from '../../../src/ir/addr.js';
import { m, t } from '../../../src/ir/iptables.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP } from '../../../src/net/ip.js';

const cidr = (s: string) => addr.cidr(parseCIDR(s)!.cidr);

describe('saveRuleArgs', () => {
  // iptables-save (1.8, nf_tables) prints no -s/-d for a zero-length prefix (checked by hand in a
  // network namespace: `iptables -A INPUT -s 0.0.0.0/0 -j X` saves as `-A INPUT -j X`).
  it('leaves out a source or destination of every address, as iptables-save does', () => {
    expect(saveRuleArgs({ matches: [m.src(cidr('0.0.0.0/0')), m.comment('c')], target: t.jump('X') }, 4)).toBe('-m comment --comment c -j X');
    expect(saveRuleArgs({ matches: [m.dst(cidr('::/0'))], target: t.jump('X') }, 6)).toBe('-j X');
    expect(saveRuleArgs({ matches: [m.src(cidr('10.0.0.0/8'))], target: t.jump('X') }, 4)).toBe('-s 10.0.0.0/8 -j X');
  });

  // The text of a comment, a target and a host address is made once per object (policy mode
  // gives thousands of rules the same ones): each object keeps its own text, a target its text per
  // family.
  it('writes shared comments, targets and addresses as each one says, whatever was written before', () => {
    const ip = (s: string) => addr.ip(parseIP(s)!.ip);
    const a = ip('10.0.0.1');
    const b = ip('10.0.0.2');
    const v6 = ip('fd00::1');
    const ca = m.comment('policy a');
    const cb = m.comment('b');
    const jump = t.jump('KR-X');
    const mark = t.markOr(0x10000);
    const written = [
      saveRuleArgs({ matches: [m.src(a), ca], target: mark }, 4),
      saveRuleArgs({ matches: [m.src(b), cb], target: jump }, 4),
      saveRuleArgs({ matches: [m.src(a), m.dst(b), cb], target: mark }, 4),
      saveRuleArgs({ matches: [m.dst(a), ca], target: t.reject }, 4),
      saveRuleArgs({ matches: [m.src(v6), ca], target: t.reject }, 6),
      saveRuleArgs({ matches: [m.dst(b), m.src(a), ca], target: t.reject }, 4),
      saveRuleArgs({ matches: [m.dst(v6), cb], target: t.reject }, 6),
    ];
    expect(written).toEqual([
      '-s 10.0.0.1/32 -m comment --comment "policy a" -j MARK --set-xmark 0x10000/0x10000',
      '-s 10.0.0.2/32 -m comment --comment b -j KR-X',
      '-s 10.0.0.1/32 -d 10.0.0.2/32 -m comment --comment b -j MARK --set-xmark 0x10000/0x10000',
      '-d 10.0.0.1/32 -m comment --comment "policy a" -j REJECT --reject-with icmp-port-unreachable',
      '-s fd00::1/128 -m comment --comment "policy a" -j REJECT --reject-with icmp6-port-unreachable',
      '-s 10.0.0.1/32 -d 10.0.0.2/32 -m comment --comment "policy a" -j REJECT --reject-with icmp-port-unreachable',
      '-d fd00::1/128 -m comment --comment b -j REJECT --reject-with icmp6-port-unreachable',
    ]);
  });

  it('still refuses an unsafe comment, each time it is asked', () => {
    const bad = m.comment('a "quoted" word');
    expect(() => saveRuleArgs({ matches: [bad], target: t.ret }, 4)).toThrow(/unsafe comment/);
    expect(() => saveRuleArgs({ matches: [bad], target: t.ret }, 4)).toThrow(/unsafe comment/);
  });
});
