// One compile, timed per phase, in a fresh process (the benchmark starts one per run, so every
// run pays the same start-up, JIT warm-up and garbage collection as the CLI does).
//
//   node bench/child.mjs DIST OUT COMPILE-ARGS... (the arguments after `kube-rulec compile`)
//
// DIST is the build to time (this checkout's dist/, or a baseline's), OUT the file the rules are
// written to. Prints one JSON line: milliseconds per phase (load, check, model, plan, backend,
// write), `startup` (importing the build), `total` (from process start to the rules written),
// the peak resident set size in KiB, and the output's size.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, out, ...args] = process.argv.slice(2);
const at = (p) => pathToFileURL(resolve(dist, p)).href;
const { parseCompileArgs } = await import(at('cli/compile.js'));
const { loadRequest } = await import(at('cli/input.js'));
const { compile } = await import(at('pipeline/compile.js'));
const { writeOutput } = await import(at('cli/output.js'));
const startup = performance.now();

const phases = { load: 0, check: 0, model: 0, plan: 0, backend: 0, write: 0 };
/** CPU milliseconds (user + system, every thread of the process) per phase: less moved by a busy machine than wall time. */
const cpu = { load: 0, check: 0, model: 0, plan: 0, backend: 0, write: 0 };
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
// With --expose-gc and BENCH_HEAP=1: the live heap (MiB, after a full collection) at the end of each phase.
const heap = process.env.BENCH_HEAP === '1' && typeof gc === 'function' ? {} : undefined;
const clock = (phase, work) => {
  const t0 = performance.now();
  const c0 = cpuMs();
  try {
    return work();
  } finally {
    phases[phase] += performance.now() - t0;
    cpu[phase] += cpuMs() - c0;
    if (heap) {
      gc();
      heap[phase] = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    }
  }
};

const a = parseCompileArgs(args);
const io = { stdout: () => {}, stderr: (t) => process.stderr.write(t), readStdin: () => ({ text: '' }), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, env: {} };
const request = await loadRequest(a, io);
if (Array.isArray(request)) throw new Error(request.map((d) => d.message).join('; '));
const result = compile({ ...request.req, clock }, request.flags);
const errors = result.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0 || result.output === undefined) throw new Error(errors.map((d) => d.message).join('; ') || 'no output');
const t0 = performance.now();
const c0 = cpuMs();
await writeOutput(out, result.output, () => {});
phases.write += performance.now() - t0;
cpu.write += cpuMs() - c0;
const total = performance.now();
process.stdout.write(
  JSON.stringify({
    phases,
    cpu,
    cpuTotal: cpuMs(),
    startup,
    total,
    maxRssKiB: process.resourceUsage().maxRSS,
    ...(heap ? { heapMiB: heap } : {}),
    diagnostics: result.diagnostics.length,
  }) + '\n',
);
