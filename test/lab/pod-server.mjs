// A lab pod's server: answers on every given port, TCP and UDP, with its pod name and the source
// address it saw, as one JSON line. Runs inside the pod's network namespace; prints "ready" once
// all sockets listen. It stops by itself after --lifetime-ms (a bound if the harness dies).
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const pod = opt('--name');
const tcp = (opt('--tcp') ?? '').split(',').filter(Boolean).map(Number);
const udp = (opt('--udp') ?? '').split(',').filter(Boolean).map(Number);
const lifetime = Number(opt('--lifetime-ms') ?? '600000');

let pending = tcp.length + udp.length;
const ready = () => {
  if (--pending === 0) process.stdout.write('ready\n');
};
const answer = (proto, port, address, srcPort) => JSON.stringify({ pod, proto, port, src: address, srcPort }) + '\n';

// IPv4 and (with --ipv6) IPv6 sockets apart, so an IPv4 client is seen as 10.x, not ::ffff:10.x.
const families = args.includes('--ipv6') ? ['0.0.0.0', '::'] : ['0.0.0.0'];
pending *= families.length;
for (const host of families) {
  for (const port of tcp) {
    const server = createServer((conn) => {
      conn.on('error', () => {});
      conn.end(answer('tcp', port, conn.remoteAddress, conn.remotePort));
    });
    server.listen({ port, host, ipv6Only: host === '::' }, ready);
  }
  for (const port of udp) {
    const sock = createSocket({ type: host === '::' ? 'udp6' : 'udp4', ipv6Only: host === '::' });
    sock.on('message', (_msg, rinfo) => sock.send(answer('udp', port, rinfo.address, rinfo.port), rinfo.port, rinfo.address));
    sock.bind(port, host, ready);
  }
}
if (pending === 0) process.stdout.write('ready\n');
setTimeout(() => process.exit(0), lifetime).unref();
setInterval(() => {}, 1 << 30);
