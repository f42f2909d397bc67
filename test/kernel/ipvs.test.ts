// Every IPVS golden against a real kernel, each in a fresh network namespace:
//  - the ipset form restores (twice: it is idempotent), every member is in its set, then the
//    iptables form passes `iptables-restore --test` and loads, and iptables-save prints what the
//    IR's save text says;
//  - the ipvsadm form loads with ipvsadm-restore and `ipvsadm -S -n` prints it back: skipped, with
//    the reason, only when `ipvsadm -Ln` fails (these machines have no IPVS in the kernel);
//  - the script form, run twice in a namespace that already holds someone else's chain, rule and
//    set plus stale objects of kube-proxy's, leaves exactly the wanted state, keeps the others', and
//    changes nothing the second time. Without IPVS in the kernel it runs with stand-ins for
//    ipvsadm (test/helpers/fake-ipvsadm.mjs) and for the net.ipv4.vs sysctls; without the dummy
//    link driver, `ip link add kube-ipvs0 type dummy` makes an ifb device instead (also never set
//    up, no ARP). Everything else (addresses, ipsets, iptables) is real.
// The `-m ipvs` rule (KUBE-IPVS-OUT-FILTER) needs the xt_ipvs match, which needs IPVS: where the
// kernel lacks it, those rules are left out of the load and that part is skipped with the reason.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSave } from '../../src/formats/iptables/save.js';
import { memberText } from '../../src/ir/ipset.js';
import { t, type IptablesRuleset } from '../../src/ir/iptables.js';
import { part } from '../../src/ir/program.js';
import { formatCIDR, parseCIDR } from '../../src/net/cidr.js';
import { goldenCases, type GoldenCase } from '../helpers/fixtures.js';
import { exec, ipvsUnavailable, netnsUnavailable, nsExec, skipNetns, withNetns } from '../helpers/netns.js';
import { caseProgram } from '../helpers/program.js';

const cases = goldenCases().filter((c) => c.forms?.includes('ipset') && c.forms.includes('iptables'));
const FAKE_IPVSADM = resolve(import.meta.dirname, '../helpers/fake-ipvsadm.mjs');

/** Why iptables cannot load an `-m ipvs` match here (no xt_ipvs), or undefined. */
function xtIpvsUnavailable(): string | undefined {
  if (skipNetns) return 'no network namespaces';
  return withNetns((ns) => {
    nsExec(ns, 'iptables', ['-N', 'PROBE']);
    const r = nsExec(ns, 'iptables', ['-A', 'PROBE', '-m', 'ipvs', '--vaddr', '192.0.2.1', '--vproto', 'tcp', '--vport', '80', '-j', 'DROP']);
    return r.status === 0 ? undefined : `the ipvs match (xt_ipvs) does not load: ${r.stderr.trim().split('\n').at(-1)}`;
  });
}

/** Whether this kernel has the dummy link driver (these machines' has not). */
function dummyAvailable(): boolean {
  return !skipNetns && withNetns((ns) => nsExec(ns, 'ip', ['link', 'add', 'probe0', 'type', 'dummy']).status === 0);
}

const noIpvs = ipvsUnavailable();
const noXtIpvs = xtIpvsUnavailable();
const dummyType = dummyAvailable() ? 'dummy' : 'ifb';

function read(c: GoldenCase, form: string): string {
  return readFileSync(join(c.dir, `expected.${form}`), 'utf8');
}

const familyOf = (c: GoldenCase): 4 | 6 => (c.args.includes('ipv6') ? 6 : 4);
const hasIpvsMatch = (c: GoldenCase) => read(c, 'iptables').includes(' -m ipvs ');

/** The ruleset without its -m ipvs rules, when the kernel cannot load them. */
function loadable(rs: IptablesRuleset): IptablesRuleset {
  if (!noXtIpvs) return rs;
  return { ...rs, tables: rs.tables.map((tb) => ({ ...tb, chains: tb.chains.map((ch) => ({ ...ch, rules: ch.rules.filter((r) => !r.matches.some((m) => m.kind === 'ipvs')) })) })) };
}

