// The benchmark: synthetic clusters (bench/generate.mjs) compiled by every services mode the
// backend registry implements and by policy mode, timed per phase, with the time the kernel
// takes to load the same output in a fresh network namespace.
//
//   npm run bench                  the full table (about 10-20 minutes on 2 cores), written with
//                                  the machine's description to bench/results/latest.md
//   node bench/run.mjs --small     seconds: every row kind at toy scale (CI runs this through
//                                  test/bench/bench.test.ts), written to --out or a temp file
//
// Options: --runs N (compile runs per row, default 3; medians are reported), --kernel-seconds N
// (how long the kernel's loads of one output may take in all, default 180: see below), --no-kernel,
// --scales 1000,2000,... (iptables mode, JSON), --yaml-scales ..., --other-scales ... (the other
// services modes, JSON), --nft-scales ... (nftables mode, JSON; default 1000,5000,10000), --endpoints E, --seed S,
// --modes iptables,ipvs (default: every services dataplane the registry implements),
// --dist DIR (time another build, e.g. a baseline checkout's dist/), --out FILE, --keep DIR.
//
// Each compile run is a fresh process (bench/child.mjs) that times the pipeline's phases
// through its clock (src/pipeline/phases.ts); the end-to-end wall time is the CLI itself
// (bin/kube-rulec), from spawn to exit, and its peak RSS (/usr/bin/time when present). The
// kernel's load runs `iptables-restore`, `ipset restore`, `nft -f` or the script form in a
// network namespace made for that run alone (`unshare -n`): nothing touches the root
// namespace, and the namespace disappears with the process.
//
// The ratio is measured in pairs: each CLI run is followed at once by a kernel load of what it
// wrote, and the last column is the median of the pairs' ratios. This machine's speed drifts by
// more than a third within half an hour; two medians taken minutes apart would put that drift
// into the ratio. Once one output's loads have taken --kernel-seconds, the remaining runs go
// unpaired (a 20,000-service load takes over two minutes): the column says how many pairs it has.
// The growth with the input (the issue's "linear") is measured in pairs too: the CLI on one
// iptables scale and the next, alternating, after the rows.
// A row whose output another row already loaded (the YAML rows: the same bytes as the JSON's)
// is set against that row's kernel time, and says so.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { policyCluster, servicesCluster, toJson, toYaml } from './generate.mjs';

const here = import.meta.dirname;
const args = process.argv.slice(2);
const has = (n) => args.includes(n);
const opt = (n, d) => {
  const i = args.indexOf(n);
  return i >= 0 ? args[i + 1] : d;
};
const list = (s) => s.split(',').filter(Boolean).map(Number);

const small = has('--small');
const dist = resolve(opt('--dist', join(here, '..', 'dist')));
const bin = resolve(dist, '..', 'bin', 'kube-rulec');
// The Node flags the launcher starts the CLI with (its `exec node FLAGS "$0"` line; none for a
// build whose launcher has none): the in-process phase runs get the same, so that both columns
// time the same engine settings.
const nodeFlags = /^':' \/\/; exec node (.*) "\$0" "\$@"$/m.exec(readFileSync(bin, 'utf8'))?.[1].split(' ') ?? [];
const runs = Number(opt('--runs', small ? 1 : 3));
const kernelSeconds = Number(opt('--kernel-seconds', 180));
const seed = Number(opt('--seed', 1));
const endpoints = Number(opt('--endpoints', small ? 3 : 10));
const scales = list(opt('--scales', small ? '20,40' : '1000,2000,5000,10000,20000'));
const yamlScales = list(opt('--yaml-scales', small ? '20' : '10000,20000'));
// Services modes other than iptables mode: JSON at these scales (enough to compare the modes).
const otherScales = list(opt('--other-scales', small ? '20' : '1000,10000'));
// nftables mode at three scales: `nft -f` of a whole transaction grows much faster than the
// services (kubernetes issue 139513), and the table shows by how much.
const nftScales = list(opt('--nft-scales', small ? '20' : '1000,5000,10000'));
const policy = small ? { policies: 20, pods: 100, namespaces: 5, nodes: 5 } : { policies: 1000, pods: 5000, namespaces: 50, nodes: 50 };
const outFile = resolve(opt('--out', small ? join(tmpdir(), `kube-rulec-bench-${process.pid}.md`) : join(here, 'results', 'latest.md')));
const work = opt('--keep', undefined) ?? mkdtempSync(join(tmpdir(), 'kr-bench-'));
mkdirSync(work, { recursive: true });

