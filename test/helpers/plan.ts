// Shared by the model and plan tests: YAML text → check → model (+ input lint) → settings → service plan, the
// way the pipeline runs it, with every diagnostic on the way in a compact form.
import { expect } from 'vitest';
import { checkObjects } from '../../src/check/index.js';
import { parseFlags, type RawFlags } from '../../src/cli/flags.js';
import { resolveSettings } from '../../src/config/resolve/index.js';
import { sortDiagnostics } from '../../src/diagnostics/diagnostic.js';
import { parseSources } from '../../src/load/parse.js';
import { buildCluster } from '../../src/model/build.js';
import { runLint } from '../../src/lint/index.js';
import { planServices } from '../../src/plan/services/index.js';
import { brief } from './check.js';

export function model(text: string) {
  const parsed = parseSources([{ name: 'in.yaml', text }]);
  expect(parsed.diagnostics).toEqual([]);
  const checked = checkObjects(parsed.objects);
  expect(checked.diagnostics.filter((d) => d.severity === 'error').map(brief)).toEqual([]);
  const built = buildCluster(checked.input);
  const linted = runLint({ input: checked.input, cluster: built.cluster, node: undefined }, 'input');
  return {
    cluster: built.cluster,
    config: checked.input.proxyConfigs[0],
    input: checked.input,
    diagnostics: sortDiagnostics([...checked.diagnostics, ...built.diagnostics, ...linted]).map(brief),
  };
}

/** Flags as the CLI types them (the tests write them as on a command line). */
export function typed(raw: RawFlags) {
  const parsed = parseFlags(raw);
  expect(parsed.diagnostics.map(brief)).toEqual([]);
  return parsed.flags;
}

export function plan(text: string, flags: RawFlags = {}) {
  const m = model(text);
  const resolved = resolveSettings(typed(flags), m.config, m.cluster);
  expect(resolved.diagnostics.filter((d) => d.severity === 'error').map(brief)).toEqual([]);
  return {
    plan: planServices(m.cluster, resolved.settings!),
    settings: resolved.settings!,
    /** The model's diagnostics, then the settings' ones. */
    diagnostics: [...m.diagnostics, ...sortDiagnostics([...resolved.diagnostics]).map(brief)],
  };
}
