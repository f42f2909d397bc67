// The second half of the pipeline: job and settings → plan → backend → writer. Which backend and
// which writer come from backends/registry.ts; this file knows no mode or form by name.
import { resolveJob, type Job, type JobFlags } from '../config/job.js';
import { resolveSettings, type Flags } from '../config/resolve/index.js';
import type { Settings } from '../config/settings.js';
import { lookup, type Found } from '../backends/registry.js';
import { COMMAND_LINE, diag, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { NodeProgram } from '../ir/program.js';
import type { SourceFile } from '../load/sources.js';
import type { Cluster } from '../model/types.js';
import type { IPFamily } from '../net/ip.js';
import { runLint } from '../lint/index.js';
import { planPolicies } from '../plan/policy.js';
import { planServices } from '../plan/services/index.js';
import { otherFamilyNotes } from '../plan/unused.js';
import { loadCluster, type LoadRequest, type Loaded } from './load.js';
import { NO_CLOCK, type PhaseClock } from './phases.js';

/** Everything the command line says about the node and the job. */
export type CompileFlags = Flags & JobFlags;

export interface CompileResult {
  files: SourceFile[];
  /**
   * The rules: one text, or its pieces in order, made as they are read (a backend's program is
   * complete and checked before; writing a piece only turns it into text).
   */
  output: string | Iterable<string> | undefined;
  diagnostics: Diagnostic[];
}

interface Prepared {
  job: Job;
  settings: Settings;
  found: Extract<Found, { entry: unknown }>;
}

/** Job, settings and the registry's answer for them, or the diagnostics that stop the compile. */
function prepare(flags: CompileFlags, loaded: Loaded & { cluster: Cluster }): { prepared: Prepared | undefined; diagnostics: Diagnostic[] } {
  const { job, diagnostics } = resolveJob(flags, loaded.config);
  const resolved = resolveSettings(flags, loaded.config, loaded.cluster);
  diagnostics.push(...resolved.diagnostics);
  const settings = resolved.settings;
  if (!job || !settings || hasErrors(diagnostics)) return { prepared: undefined, diagnostics };
  if (flags.ipset && job.what !== 'policy') {
    diagnostics.push(diag('KR0001', '--ipset: only policy mode renders peers as ipsets', COMMAND_LINE));
    return { prepared: undefined, diagnostics };
  }
  if (flags.ipset && job.dataplane === 'nftables') {
    diagnostics.push(diag('KR0001', '--ipset: --backend nftables always keeps peers in sets of its own table; --ipset is for --backend iptables', COMMAND_LINE));
    return { prepared: undefined, diagnostics };
  }
  const found = lookup(job);
  if ('error' in found) {
    diagnostics.push(diag(found.error === 'not-implemented' ? 'KR0002' : 'KR0001', found.message, COMMAND_LINE));
    return { prepared: undefined, diagnostics };
  }
  if (found.form.needs && !found.form.needs.check(settings)) {
    diagnostics.push(diag('KR0001', `--output-format ${found.form.name}: ${found.form.needs.why}`, COMMAND_LINE));
    return { prepared: undefined, diagnostics };
  }
  return { prepared: { job, settings, found }, diagnostics };
}

/** Plan and backend: the program for the node, and what planning found (KR05xx, notes). */
function build(p: Prepared, loaded: Loaded & { cluster: Cluster }, notes: boolean, clock: PhaseClock = NO_CLOCK): { program: NodeProgram; diagnostics: Diagnostic[] } {
  const cluster = loaded.cluster;
  const { found, settings } = p;
  if (found.what === 'services') {
    const diagnostics = notes ? otherFamilyNotes(cluster, settings.node.family) : [];
    const plan = clock('plan', () => planServices(cluster, settings));
    diagnostics.push(...clock('plan', () => found.entry.backend.warnings?.(plan, settings) ?? []));
    return { program: clock('backend', () => found.entry.backend.compile(plan, settings)), diagnostics };
  }
  const diagnostics = clock('plan', () => runLint({ input: loaded.input, cluster, node: settings.node }, 'policy'));
  const families: readonly IPFamily[] = found.entry.backend.families === 'both' ? [4, 6] : [settings.node.family];
  const plan = clock('plan', () => families.map((family) => planPolicies(cluster, settings, family)));
  diagnostics.push(...clock('plan', () => found.entry.backend.warnings?.(plan, settings) ?? []));
  return { program: clock('backend', () => found.entry.backend.compile(plan, settings)), diagnostics };
}

export function compile(req: LoadRequest, flags: CompileFlags): CompileResult {
  const loaded = loadCluster(req);
  if (!loaded.cluster) return { files: loaded.files, output: undefined, diagnostics: loaded.diagnostics };
  const cluster = loaded.cluster;
  const clock = req.clock ?? NO_CLOCK;
  const { prepared, diagnostics } = clock('plan', () => prepare(flags, { ...loaded, cluster }));
  const all = [...loaded.diagnostics, ...diagnostics];
  if (!prepared) return { files: loaded.files, output: undefined, diagnostics: sortDiagnostics(all) };
  const built = build(prepared, { ...loaded, cluster }, req.notes ?? false, clock);
  all.push(...built.diagnostics);
  // A backend may find what its dataplane cannot load (an error): then nothing is written.
  if (hasErrors(built.diagnostics)) return { files: loaded.files, output: undefined, diagnostics: sortDiagnostics(all) };
  const output = clock('write', () => prepared.found.form.write(built.program));
  return { files: loaded.files, output, diagnostics: sortDiagnostics(all) };
}

/** The program a request compiles to: for tests and tools (the CLI uses compile). */
export function compileProgram(req: LoadRequest, flags: CompileFlags): { program: NodeProgram; settings: Settings } {
  const loaded = loadCluster(req);
  if (!loaded.cluster) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const { prepared, diagnostics } = prepare(flags, { ...loaded, cluster: loaded.cluster });
  if (!prepared) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return { program: build(prepared, { ...loaded, cluster: loaded.cluster }, false).program, settings: prepared.settings };
}

/**
 * validate: everything loadCluster reports, the job and settings the flags and the
 * configuration give (as compile would resolve them), and what planning finds: the
 * NetworkPolicy findings (KR05xx), and with --verbose the other family's objects.
 */
export function validateInput(req: LoadRequest, flags: CompileFlags = {}): Loaded {
  const loaded = loadCluster(req);
  if (!loaded.cluster) return loaded;
  const cluster = loaded.cluster;
  const { prepared, diagnostics } = prepare(flags, { ...loaded, cluster });
  const all = [...loaded.diagnostics, ...diagnostics];
  if (prepared) {
    if (cluster.policies.length > 0) all.push(...runLint({ input: loaded.input, cluster, node: prepared.settings.node }, 'policy'));
    if (req.notes && prepared.job.what === 'services') all.push(...otherFamilyNotes(cluster, prepared.settings.node.family));
  }
  return { ...loaded, diagnostics: sortDiagnostics(all) };
}
