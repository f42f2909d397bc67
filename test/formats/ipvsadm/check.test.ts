// The ipvsadm grammar checker against lines ipvsadm 1.31 accepts and lines it refuses (the
// messages are ipvsadm's own where it has one: ipvsadm.c parse_options, process_options,
// generic_opt_check, parse_sched_flags, tunnel_opt_check).
import { describe, expect, it } from 'vitest';
import { checkIpvsadm, checkIpvsadmArgs } from '../../../src/formats/ipvsadm/check.js';
import { SCHEDULERS } from '../../../src/ir/ipvs.js';

const check = (line: string) => checkIpvsadmArgs(line.split(' '));

describe('checkIpvsadmArgs accepts', () => {
  it.each([
    '-A -t 10.102.128.4:3080 -s rr -p 10800',
    '-a -t 10.102.128.4:3080 -r 10.244.0.235:8080 -m -w 1',
    '-A -u 10.96.0.10:53 -s rr',
    '-A --sctp-service [2001:db8::1:1]:3001 -s rr',
    '-a --sctp-service [2001:db8::1:1]:3001 -r [2001::1]:80 -m -w 1',
    '-A -t 10.0.0.1:80 -s mh -p 10800 -b mh-port',
    '-A -t 10.0.0.1:80 -s mh -b mh-fallback,mh-port',
    '-A -t 10.0.0.1:80 -s sh -b sh-fallback,sh-port',
    '-A -t 10.0.0.1:80 -s wlc -b flag-1,flag-3',
    '-A -t 10.0.0.1:80 -b flag-2', // no -s: wlc
    '-E -t 10.0.0.1:80 -s lc',
    '-D -t 10.0.0.1:80',
    '-d -t 10.0.0.1:80 -r 10.1.0.1:8080',
    '-e -t 10.0.0.1:80 -r 10.1.0.1:8080 -m -w 0',
    '-a -t 10.0.0.1:80 -r 10.1.0.1 -g',
    '-a -t [2001:db8::1]:80 -r 10.1.0.1 -i', // tunnels may cross families
    '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -i --tun-type gue --tun-port 6080 --tun-csum',
    '-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 5 -x 100 -y 10',
    '-A -t 10.0.0.1:0 -s rr -p', // port 0 needs persistence; a bare -p is 360 s
    '-A -t 10.0.0.1:0 -p -s rr',
    '-A -t 10.0.0.1:80 -s rr -p 300 -M 255.255.255.0',
    '-A -f 7 -s rr',
    '-A -f 7 -6 -s rr',
    '-A -u 10.0.0.1:53 -s rr -o',
    '-A --tcp-service=10.0.0.1:80 --scheduler=twos',
    '-A -t10.0.0.1:80 -srr',
    '-C',
    '-S -n',
    '-Sn',
    '-L -n --stats',
    '-Ln',
    '-L -c',
    '-Z',
    '-R',
    '--set 900 120 300',
    '--set 0 0 0',
    '--start-daemon master --mcast-interface eth0 --syncid 3',
    '-h',
  ])('%s', (line) => {
    expect(check(line)).toBeUndefined();
  });

  it('knows every scheduler kube-rulec writes', () => {
    for (const s of SCHEDULERS) expect(check(`-A -t 10.0.0.1:80 -s ${s}`)).toBeUndefined();
  });
});

