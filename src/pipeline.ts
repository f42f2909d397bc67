// load → check → model → settings → plan → backend → emit, as pure steps over values.
// The CLI does the I/O around it; tests call it directly.
import { checkObjects } from './check/index.js';
import { resolveSettings, type Flags } from './config/resolve.js';
import type { Settings } from './config/settings.js';
import { COMMAND_LINE, diag, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { parseSources, type ParseLimits, DEFAULT_LIMITS } from './load/parse.js';
import { readSources, type SourceFile } from './load/sources.js';
import { buildCluster } from './model/build.js';
import type { Cluster } from './model/types.js';
import { planServices } from './plan/serviceports.js';
import { compileIptables } from './backends/iptables/compile.js';
import { writeRestore } from './emit/iptables-restore.js';
import type { IptablesRuleset } from './ir/iptables.js';
import { writeSave } from './emit/iptables-save.js';
import { writeScript } from './emit/iptables-script.js';
import { writeIpsets } from './emit/ipset.js';
import { writePolicyScript } from './emit/policy-script.js';
import { compilePolicy } from './backends/policy/compile.js';
import { planPolicies } from './plan/policy.js';

export interface LoadRequest {
  paths: readonly string[];
  /** --config FILE: a KubeProxyConfiguration (read with the same loader). */
  configPath?: string | undefined;
  readStdin: () => string;
  limits?: ParseLimits;
}

export interface Loaded {
  files: SourceFile[];
  cluster: Cluster | undefined;
  config: ReturnType<typeof checkObjects>['input']['proxyConfigs'][number] | undefined;
  diagnostics: Diagnostic[];
}

/** Reads, parses, checks and models the input. `cluster` is undefined when there were errors. */
export function loadCluster(req: LoadRequest): Loaded {
  const paths = [...req.paths];
  if (req.configPath !== undefined) paths.push(req.configPath);
  if (req.paths.length === 0) {
    return {
      files: [],
      cluster: undefined,
      config: undefined,
      diagnostics: [diag('KR0109', 'no input: give files or directories, or - for standard input', COMMAND_LINE)],
    };
  }
  const read = readSources(paths, req.readStdin);
  const parsed = parseSources(read.files, req.limits ?? DEFAULT_LIMITS);
  const checked = checkObjects(parsed.objects);
  const diagnostics = [...read.diagnostics, ...parsed.diagnostics, ...checked.diagnostics];
  if (req.configPath !== undefined && !checked.input.proxyConfigs.some((c) => c.raw.file === req.configPath) && !hasErrors(diagnostics)) {
    diagnostics.push(diag('KR0003', `--config ${req.configPath} holds no KubeProxyConfiguration`, { file: req.configPath, line: 1, column: 1 }));
  }
  if (hasErrors(diagnostics)) return { files: read.files, cluster: undefined, config: undefined, diagnostics: sortDiagnostics(diagnostics) };
  const model = buildCluster(checked.input);
  diagnostics.push(...model.diagnostics);
  return { files: read.files, cluster: model.cluster, config: checked.input.proxyConfigs[0], diagnostics: sortDiagnostics(diagnostics) };
}

/** validate: everything loadCluster reports, plus the NetworkPolicy findings (KR05xx). */
export function validateInput(req: LoadRequest): Loaded {
  const loaded = loadCluster(req);
  if (!loaded.cluster || loaded.cluster.policies.length === 0) return loaded;
  const { settings } = resolveSettings({ mode: 'policy' }, loaded.config, loaded.cluster);
  if (!settings) return loaded;
  const { diagnostics } = planPolicies(loaded.cluster, settings);
  return { ...loaded, diagnostics: sortDiagnostics([...loaded.diagnostics, ...diagnostics]) };
}

export interface CompileResult {
  files: SourceFile[];
  output: string | undefined;
  settings: Settings | undefined;
  diagnostics: Diagnostic[];
}

/** The rule IR (iptables or policy mode) for a request: for tests and tools; the CLI uses compile. */
export function compileRuleset(req: LoadRequest, flags: Flags): { ruleset: IptablesRuleset; settings: Settings } {
  const loaded = loadCluster(req);
  if (!loaded.cluster) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const { settings } = resolveSettings(flags, loaded.config, loaded.cluster);
  if (!settings) throw new Error('invalid settings');
  const ruleset = buildRuleset(loaded.cluster, settings, []);
  if (!ruleset) throw new Error(`no rule IR for --mode ${settings.mode}`);
  return { ruleset, settings };
}

function buildRuleset(cluster: Cluster, settings: Settings, diagnostics: Diagnostic[]): IptablesRuleset | undefined {
  if (settings.mode === 'iptables') return compileIptables(planServices(cluster, settings), settings);
  if (settings.mode === 'policy') {
    const { plan, diagnostics: found } = planPolicies(cluster, settings);
    diagnostics.push(...found);
    return compilePolicy(plan, settings);
  }
  return undefined;
}

export function compile(req: LoadRequest, flags: Flags): CompileResult {
  const loaded = loadCluster(req);
  if (!loaded.cluster) return { files: loaded.files, output: undefined, settings: undefined, diagnostics: loaded.diagnostics };
  const resolved = resolveSettings(flags, loaded.config, loaded.cluster);
  const diagnostics = [...loaded.diagnostics, ...resolved.diagnostics];
  const settings = resolved.settings;
  if (!settings || hasErrors(diagnostics)) return { files: loaded.files, output: undefined, settings, diagnostics };
  const output = emit(loaded.cluster, settings, diagnostics);
  return { files: loaded.files, output, settings, diagnostics: sortDiagnostics(diagnostics) };
}

function emit(cluster: Cluster, settings: Settings, diagnostics: Diagnostic[]): string | undefined {
  const ruleset = buildRuleset(cluster, settings, diagnostics);
  if (ruleset && settings.mode === 'policy') {
    switch (settings.outputFormat) {
      case 'restore':
        return writeRestore(ruleset, { dialect: 'canonical' });
      case 'save':
        return writeSave(ruleset);
      case 'script':
        return writePolicyScript(ruleset, settings.hostname);
      case 'ipset':
        return writeIpsets(ruleset.ipsets ?? []);
    }
  }
  if (ruleset && settings.mode === 'iptables') {
    switch (settings.outputFormat) {
      case 'restore':
        return writeRestore(ruleset);
      case 'save':
        return writeSave(ruleset);
      case 'script':
        return writeScript(ruleset, { node: settings.hostname, localhostNodePorts: settings.localhostNodePorts });
      case 'ipset':
        break;
    }
  }
  diagnostics.push(
    diag('KR0002', `--mode ${settings.mode} with --output-format ${settings.outputFormat} is not implemented yet`, COMMAND_LINE),
  );
  return undefined;
}
