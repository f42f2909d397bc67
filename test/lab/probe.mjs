// A lab client: opens --count connections (TCP) or sockets (UDP) to --to IP:PORT one after
// another, or one to each of --targets at once, each bounded by --timeout-ms, and prints one
// JSON array: for each attempt either the server's answer or an error ("refused", "timeout",
// ...) and how long it took.
import { connect } from 'node:net';
import { createSocket } from 'node:dgram';

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = (to) => {
  const i = to.lastIndexOf(':');
  return [to.slice(0, i).replace(/^\[|\]$/g, ''), Number(to.slice(i + 1))];
};
const proto = opt('--proto') ?? 'tcp';
const count = Math.min(Number(opt('--count') ?? '1'), 1000);
const timeoutMs = Math.min(Number(opt('--timeout-ms') ?? '1500'), 10000);
const sourcePort = opt('--source-port') ? Number(opt('--source-port')) : undefined;

function once(host, port) {
  const started = Date.now();
  return new Promise((resolve) => {
    const done = (r) => resolve({ ...r, ms: Date.now() - started });
    if (proto === 'tcp') {
      const sock = connect({ host, port, localPort: sourcePort });
      let data = '';
      const timer = setTimeout(() => {
        sock.destroy();
        done({ error: 'timeout' });
      }, timeoutMs);
      sock.on('data', (d) => (data += d));
      sock.on('end', () => {
        clearTimeout(timer);
        try {
          done({ answer: JSON.parse(data) });
        } catch {
          done({ error: 'garbled' });
        }
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        done({ error: e.code === 'ECONNREFUSED' ? 'refused' : (e.code ?? 'error') });
      });
    } else {
      const sock = createSocket(host.includes(':') ? 'udp6' : 'udp4');
      const timer = setTimeout(() => {
        sock.close();
        done({ error: 'timeout' });
      }, timeoutMs);
      sock.on('message', (msg) => {
        clearTimeout(timer);
        sock.close();
        try {
          done({ answer: JSON.parse(String(msg)) });
        } catch {
          done({ error: 'garbled' });
        }
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        sock.close();
        done({ error: e.code === 'ECONNREFUSED' ? 'refused' : (e.code ?? 'error') });
      });
      sock.connect(port, host, () => sock.send('probe'));
    }
  });
}

// --targets a:p,b:q,...: one attempt to each, all at once (a reachability row); else --to with --count.
const targets = opt('--targets');
const results = [];
if (targets) {
  const list = targets.split(',').filter(Boolean).slice(0, 100);
  results.push(...(await Promise.all(list.map((t) => once(...split(t))))));
} else {
  const [host, port] = split(opt('--to'));
  for (let i = 0; i < count; i++) results.push(await once(host, port));
}
process.stdout.write(JSON.stringify(results) + '\n');