// The services dataplanes the registry implements: a mode appears here when it lands.
const { lookup } = await import(pathToFileURL(join(dist, 'backends', 'registry.js')).href);
const allModes = ['iptables', 'ipvs', 'nftables', 'userspace'].filter((d) => !('error' in lookup({ what: 'services', dataplane: d, form: undefined })));
const modes = opt('--modes', undefined)?.split(',') ?? allModes;
const defaultForm = (what, dataplane) => lookup({ what, dataplane, form: undefined }).form.name;

// How the kernel loads each output form, in a namespace of its own.
const LOADERS = {
  restore: (file) => `iptables-restore ${file}`,
  iptables: (file) => `iptables-restore ${file}`,
  ipset: (file) => `ipset restore -file ${file}`,
  ipvsadm: (file) => `ipvsadm-restore < ${file}`,
  ruleset: (file) => `nft -f ${file}`,
  nft: (file) => `nft -f ${file}`,
  transaction: (file) => `nft -f ${file}`,
};
const hasIpvs = spawnSync('unshare', ['-n', 'ipvsadm', '-Ln']).status === 0;
/**
 * What the kernel loads for a services mode: the forms that go into the kernel, in the order a
 * node loads them (IPVS: sets, virtual servers, then rules), and what is left out here.
 */