describe('checkIpvsadmArgs refuses', () => {
  it.each([
    ['-t 10.0.0.1:80 -A -s rr', 'the first option must be a command'],
    ['-A -t 10.0.0.1:80 -s rr -D', 'multiple commands specified'],
    ['-A -s rr', "You need to supply the 'service-address' option for the 'add-service' command"],
    ['-a -t 10.0.0.1:80 -m', "You need to supply the 'real-server' option for the 'add-server' command"],
    ['-A -t 10.0.0.1:80 -s rr -w 1', "Illegal 'weight' option with the 'add-service' command"],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1 -s rr', "Illegal 'scheduler' option with the 'add-server' command"],
    ['-D -t 10.0.0.1:80 -s rr', "Illegal 'scheduler' option with the 'delete-service' command"],
    ['-L -c --timeout', "The option 'timeout' conflicts with the 'connection' option in the 'list' command"],
    ['-A -t 10.0.0.1:80 -t 10.0.0.2:80', "multiple 'service-address' options specified"],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1 -m -g', "multiple 'forwarding-method' options specified"],
    ['-A -t 10.0.0.1:80 -s foo', 'unknown scheduler `foo'],
    ['-A -t 10.0.0.1:80 -s RR', 'unknown scheduler `RR'],
    ['-A -t 10.0.0.1:80 -s rr -b sh-port', 'incompatible scheduler flag `sh-port'],
    ['-A -t 10.0.0.1:80 -s sh -b mh-port', 'incompatible scheduler flag `mh-port'],
    ['-A -t 10.0.0.1:80 -b mh-port', 'incompatible scheduler flag `mh-port'],
    ['-A -t 10.0.0.1:80 -s mh -b mh-port,', 'invalid scheduler flag'],
    ['-A -t 10.0.0.1:80 -s mh -b port', 'invalid scheduler flag `port'],
    ['-A -t 10.0.0.1:80 -s rr -p 0', 'invalid timeout value `0'],
    ['-A -t 10.0.0.1:80 -s rr -p 2678401', 'invalid timeout value `2678401'],
    ['-A -t 10.0.0.1:80 -s rr -p 300 -M 255.0.255.0', 'illegal virtual server persistent mask specified'],
    ['-A -t [2001:db8::1]:80 -s rr -p 300 -M 129', 'illegal ipv6 netmask specified'],
    ['-A -t 10.0.0.1 -s rr', 'Zero port specified for non-persistent service'],
    ['-A -t 10.0.0.1:0 -s rr', 'Zero port specified for non-persistent service'],
    ['-A -t 10.0.0.1:80 -s rr -o', 'One-Packet Scheduling is only for UDP virtual services'],
    ['-A -t 10.0.0.1:65536 -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t 10.0.0.256:80 -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t 2001:db8::1:80:x -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t [2001:db8::1]80 -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t [10.0.0.1]:80 -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t 8080 -s rr', 'illegal virtual server address[:port] specified'],
    ['-A -t www.example.org:http -s rr', 'illegal virtual server address[:port] specified'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:x -m', 'illegal real server address[:port] specified'],
    ['-a -t 10.0.0.1:80 -r [2001::1]:80 -m', 'Different address family is allowed only for tunneling servers'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 65536', 'illegal weight specified'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w -1', 'illegal weight specified'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m --tun-type gre', 'Tunnel options conflict with forward method'],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -i --tun-type gue', "You need to supply the 'tun-port' option for the 'gue' tunnel type"],
    ['-a -t 10.0.0.1:80 -r 10.1.0.1:80 -i --tun-type gre --tun-remcsum', "Illegal 'tun-remcsum' option with the 'gre' tunnel type"],
    ['-A -f 0 -s rr', 'invalid fwmark value `0'],
    ['-A -t 10.0.0.1:80 -6 -s rr', '-6 used before -f'],
    ['-A -t 10.0.0.1:80 -s rr extra', 'unexpected argument extra'],
    ['--set 900 120', '--set option requires 3 timeout values'],
    ['--set 900 120 2678401', 'invalid timeout value `2678401'],
    ['-A -t 10.0.0.1:80 -q', 'unknown option -q'],
    ['-A -t 10.0.0.1:80 --schedule rr', 'unknown option --schedule'],
    ['-A -t 10.0.0.1:80 -s', 'option --scheduler needs a value'],
    ['--start-daemon primary', 'illegal start-daemon parameter specified'],
  ])('%s: %s', (line, message) => {
    expect(check(line)).toContain(message);
  });
});

describe('checkIpvsadm', () => {
  it('reads ipvsadm -R input: a leading "ipvsadm", # lines and blank lines', () => {
    expect(checkIpvsadm('# saved\nipvsadm -A -t 10.0.0.1:80 -s rr\n\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1\n')).toEqual([]);
  });

  it('names each line it refuses', () => {
    expect(checkIpvsadm('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 10.1.0.1:80 -m -w 1 -w 2\n-A -t 10.0.0.2:80 -s nope\n')).toEqual([
      { line: 2, message: "multiple 'weight' options specified" },
      { line: 3, message: expect.stringContaining('unknown scheduler `nope') },
    ]);
  });
});
