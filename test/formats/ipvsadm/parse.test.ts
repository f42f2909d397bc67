// formats/ipvsadm/parse.ts: ipvsadm-save text → IR, and back. Every golden of the ipvsadm form
// passes the grammar checker, and writing what the parser read gives it back byte for byte.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkIpvsadm } from '../../../src/formats/ipvsadm/check.js';
import { IpvsadmParseError, parseIpvsadm } from '../../../src/formats/ipvsadm/parse.js';
import { writeIpvsadm } from '../../../src/formats/ipvsadm/write.js';
import { formatIP } from '../../../src/net/ip.js';
import { goldenCases } from '../../helpers/fixtures.js';

const goldens = goldenCases().flatMap((c) => {
  const file = join(c.dir, 'expected.ipvsadm');
  if (!existsSync(file)) return [];
  return [{ name: c.name, text: readFileSync(file, 'utf8'), family: (c.args.includes('ipv6') ? 6 : 4) as 4 | 6 }];
});

describe('ipvsadm goldens', () => {
  it('has goldens of both families', () => {
    expect(goldens.length).toBeGreaterThan(10);
    expect(goldens.some((g) => g.family === 6)).toBe(true);
  });
  for (const g of goldens) {
    it(`${g.name}: every line passes the grammar checker, and write(parse(text)) == text`, () => {
      expect(checkIpvsadm(g.text)).toEqual([]);
      expect(writeIpvsadm(parseIpvsadm(g.text, g.family))).toBe(g.text);
    });
  }
});

describe('parseIpvsadm', () => {
  it("reads a live node's dump: local real servers show -g, order is ipvsadm's", () => {
    const text = '-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r 192.168.0.5:6443 -g -w 1\n-A -u 10.96.0.10:53 -s rr -p 10800\n';
    const t = parseIpvsadm(text, 4);
    expect(t.services.map((s) => [s.protocol, formatIP(s.ip), s.port, s.persistence])).toEqual([
      ['tcp', '10.96.0.1', 443, undefined],
      ['udp', '10.96.0.10', 53, 10800],
    ]);
    expect(t.services[0]!.realServers).toEqual([{ ip: expect.anything(), port: 6443, forwarding: 'gate', weight: 1 }]);
    expect(writeIpvsadm(t)).toBe(text);
  });

  it.each([
    ['-A -t 10.0.0.1:80 -s nope\n', 1, 'unknown scheduler'],
    ['-A -f 7 -s rr\n', 1, 'services are not in'],
    ['-A -t 10.0.0.1:80 -s rr -o\n', 1, 'One-Packet'],
    ['-A -u 10.0.0.1:80 -s rr -o\n', 1, 'not part of'],
    ['-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.1:80 -s rr\n', 2, 'listed twice'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n', 1, 'no earlier -A line'],
    ['-A -t [2001:db8::1]:80 -s rr\n', 1, 'not an IPv4 service'],
    ['-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m\n', 2, '-w WEIGHT'],
    ['-A -t 10.0.0.1:80 -s rr\n-D -t 10.0.0.1:80\n', 2, 'not a line ipvsadm-save prints'],
  ])('refuses %j at line %i', (text, line, message) => {
    let err: unknown;
    try {
      parseIpvsadm(text, 4);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IpvsadmParseError);
    expect((err as IpvsadmParseError).line).toBe(line);
    expect((err as Error).message).toContain(message);
  });
});
