import { describe, expect, it } from 'vitest';
import { writeIpsets } from '../../../src/formats/ipset/write.js';
import { memberText } from '../../../src/ir/ipset.js';
import { parseCIDR } from '../../../src/net/cidr.js';
import { parseIP } from '../../../src/net/ip.js';

const ip = (s: string) => parseIP(s)!.ip;
const cidr = (s: string) => parseCIDR(s)!.cidr;

describe('ipset members, as ipset restore takes them', () => {
  it('writes every kind', () => {
    expect(memberText({ kind: 'hash:ip', ip: ip('10.0.0.1') })).toBe('10.0.0.1');
    expect(memberText({ kind: 'hash:net', cidr: cidr('10.0.0.0/8') })).toBe('10.0.0.0/8');
    expect(memberText({ kind: 'hash:ip,port', ip: ip('10.0.0.1'), protocol: 'tcp', port: 80 })).toBe('10.0.0.1,tcp:80');
    expect(memberText({ kind: 'hash:ip,port,ip', ip: ip('fd00::1'), protocol: 'udp', port: 53, ip2: ip('fd00::1') })).toBe('fd00::1,udp:53,fd00::1');
    expect(memberText({ kind: 'hash:ip,port,net', ip: ip('10.0.0.1'), protocol: 'sctp', port: 7, cidr: cidr('192.168.0.0/16') })).toBe('10.0.0.1,sctp:7,192.168.0.0/16');
    expect(memberText({ kind: 'bitmap:port', port: 30080 })).toBe('30080');
  });

  it('writes a bitmap:port set with its range and no family, filled and swapped in', () => {
    expect(writeIpsets([{ name: 'KUBE-NODE-PORT-TCP', kind: 'bitmap:port', family: undefined, range: { from: 0, to: 65535 }, members: [{ kind: 'bitmap:port', port: 30080 }], comment: 'NodePort TCP' }])).toBe(
      [
        '# NodePort TCP',
        'create KUBE-NODE-PORT-TCP bitmap:port range 0-65535 -exist',
        'create KUBE-NODE-PORT-TCP-new bitmap:port range 0-65535 -exist',
        'flush KUBE-NODE-PORT-TCP-new',
        'add KUBE-NODE-PORT-TCP-new 30080',
        'swap KUBE-NODE-PORT-TCP-new KUBE-NODE-PORT-TCP',
        'destroy KUBE-NODE-PORT-TCP-new',
        '',
      ].join('\n'),
    );
  });
});
