// The awk program of the IPVS script (formats/sh/ipvs-sync.ts), run by the system's awk: given
// what `ipvsadm -S -n` prints and the wanted table, the ipvsadm -R commands it prints.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { IPVS_SYNC_AWK, IPVS_WANT_MARK, keepPrefixes, prefixBits } from '../../../src/formats/sh/ipvs-sync.js';
import { parseCIDR } from '../../../src/net/cidr.js';

const cidr = (t: string) => parseCIDR(t)!.cidr;

function sync(have: string[], want: string[], opts: { family?: 4 | 6; keep?: string[] } = {}): string[] {
  const input = [...have, IPVS_WANT_MARK, ...want].join('\n') + '\n';
  const keep = keepPrefixes((opts.keep ?? []).map(cidr)).join(' ');
  const r = spawnSync('awk', ['-v', `family=${opts.family ?? 4}`, '-v', `keep=${keep}`, IPVS_SYNC_AWK], { input, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => l !== '');
}

const A = '-A -t 10.96.0.10:80 -s rr';
const a1 = '-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 1';
const a2 = '-a -t 10.96.0.10:80 -r 10.244.2.6:8080 -m -w 1';

describe('the IPVS sync awk program', () => {
  it('writes the bit-string prefixes it compares against', () => {
    expect(prefixBits(cidr('10.0.0.0/8'))).toBe('00001010');
    expect(prefixBits(cidr('192.168.0.0/23'))).toBe('11000000101010000000000');
    expect(prefixBits(cidr('fd00::/8'))).toBe('11111101');
    expect(prefixBits(cidr('0.0.0.0/0'))).toBe('');
  });

  it('adds what is missing, in the order of the wanted table', () => {
    expect(sync([], [A, a1, a2])).toEqual([A, a1, a2]);
  });

  it('prints nothing when the table is already the wanted one: a second run changes nothing', () => {
    expect(sync([A, a1, a2], [A, a1, a2])).toEqual([]);
    expect(sync([a2, A, a1].sort(), [A, a1, a2])).toEqual([]);
  });

  it('edits a service or a real server that differs, and deletes real servers no longer wanted', () => {
    expect(sync([A, a1, '-a -t 10.96.0.10:80 -r 10.244.3.3:8080 -m -w 1'], ['-A -t 10.96.0.10:80 -s mh -p 10800 -b mh-port', '-a -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 0', a2])).toEqual([
      '-E -t 10.96.0.10:80 -s mh -p 10800 -b mh-port',
      '-d -t 10.96.0.10:80 -r 10.244.3.3:8080',
      '-e -t 10.96.0.10:80 -r 10.244.1.5:8080 -m -w 0',
      a2,
    ]);
  });

  it("deletes kube-proxy's services of its family that are not wanted, and keeps everyone else's", () => {
    const have = [
      '-A -t 10.96.0.99:80 -s rr', // stale: deleted with its servers
      '-a -t 10.96.0.99:80 -r 10.244.1.1:80 -m -w 1',
      '-A -u 10.99.1.2:53 -s rr', // in an excluded CIDR: kept
      '-A -t [fd00::1]:80 -s rr', // the other family: kept
      '-A -f 7 -s rr', // fwmark: kept
      '-a -f 7 -r 10.1.1.1:0 -g -w 1',
      A,
      a1,
    ];
    expect(sync(have, [A, a1], { keep: ['10.99.0.0/16'] })).toEqual(['-D -t 10.96.0.99:80']);
  });

  it('reads IPv6 addresses as ipvsadm prints them, :: and embedded IPv4 forms included', () => {
    const have = ['-A -t [fd00:10:96::10]:80 -s rr', '-A -t [::10.1.2.3]:80 -s rr', '-A -t [2001:db8::5]:80 -s rr', '-A --sctp-service [fd00::7]:7777 -s rr', '-A -t 10.96.0.1:443 -s rr'];
    // fd00::/8 and ::10.1.2.0/120 are kept; 2001:db8::5 is not; IPv4 is the other family.
    expect(sync(have, [], { family: 6, keep: ['fd00::/8', '::a01:200/120'] })).toEqual(['-D -t [2001:db8::5]:80']);
    expect(sync(have, [], { family: 6 })).toEqual(['-D -t [fd00:10:96::10]:80', '-D -t [::10.1.2.3]:80', '-D -t [2001:db8::5]:80', '-D --sctp-service [fd00::7]:7777']);
    expect(sync(['-A -t [2001:db8:0:1::]:80 -s rr', '-A -t [::]:80 -s rr'], [], { family: 6, keep: ['2001:db8:0:1::/64', '::/128'] })).toEqual([]);
  });

  it('keeps excluded IPv4 services by their prefix only', () => {
    const have = ['-A -t 10.99.255.255:80 -s rr', '-A -t 10.100.0.0:80 -s rr', '-A -t 192.168.1.1:80 -s rr'];
    expect(sync(have, [], { keep: ['10.99.0.0/16', '192.168.0.0/23'] })).toEqual(['-D -t 10.100.0.0:80']);
  });
});
