// src/lint: one rule per file, each listed once in the default rules, each with its own code.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, runLint } from '../../src/lint/index.js';
import { model } from '../helpers/plan.js';

describe('lint registry', () => {
  it('lists every rule file once, one code each', async () => {
    const dir = resolve(import.meta.dirname, '../../src/lint/rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('Rule.ts'));
    const exported = await Promise.all(files.map(async (f) => Object.values(await import(resolve(dir, f)))));
    expect(exported.map((e) => e.length)).toEqual(files.map(() => 1));
    expect(new Set(exported.flat())).toEqual(new Set(DEFAULT_RULES));
    expect(new Set(DEFAULT_RULES.map((r) => r.code)).size).toBe(DEFAULT_RULES.length);
  });

  it('runs only the rules of the asked scope', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {clusterIP: 10.96.0.1, ports: [{port: 80}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}\n';
    const m = model(text);
    const ctx = { input: { services: [], endpointSlices: [], endpoints: [], pods: [], namespaces: [], nodes: [], networkPolicies: [], proxyConfigs: [], serviceCIDRs: [] }, cluster: m.cluster, node: undefined };
    expect(runLint(ctx, 'input').map((d) => d.code)).toEqual(['KR0405']);
    expect(runLint(ctx, 'policy').map((d) => d.code)).toEqual(['KR0501']);
  });
});