function kernelForms(mode, form) {
  const forms = lookupForms('services', mode);
  if (mode === 'ipvs') {
    const parts = hasIpvs ? ['ipset', 'ipvsadm', 'iptables'] : ['ipset', 'iptables'];
    return {
      forms: parts.filter((f) => forms.includes(f)),
      note: hasIpvs ? '' : 'kernel: sets and rules only, the rules without their -m ipvs lines (no IPVS in this kernel: ipvsadm -Ln fails)',
      withoutIpvsMatch: !hasIpvs,
    };
  }
  return LOADERS[form] ? { forms: [form], note: '' } : { forms: [], note: `no loader for the ${form} form` };
}
const lookupForms = (what, dataplane) => {
  const found = lookup({ what, dataplane, form: undefined });
  return 'error' in found ? [] : found.entry.forms.map((f) => f.name);
};
const kernelProblem = (() => {
  if (has('--no-kernel')) return 'not measured (--no-kernel)';
  if (process.getuid?.() !== 0) return 'not measured (needs root)';
  if (spawnSync('unshare', ['-n', 'true']).status !== 0) return 'not measured (unshare -n fails here)';
  return undefined;
})();

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const ms = (x) => (Number.isNaN(x) ? '—' : x >= 10000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)}`);
/** A time for the progress log: ms's text with its unit (ms gives seconds from 10 s on). */
const withUnit = (x) => (Number.isNaN(x) ? '—' : x >= 10000 ? ms(x) : `${ms(x)} ms`);
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
const log = (s) => process.stderr.write(`${s}\n`);

/** Writes a generated cluster once per (kind, size, format) and returns its path. */
function input(kind, size, format) {
  const name = kind === 'services' ? `services-${size}x${endpoints}-s${seed}.${format}` : `policy-${policy.policies}p-${policy.pods}pods-s${seed}.${format}`;
  const file = join(work, name);
  if (!existsSync(file)) {
    const cluster = kind === 'services' ? servicesCluster({ seed, services: size, endpoints }) : policyCluster({ seed, ...policy });
    writeFileSync(file, format === 'json' ? toJson(cluster) : toYaml(cluster));
  }
  return file;
}

/**
 * One compile per run in a fresh process: per-phase medians, and the CLI's own wall and RSS.
 * With `pair` ({forms, files, addWall}), the kernel loads `files` after each CLI run (while the
 * loads' budget lasts), and the ratio is the median over those pairs of (wall + addWall) / load.
 */
function compileRuns(file, flags, out, pair) {
  const samples = [];
  const cli = [];
  const rss = [];
  const loads = [];
  const ratios = [];
  let key;
  let cached;
  let failed;
  const timeTool = existsSync('/usr/bin/time');
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [...nodeFlags, join(here, 'child.mjs'), dist, out, ...flags, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`compile ${file} ${flags.join(' ')}: ${r.stderr.slice(0, 2000)}`);
    samples.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    // The CLI as a user runs it: the launcher itself (it starts Node with its flags).
    const cmd = timeTool ? ['/usr/bin/time', ['-f', 'peak-rss-kib %M', bin, 'compile', ...flags, '-o', out, file]] : [bin, ['compile', ...flags, '-o', out, file]];
    const t0 = process.hrtime.bigint();
    const c = spawnSync(cmd[0], cmd[1], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    if (c.status !== 0) throw new Error(`kube-rulec compile ${file}: ${c.stderr.slice(0, 2000)}`);
    cli.push(wall);
    const kib = /peak-rss-kib (\d+)/.exec(c.stderr)?.[1];
    rss.push(kib ? Number(kib) : samples.at(-1).maxRssKiB);
    // The kernel's half of the pair, right after the CLI's.
    if (!pair || kernelProblem || failed || cached) continue;
    if (i === 0) {
      key = outputKey(pair.files);
      cached = kernelCache.get(key);
    }
    if (cached || (loads.length > 0 && loads.reduce((a, b) => a + b, 0) >= kernelSeconds * 1000)) continue;
    const k = kernelLoadOnce(pair.forms, pair.files);
    if (typeof k === 'string') failed = k;
    else {
      loads.push(k);
      ratios.push((wall + (pair.addWall ?? 0)) / k);
    }
  }
  const phase = (p) => median(samples.map((s) => s.phases[p]));
  const result = {
    phases: Object.fromEntries(['load', 'check', 'model', 'plan', 'backend', 'write'].map((p) => [p, phase(p)])),
    startup: median(samples.map((s) => s.startup)),
    wall: median(cli),
    rssMiB: median(rss) / 1024,
  };
  if (!pair) return result;
  return { ...result, ...kernelColumns(pair, result.wall, { key, loads, ratios, cached, failed }) };
}

/** A key for the bytes of the files the kernel loads (rows with the same output share loads). */
const outputKey = (files) => files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')).join('+');

const kernelCache = new Map();
/** One load of `files` (in order, each by its form's loader) in a fresh namespace: its wall time, or why it failed. */
function kernelLoadOnce(forms, files) {
  if (forms.length === 0 || forms.some((f) => !LOADERS[f])) return `no loader for the ${forms.join('+')} form`;
  const script = forms.map((f, i) => LOADERS[f](files[i])).join(' && ');
  const t0 = process.hrtime.bigint();
  const r = spawnSync('unshare', ['-n', 'sh', '-ec', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) return `kernel load failed: ${r.stderr.trim().split('\n')[0]}`;
  return wall;
}

/** The kernel load column, the ratio column and a note, from a row's pairs (or an earlier row's loads). */
function kernelColumns(pair, wall, { key, loads, ratios, cached, failed }) {
  if (kernelProblem) return { kernel: NaN, ratio: NaN, note: kernelProblem };
  if (failed) return { kernel: NaN, ratio: NaN, note: failed };
  const addWall = pair.addWall ?? 0;
  if (cached) return { kernel: cached.ms, ratio: (wall + addWall) / cached.ms, note: `ratio against the kernel loads of ${cached.row} (the same output), not paired` };
  const ms = median(loads);
  kernelCache.set(key, { ms, row: pair.row });
  const note = loads.length < runs ? `${loads.length} of ${runs} runs paired with a kernel load (the loads passed ${kernelSeconds} s)` : '';
  return { kernel: ms, ratio: median(ratios), note };
}

function outputStats(files) {
  let lines = 0;
  let bytes = 0;
  for (const f of files) {
    const buf = readFileSync(f);
    bytes += buf.length;
    for (let i = 0; i < buf.length; i++) if (buf[i] === 10) lines++;
  }
  return { lines, bytes };
}

const rows = [];
function row(r) {
  rows.push(r);
  log(`${r.mode} S=${r.S} E=${r.E} P=${r.P} ${r.format}: wall ${withUnit(r.wall)}, kernel ${withUnit(r.kernel)}, ratio ${Number.isNaN(r.ratio) ? '—' : `${(100 * r.ratio).toFixed(1)}%`}, rss ${r.rssMiB.toFixed(0)} MiB`);
}

const baseFlags = ['--hostname-override', 'node-0', '--cluster-cidr', '10.128.0.0/9'];
for (const mode of modes) {
  const form = defaultForm('services', mode);
  const plan =
    mode === 'iptables'
      ? [...scales.map((s) => [s, 'json']), ...yamlScales.map((s) => [s, 'yaml'])]
      : (mode === 'nftables' ? nftScales : otherScales).map((s) => [s, 'json']);
  for (const [S, format] of plan) {
    const file = input('services', S, format);
    const out = join(work, `out-${mode}-${S}.${form}`);
    const flags = ['--mode', mode, ...baseFlags];
    // The forms the kernel loads, each written once beforehand if it is not the one timed (not timed).
    const kf = kernelForms(mode, form);
    const files = kf.forms.map((f) => {
      if (f === form) return out;
      const other = join(work, `out-${mode}-${S}.${f}`);
      const r = spawnSync(bin, ['compile', ...flags, '--output-format', f, '-o', other, file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`kube-rulec compile --output-format ${f} ${file}: ${r.stderr.slice(0, 2000)}`);
      // Without IPVS the kernel has no ipvs match either (xt_ipvs): those rules are left out, as the kernel tests do.
      if (kf.withoutIpvsMatch && f === 'iptables') writeFileSync(other, readFileSync(other, 'utf8').split('\n').filter((l) => !l.includes(' -m ipvs ')).join('\n'));
      return other;
    });
    const c = compileRuns(file, flags, out, { forms: kf.forms, files, row: `${mode} (${format}) S=${S}` });
    row({ mode, form, S, E: endpoints, P: 0, pods: 0, format, inBytes: statSync(file).size, ...c, ...outputStats([out]), note: [kf.note, c.note].filter(Boolean).join('; ') });
  }
}
for (const format of ['json', 'yaml']) {
  const file = input('policy', 0, format);
  const flags = ['--mode', 'policy', '--hostname-override', 'node-0'];
  const out = join(work, `out-policy.restore`);
  const c = compileRuns(file, flags, out, { forms: ['restore'], files: [out], row: `policy (${format})` });
  row({ mode: 'policy', form: 'restore', S: 0, E: 0, P: policy.policies, pods: policy.pods, format, inBytes: statSync(file).size, ...c, ...outputStats([out]) });
}
if (!('error' in lookup({ what: 'policy', dataplane: 'nftables', form: undefined }))) {
  // The same policy input on nftables: one inet table (both families), loaded with nft -f.
  const file = input('policy', 0, 'json');
  const form = defaultForm('policy', 'nftables');
  const out = join(work, `out-policy-nftables.${form}`);
  const c = compileRuns(file, ['--mode', 'policy', '--backend', 'nftables', '--hostname-override', 'node-0'], out, { forms: [form], files: [out], row: 'policy --backend nftables' });
  row({ mode: 'policy --backend nftables', form, S: 0, E: 0, P: policy.policies, pods: policy.pods, format: 'json', inBytes: statSync(file).size, ...c, ...outputStats([out]) });
}
{
  // --ipset: the sets and the rules, two compiles (one per form), loaded together.
  const file = input('policy', 0, 'json');
  const sets = join(work, 'out-policy-ipset.ipset');
  const rules = join(work, 'out-policy-ipset.restore');
  const flags = ['--mode', 'policy', '--ipset', '--hostname-override', 'node-0'];
  const a = compileRuns(file, [...flags, '--output-format', 'ipset'], sets);
  // Each pair: the sets' median compile plus one compile of the rules, against one load of both.
  const b = compileRuns(file, flags, rules, { forms: ['ipset', 'restore'], files: [sets, rules], addWall: a.wall, row: 'policy --ipset' });
  const sum = Object.fromEntries(Object.keys(a.phases).map((p) => [p, a.phases[p] + b.phases[p]]));
  row({
    mode: 'policy --ipset',
    form: 'ipset+restore',
    S: 0,
    E: 0,
    P: policy.policies,
    pods: policy.pods,
    format: 'json',
    inBytes: statSync(file).size,
    phases: sum,
    startup: a.startup + b.startup,
    wall: a.wall + b.wall,
    rssMiB: Math.max(a.rssMiB, b.rssMiB),
    ...outputStats([sets, rules]),
    kernel: b.kernel,
    ratio: b.ratio,
    note: ['two compiles (ipset form, restore form)', b.note].filter(Boolean).join('; '),
  });
}

// Growth with the input, measured in pairs: the CLI on each iptables scale and the next one,
// alternating, the median of the pairs' time ratios. The rows above are minutes apart, and the
// machine's drift between them would enter a ratio of their medians.
const growth = [];
if (modes.includes('iptables')) {
  const sorted = [...scales].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    const [small, large] = [sorted[i - 1], sorted[i]];
    const flags = ['compile', '--mode', 'iptables', ...baseFlags];
    const wall = (S) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(bin, [...flags, '-o', join(work, `growth-${S}.restore`), input('services', S, 'json')], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`kube-rulec compile (growth ${S}): ${r.stderr.slice(0, 2000)}`);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    const ratios = [];
    for (let k = 0; k < runs; k++) ratios.push(wall(large) / wall(small));
    growth.push({ small, large, ratio: median(ratios) });
    log(`growth ${small} -> ${large}: ${median(ratios).toFixed(2)}x the time for ${(large / small).toFixed(1)}x the services`);
  }
}

// The report.
const sh = (cmd) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '';
const cpu = cpus();
const machine = [
  `- date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; memory ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
  `- Linux ${release()}; Node ${process.version} (started with ${nodeFlags.length ? nodeFlags.join(' ') : 'no flags'}, as the launcher starts it); ${sh('iptables-restore --version 2>/dev/null') || 'no iptables-restore'}; ${sh('ipset --version 2>/dev/null') || 'no ipset'}; ${sh('nft --version 2>/dev/null') || 'no nft'}`,
  `- build: ${dist === resolve(here, '..', 'dist') ? 'this checkout' : dist} (${sh(`git -C ${JSON.stringify(dirname(dist))} rev-parse --short HEAD 2>/dev/null`) || 'no git'}); seed ${seed}; ${runs} compile run(s) per row, each followed by a kernel load of its output until that output's loads pass ${kernelSeconds} s`,
];
const header =
  '| mode | S | E | P | pods | input | load | check | model | plan | backend | write | start-up | compile wall | peak RSS | output lines | output | kernel load | compile / kernel |';