function saved(ns: string, v6: boolean): string {
  return ['filter', 'nat']
    .map((table) => {
      const r = nsExec(ns, v6 ? 'ip6tables-save' : 'iptables-save', ['-t', table]);
      expect(r.status).toBe(0);
      return r.stdout
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n');
    })
    .join('');
}

function ok(r: { status: number; stderr: string }): void {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe.skipIf(skipNetns)('IPVS goldens in the kernel', () => {
  it('can use network namespaces', () => {
    expect(netnsUnavailable()).toBeUndefined();
  });
  it('has IPVS goldens of both families to load', () => {
    expect(cases.length).toBeGreaterThan(40);
    expect(cases.some((c) => familyOf(c) === 6)).toBe(true);
    expect(cases.some(hasIpvsMatch)).toBe(true);
  });

  for (const c of cases) {
    const v6 = familyOf(c) === 6;
    it(`${c.name}: the ipset form restores twice, then the iptables form loads and iptables-save prints the IR`, () => {
      const program = caseProgram(c);
      const sets = part(program, 'ipsets')!.sets;
      const rs = loadable(part(program, 'iptables')!.ruleset);
      const rules = noXtIpvs ? read(c, 'iptables').split('\n').filter((l) => !l.includes(' -m ipvs ')).join('\n') : read(c, 'iptables');
      withNetns((ns) => {
        ok(nsExec(ns, 'ipset', ['restore'], read(c, 'ipset')));
        ok(nsExec(ns, 'ipset', ['restore'], read(c, 'ipset')));
        for (const s of sets) {
          const header = nsExec(ns, 'ipset', ['list', s.name, '-t']);
          ok(header);
          expect(header.stdout).toContain(`Number of entries: ${s.members.length}\n`);
          for (const m of s.members) expect(nsExec(ns, 'ipset', ['test', s.name, memberText(m)]).status, `${s.name} ${memberText(m)}`).toBe(0);
        }
        const restore = v6 ? 'ip6tables-restore' : 'iptables-restore';
        ok(nsExec(ns, restore, ['--test', '--noflush'], rules));
        ok(nsExec(ns, restore, ['--noflush'], rules));
        expect(saved(ns, v6)).toBe(writeSave(rs));
      });
    });

    if (hasIpvsMatch(c)) {
      it.skipIf(noXtIpvs !== undefined)(`${c.name}: the -m ipvs rules load too${noXtIpvs ? ` (skipped: ${noXtIpvs})` : ''}`, () => {
        withNetns((ns) => {
          ok(nsExec(ns, 'ipset', ['restore'], read(c, 'ipset')));
          ok(nsExec(ns, v6 ? 'ip6tables-restore' : 'iptables-restore', ['--noflush'], read(c, 'iptables')));
          expect(saved(ns, v6)).toBe(writeSave(part(caseProgram(c), 'iptables')!.ruleset));
        });
      });
    }

    it.skipIf(noIpvs !== undefined)(`${c.name}: the ipvsadm form loads and ipvsadm -S -n prints it back${noIpvs ? ` (skipped: ${noIpvs})` : ''}`, () => {
      withNetns((ns) => {
        ok(nsExec(ns, 'ipvsadm-restore', [], read(c, 'ipvsadm')));
        const back = nsExec(ns, 'ipvsadm', ['-S', '-n']);
        ok(back);
        expect(back.stdout).toBe(read(c, 'ipvsadm'));
      });
    });
  }

  // The script, on cases whose rules this kernel can load.
  const scriptCases = cases.filter((c) => !c.name.startsWith('ipvs/upstream-') && !(noXtIpvs && hasIpvsMatch(c)));
  it('has script cases to run', () => {
    expect(scriptCases.length).toBeGreaterThan(15);
  });
  for (const c of scriptCases) {
    const v6 = familyOf(c) === 6;
    it(`${c.name}: the script form leaves exactly the wanted state, keeps what is not kube-proxy's, and a second run changes nothing`, () => {
      const program = caseProgram(c);
      const table = part(program, 'ipvs')!.table;
      const steps = part(program, 'host')!.steps;
      const ruleset = part(program, 'iptables')!.ruleset;
      const dir = mkdtempSync(join(tmpdir(), 'kr-ipvs-'));
      try {
        const script = join(dir, 'rules.sh');
        writeFileSync(script, read(c, 'script'));
        const stand = standIns(dir);
        const fake = noIpvs ? stand : undefined;
        // Stale and foreign objects before the first run.
        const staleVIP = v6 ? 'fd00:ffff::1' : '10.255.255.1';
        const tool = v6 ? 'ip6tables' : 'iptables';
        const foreign = [`-A -t ${v6 ? '10.0.0.99' : '[fd00::99]'}:80 -s rr`, '-A -f 9 -s rr'];
        const stale = [`-A -t ${v6 ? `[${staleVIP}]` : staleVIP}:80 -s rr`];
        const kept = table.keep.length > 0 ? [`-A -u ${v6 ? `[${formatCIDR(table.keep[0]!).split('/')[0]}]` : formatCIDR(table.keep[0]!).split('/')[0]}:53 -s rr`] : [];
        withNetns((ns) => {
          const run = () => nsExec(ns, 'env', [...stand.env, 'sh', script]);
          ok(nsExec(ns, tool, ['-N', 'SITE-LOCAL']));
          ok(nsExec(ns, tool, ['-A', 'INPUT', '-j', 'SITE-LOCAL']));
          ok(nsExec(ns, 'ipset', ['create', 'SITE-SET', 'hash:ip']));
          const clusterSet = v6 ? 'KUBE-6-CLUSTER-IP' : 'KUBE-CLUSTER-IP';
          ok(nsExec(ns, 'ipset', ['create', clusterSet, 'hash:ip,port', 'family', v6 ? 'inet6' : 'inet', 'hashsize', '1024', 'maxelem', '65536']));
          ok(nsExec(ns, 'ipset', ['add', clusterSet, `${staleVIP},tcp:80`]));
          ok(nsExec(ns, 'ip', ['link', 'add', 'kube-ipvs0', 'type', dummyType]));
          ok(nsExec(ns, 'ip', ['addr', 'add', `${staleVIP}/${v6 ? 128 : 32}`, 'dev', 'kube-ipvs0']));
          if (fake) fake.seed([...foreign, ...stale, ...kept]);
          else ok(nsExec(ns, 'ipvsadm', ['-R'], [...foreign, ...stale, ...kept].join('\n') + '\n'));

          const first = run();
          expect(first.stderr).toBe('');
          expect(first.status).toBe(0);
          const after1 = snapshot(ns, v6, fake);
          // IPVS: the wanted table, plus everyone else's services; the stale one is gone.
          expect(after1.ipvs).toEqual([...read(c, 'ipvsadm').split('\n').filter((l) => l !== ''), ...foreign, ...kept].sort());
          // kube-ipvs0: exactly the bound virtual IPs of the family.
          const bound = steps.flatMap((s) => (s.kind === 'address' ? [formatCIDR(s.address)] : []));
          expect(after1.addresses.map((a) => formatCIDR(parseCIDR(a)!.cidr)).sort()).toEqual(bound.sort());
          // iptables: kube-proxy's chains and jumps, and the site's chain and rule below them.
          const withSite: IptablesRuleset = {
            ...ruleset,
            tables: ruleset.tables.map((tb) => (tb.name === 'filter' ? { ...tb, chains: [...tb.chains, { name: 'SITE-LOCAL', rules: [] }] } : tb)),
            builtinJumps: [{ table: 'filter', chain: 'INPUT', rule: { matches: [], target: t.jump('SITE-LOCAL') } }, ...ruleset.builtinJumps],
          };
          expect(after1.iptables).toBe(writeSave(withSite, { builtinJumps: true }));
          expect(after1.sets).toContain('create SITE-SET hash:ip');
          expect(after1.sets).not.toContain(staleVIP);
          if (fake) {
            const sysctls = readFileSync(fake.sysctlLog, 'utf8');
            expect(sysctls).toContain('net.ipv4.vs.conntrack=1\n');
            expect(sysctls).toContain('net.ipv4.vs.expire_nodest_conn=1\n');
          }

          const log = fake ? readFileSync(fake.log, 'utf8') : '';
          const second = run();
          expect(second.stderr).toBe('');
          expect(second.status).toBe(0);
          expect(snapshot(ns, v6, fake)).toEqual(after1);
          // The second run asked ipvsadm for no change (only the timeouts, which it sets each time).
          if (fake) expect(readFileSync(fake.log, 'utf8').slice(log.length).split('\n').filter((l) => l !== '' && !l.startsWith('--set'))).toEqual([]);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

interface Stubs {
  env: string[];
  log: string;
  sysctlLog: string;
  state: string;
  seed(lines: string[]): void;
}

/**
 * Stand-ins for what this kernel lacks: without IPVS, ipvsadm, and sysctl for the net.ipv4.vs
 * keys only; without the dummy driver, `ip link add ... type dummy` makes an ifb device.
 */
function standIns(dir: string): Stubs {
  const bin = join(dir, 'bin');
  exec('mkdir', ['-p', bin]);
  const realIp = exec('sh', ['-c', 'command -v ip']).stdout.trim();
  if (dummyType !== 'dummy') {
    writeFileSync(join(bin, 'ip'), `#!/bin/sh
if [ "$1 $2 $4 $5" = "link add type dummy" ]; then exec ${realIp} link add "$3" type ${dummyType}; fi
exec ${realIp} "$@"
`);
    chmodSync(join(bin, 'ip'), 0o755);
  }
  const realSysctl = exec('sh', ['-c', 'command -v sysctl']).stdout.trim();
  const sysctlLog = join(dir, 'sysctl.log');
  if (noIpvs) writeFileSync(
    join(bin, 'sysctl'),
    `#!/bin/sh\nfor a in "$@"; do case "$a" in net.ipv4.vs.*) echo "$a" >> ${sysctlLog}; exit 0;; esac; done\nexec ${realSysctl} "$@"\n`,
  );
  if (noIpvs) chmodSync(join(bin, 'sysctl'), 0o755);
  chmodSync(FAKE_IPVSADM, 0o755);
  const state = join(dir, 'ipvs.json');
  const log = join(dir, 'ipvsadm.log');
  writeFileSync(log, '');
  writeFileSync(sysctlLog, '');
  return {
    env: [`PATH=${bin}:${process.env.PATH}`, ...(noIpvs ? [`IPVSADM=${FAKE_IPVSADM}`] : []), `FAKE_IPVSADM_STATE=${state}`, `FAKE_IPVSADM_LOG=${log}`],
    log,
    sysctlLog,
    state,
    seed(lines) {
      writeFileSync(state, JSON.stringify({ services: lines.map((line) => ({ key: line.split(' ').slice(1, 3).join(' '), line, servers: [] })), timeouts: null }));
    },
  };
}

/** What a run leaves: IPVS services, kube-ipvs0's addresses, iptables, ipsets. */
function snapshot(ns: string, v6: boolean, fake: Stubs | undefined) {
  const ipvsText = fake ? exec('env', [...fake.env, FAKE_IPVSADM, '-S', '-n']).stdout : nsExec(ns, 'ipvsadm', ['-S', '-n']).stdout;
  const addrs = nsExec(ns, 'ip', ['-o', v6 ? '-6' : '-4', 'addr', 'show', 'dev', 'kube-ipvs0']).stdout;
  return {
    ipvs: ipvsText.split('\n').filter((l) => l !== '').sort(),
    addresses: addrs
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split(/\s+/)[3]!)
      .sort(),
    iptables: saved(ns, v6),
    // A swapped-in set has a new hash seed, and so another member order: what it holds counts.
    sets: nsExec(ns, 'ipset', ['save'])
      .stdout.split('\n')
      .map((l) => l.replace(/ initval 0x[0-9a-f]+$/, ''))
      .sort()
      .join('\n'),
  };
}
