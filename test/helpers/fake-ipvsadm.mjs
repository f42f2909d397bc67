#!/usr/bin/env node
// A stand-in for ipvsadm where the kernel has no IPVS (these machines): it keeps a table in a
// JSON file ($FAKE_IPVSADM_STATE) and does what the IPVS script asks of ipvsadm, as ipvsadm does
// it: -L -n (succeeds), -S -n (prints the table in ipvsadm-save form, each service followed by its
// real servers), -R (reads commands from standard input: -A -E -D -a -e -d, refusing what the
// kernel would refuse: a service added twice, a missing one edited or deleted, ...), and
// --set tcp tcpfin udp. Every command it was given is appended to $FAKE_IPVSADM_LOG.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const stateFile = process.env.FAKE_IPVSADM_STATE;
const logFile = process.env.FAKE_IPVSADM_LOG;
if (!stateFile || !logFile) {
  process.stderr.write('fake ipvsadm: FAKE_IPVSADM_STATE and FAKE_IPVSADM_LOG must be set\n');
  process.exit(2);
}
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : { services: [], timeouts: null };
const log = (line) => appendFileSync(logFile, `${line}\n`);
const save = () => writeFileSync(stateFile, JSON.stringify(state));
const fail = (why) => {
  process.stderr.write(`fake ipvsadm: ${why}\n`);
  process.exitCode = 1;
};

/** One command's words: "-A -t 10.0.0.1:80 -s rr". */
function apply(words) {
  const [cmd, proto, addr] = words;
  const key = `${proto} ${addr}`;
  const svc = state.services.find((s) => s.key === key);
  switch (cmd) {
    case '-A':
      if (svc) return fail(`${key}: Service already exists`);
      state.services.push({ key, line: words.join(' '), servers: [] });
      return;
    case '-E':
      if (!svc) return fail(`${key}: No such service`);
      svc.line = ['-A', ...words.slice(1)].join(' ');
      return;
    case '-D':
      if (!svc) return fail(`${key}: No such service`);
      state.services.splice(state.services.indexOf(svc), 1);
      return;
    case '-a':
    case '-e':
    case '-d': {
      if (!svc) return fail(`${key}: No such service`);
      const rip = words[words.indexOf('-r') + 1];
      const rs = svc.servers.find((r) => r.rip === rip);
      if (cmd === '-a') {
        if (rs) return fail(`${key} ${rip}: Destination already exists`);
        svc.servers.push({ rip, line: words.join(' ') });
      } else if (!rs) return fail(`${key} ${rip}: No such destination`);
      else if (cmd === '-e') rs.line = ['-a', ...words.slice(1)].join(' ');
      else svc.servers.splice(svc.servers.indexOf(rs), 1);
      return;
    }
    default:
      return fail(`unexpected command ${words.join(' ')}`);
  }
}

const args = process.argv.slice(2);
if (args[0] === '-L' || args[0] === '-Ln') {
  process.stdout.write('IP Virtual Server version 1.2.1 (size=4096)\n');
} else if (args[0] === '-S') {
  for (const s of state.services) {
    process.stdout.write(`${s.line}\n`);
    for (const r of s.servers) process.stdout.write(`${r.line}\n`);
  }
} else if (args[0] === '-R') {
  const input = readFileSync(0, 'utf8');
  for (const line of input.split('\n')) {
    const words = line.split(/\s+/).filter((w) => w !== '' && w !== 'ipvsadm');
    if (words.length === 0 || words[0].startsWith('#')) continue;
    log(words.join(' '));
    apply(words);
  }
  save();
} else if (args[0] === '--set') {
  log(args.join(' '));
  state.timeouts = args.slice(1);
  save();
} else {
  fail(`unexpected arguments ${args.join(' ')}`);
}