const sep = `|${'---|'.repeat(19)}`;
const lines = rows.map((r) =>
  [
    `${r.mode} (${r.format})`,
    r.S,
    r.E,
    r.P,
    r.pods,
    mb(r.inBytes),
    ...['load', 'check', 'model', 'plan', 'backend', 'write'].map((p) => ms(r.phases[p])),
    ms(r.startup),
    ms(r.wall),
    `${r.rssMiB.toFixed(0)} MiB`,
    r.lines,
    mb(r.bytes),
    Number.isNaN(r.kernel) ? r.note : ms(r.kernel),
    Number.isNaN(r.ratio) ? '—' : `${(100 * r.ratio).toFixed(1)}%`,
  ].join(' | '),
);
const notes = rows.filter((r) => r.note && !Number.isNaN(r.kernel)).map((r) => `- ${r.mode} (${r.format}), S=${r.S} P=${r.P}: ${r.note}`);
const md = [
  '# kube-rulec benchmark',
  '',
  `Made by \`${small ? 'node bench/run.mjs --small' : 'npm run bench'}\`${args.length ? ` (arguments: ${args.join(' ')})` : ''}. Times in milliseconds unless marked; each phase and the compile wall are medians over the runs. "compile wall" is the CLI (bin/kube-rulec) as a whole process, start-up and output file included; the phase columns come from separate runs of the same build in-process (bench/child.mjs), "start-up" being the import of the build. "kernel load" is the kernel loading the same output in a fresh network namespace; the last column is the median over pairs (a CLI run, then at once the kernel loading what it wrote) of compile wall over kernel load, so that the machine's drift between rows does not enter it; the kernel load column is the median of those loads. Services modes come from the backend registry: ${allModes.join(', ')} ${allModes.length === 1 ? 'is' : 'are'} implemented in this build (the others appear when they land).`,
  '',
  '## Machine',
  '',
  ...machine,
  '',
  '## Results',
  '',
  header,
  sep,
  ...lines.map((l) => `| ${l} |`),
  '',
  ...(notes.length ? ['Notes:', '', ...notes, ''] : []),
  ...(growth.length
    ? [
        '## Growth',
        '',
        `iptables mode, JSON: the CLI on one scale and the next, alternating (${runs} pairs each); the median of the pairs' wall-time ratios, and that ratio per doubling of the input (log base 2 of the services' ratio).`,
        '',
        '| services | time ratio | per doubling |',
        '|---|---|---|',
        ...growth.map((g) => `| ${g.small} → ${g.large} | ${g.ratio.toFixed(2)}× | ${(g.ratio ** (1 / Math.log2(g.large / g.small))).toFixed(2)}× |`),
        '',
      ]
    : []),
].join('\n');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, md);
process.stdout.write(md);
if (!opt('--keep', undefined)) rmSync(work, { recursive: true, force: true });
log(`written to ${outFile}`);
