// The first half of the pipeline: read → parse → check → model, as pure steps over values
// (only the reading touches files). The CLI does the I/O around it; tests call it directly.
import { checkObjects, emptyInput, type CheckedInput } from '../check/index.js';
import { runLint } from '../lint/index.js';
import { COMMAND_LINE, diag, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseSources, type ParseLimits, type RawObject, DEFAULT_LIMITS } from '../load/parse.js';
import { readSources, type SourceFile, type StdinRead } from '../load/sources.js';
import { buildCluster } from '../model/build.js';
import type { Cluster } from '../model/types.js';
import { NO_CLOCK, type PhaseClock } from './phases.js';

export interface LoadRequest {
  paths: readonly string[];
  /** --config FILE: a KubeProxyConfiguration, read on its own (never as cluster input). */
  configPath?: string | undefined;
  /** Standard input, when a path (or --config) is `-`: the CLI reads it, bounded. */
  stdin?: StdinRead | undefined;
  /** --exclude globs for directory walks. */
  exclude?: readonly string[];
  /** --allow-empty: input without any Kubernetes object is not an error. */
  allowEmpty?: boolean;
  /**
   * --verbose: keep the notes (`info` diagnostics: skipped kinds, objects that produce no rules).
   * Without it they are dropped before anything looks up where they are.
   */
  notes?: boolean;
  limits?: ParseLimits;
  /** The directory relative paths are read from (the process's when absent); messages name them as given. */
  cwd?: string | undefined;
  /** Times the phases (the benchmark's); nothing by default. */
  clock?: PhaseClock | undefined;
}

export interface Loaded {
  files: SourceFile[];
  cluster: Cluster | undefined;
  config: CheckedInput['proxyConfigs'][number] | undefined;
  /** The checked objects (for lint rules); empty when there were errors. */
  input: CheckedInput;
  /** How many objects of each kind the input held (the --config file not counted). */
  kinds: Record<string, number>;
  diagnostics: Diagnostic[];
}

/** Reads, parses, checks and models the input. `cluster` is undefined when there were errors. */
export function loadCluster(req: LoadRequest): Loaded {
  if (req.paths.length === 0) {
    return {
      files: [],
      cluster: undefined,
      config: undefined,
      input: emptyInput(),
      kinds: {},
      diagnostics: [diag('KR0109', 'no input: give files or directories, or - for standard input', COMMAND_LINE)],
    };
  }
  const limits = req.limits ?? DEFAULT_LIMITS;
  const clock = req.clock ?? NO_CLOCK;
  const skip = req.configPath !== undefined && req.configPath !== '-' ? [req.configPath] : [];
  const read = clock('load', () => readSources(req.paths, { stdin: req.stdin, exclude: req.exclude ?? [], skip, cwd: req.cwd }));
  const parsed = clock('load', () => parseSources(read.files, limits));
  const files = [...read.files];
  const diagnostics = [...read.diagnostics, ...parsed.diagnostics];
  const objects = [...parsed.objects];
  const kinds: Record<string, number> = {};
  for (const o of parsed.objects) kinds[o.kind] = (kinds[o.kind] ?? 0) + 1;
  if (req.configPath !== undefined) {
    const config = loadConfigFile(req.configPath, req.stdin, limits, req.cwd);
    files.push(...config.files);
    diagnostics.push(...config.diagnostics);
    objects.unshift(...config.objects);
  }
  if (parsed.objects.length === 0 && !req.allowEmpty && !hasErrors(diagnostics)) diagnostics.push(noObjects(read.files));
  const checked = clock('check', () => checkObjects(objects));
  diagnostics.push(...checked.diagnostics);
  if (hasErrors(diagnostics)) {
    const kept = req.notes ? diagnostics : diagnostics.filter((d) => d.severity !== 'info');
    return { files, cluster: undefined, config: undefined, input: emptyInput(), kinds, diagnostics: sortDiagnostics(kept) };
  }
  const model = clock('model', () => buildCluster(checked.input));
  diagnostics.push(...model.diagnostics);
  diagnostics.push(...clock('model', () => runLint({ input: checked.input, cluster: model.cluster, node: undefined }, 'input')));
  const kept = req.notes ? diagnostics : diagnostics.filter((d) => d.severity !== 'info');
  return { files, cluster: model.cluster, config: checked.input.proxyConfigs[0], input: checked.input, kinds, diagnostics: sortDiagnostics(kept) };
}

/**
 * The --config file holds one KubeProxyConfiguration and nothing else, as kube-proxy's own
 * --config does; its objects are checked with the input's (so a second configuration in the
 * input is reported) but never become cluster objects.
 */
function loadConfigFile(path: string, stdin: StdinRead | undefined, limits: ParseLimits, cwd: string | undefined): { files: SourceFile[]; objects: RawObject[]; diagnostics: Diagnostic[] } {
  const read = readSources([path], { stdin, cwd });
  const parsed = parseSources(read.files, limits);
  const diagnostics = [...read.diagnostics, ...parsed.diagnostics];
  const objects: RawObject[] = [];
  for (const o of parsed.objects) {
    if (o.kind === 'KubeProxyConfiguration') objects.push(o);
    else diagnostics.push(diag('KR0003', `--config ${path} holds ${/^[AEIOU]/.test(o.kind) ? 'an' : 'a'} ${o.kind}; a config file holds one KubeProxyConfiguration`, o.loc.value(['kind'])));
  }
  if (objects.length === 0 && !hasErrors(diagnostics)) {
    const name = read.files[0]?.name ?? path;
    diagnostics.push(diag('KR0003', `--config ${path} holds no KubeProxyConfiguration`, { file: name, line: 0, column: 0 }, 'give a file with kind: KubeProxyConfiguration (apiVersion kubeproxy.config.k8s.io/v1alpha1)'));
  }
  return { files: read.files, objects, diagnostics };
}

/** A failed `kubectl get > dump.yaml` leaves an empty file: compiling it would remove every rule. */
function noObjects(files: readonly SourceFile[]): Diagnostic {
  const names = [...new Set(files.map((f) => f.name))]; // a large file is read in several parts
  const where = names.length === 1 ? { file: names[0]!, line: 0, column: 0 } : COMMAND_LINE;
  const what = names.length === 1 ? names[0]! : names.length === 0 ? 'the input' : `the ${names.length} input files`;
  return diag('KR0111', `no Kubernetes objects in ${what}`, where, 'an empty dump usually means the command that made it failed; --allow-empty compiles it anyway (a node with no services)');
}

