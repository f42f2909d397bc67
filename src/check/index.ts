// The check phase: JSON Schema for shape (ajv, compiled once), then the API server's rules for
// meaning, then relations between objects (duplicates). Returns the objects that passed, sorted
// by kind, and every diagnostic.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { diag, lazyDiag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RawObject } from '../load/parse.js';
import { CheckContext, describe, showPath } from './context.js';
import { CLUSTER_SCOPED_KINDS } from './labels.js';
import type {
  EndpointSliceObject,
  EndpointsObject,
  KubeProxyConfigurationObject,
  NamespaceObject,
  NetworkPolicyObject,
  NodeObject,
  PodObject,
  ServiceCIDRObject,
  ServiceObject,
} from './k8s-types.js';
import { checkEndpointSlice, checkEndpoints } from './rules/endpoints.js';
import { checkKubeProxyConfiguration } from './rules/kubeproxyconfig.js';
import { checkNetworkPolicy } from './rules/networkpolicy.js';
import { checkNamespace, checkNode, checkPod, checkServiceCIDR } from './rules/pod.js';
import { checkService } from './rules/service.js';
import * as S from './schemas/kinds.js';
import type { Schema } from './schemas/common.js';
import * as generated from './schemas/validators.generated.js';

export interface Checked<T> {
  obj: T;
  raw: RawObject;
}

export interface CheckedInput {
  services: Checked<ServiceObject>[];
  endpointSlices: Checked<EndpointSliceObject>[];
  endpoints: Checked<EndpointsObject>[];
  pods: Checked<PodObject>[];
  namespaces: Checked<NamespaceObject>[];
  nodes: Checked<NodeObject>[];
  networkPolicies: Checked<NetworkPolicyObject>[];
  proxyConfigs: Checked<KubeProxyConfigurationObject>[];
  serviceCIDRs: Checked<ServiceCIDRObject>[];
}

interface KindSpec {
  apiVersion: string;
  schema: Schema;
  bucket: keyof CheckedInput;
  rule: (ctx: CheckContext, obj: never) => void;
}

export const KINDS: Record<string, KindSpec> = {
  Service: { apiVersion: 'v1', schema: S.serviceSchema, bucket: 'services', rule: checkService },
  Endpoints: { apiVersion: 'v1', schema: S.endpointsSchema, bucket: 'endpoints', rule: checkEndpoints },
  EndpointSlice: {
    apiVersion: 'discovery.k8s.io/v1',
    schema: S.endpointSliceSchema,
   
    bucket: 'endpointSlices',
    rule: checkEndpointSlice,
  },
  Pod: { apiVersion: 'v1', schema: S.podSchema, bucket: 'pods', rule: checkPod },
  Namespace: { apiVersion: 'v1', schema: S.namespaceSchema, bucket: 'namespaces', rule: checkNamespace },
  Node: { apiVersion: 'v1', schema: S.nodeSchema, bucket: 'nodes', rule: checkNode },
  NetworkPolicy: {
    apiVersion: 'networking.k8s.io/v1',
    schema: S.networkPolicySchema,
   
    bucket: 'networkPolicies',
    rule: checkNetworkPolicy,
  },
  ServiceCIDR: { apiVersion: 'networking.k8s.io/v1', schema: S.serviceCIDRSchema, bucket: 'serviceCIDRs', rule: checkServiceCIDR },
  KubeProxyConfiguration: {
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    schema: S.kubeProxyConfigurationSchema,
   
    bucket: 'proxyConfigs',
    rule: checkKubeProxyConfiguration,
  },
};

/**
 * Each kind's validator, compiled from its schema at build time (schemas/generate.ts writes
 * schemas/validators.generated.ts; a test keeps it up to date).
 */
let byKind: Map<string, ValidateFunction> | undefined;

function validators(): Map<string, ValidateFunction> {
  byKind ??= new Map(Object.keys(KINDS).map((k) => [k, (generated as unknown as Record<string, ValidateFunction>)[k]!]));
  return byKind;
}

export function emptyInput(): CheckedInput {
  return {
    services: [],
    endpointSlices: [],
    endpoints: [],
    pods: [],
    namespaces: [],
    nodes: [],
    networkPolicies: [],
    proxyConfigs: [],
    serviceCIDRs: [],
  };
}

export function checkObjects(objects: readonly RawObject[]): { input: CheckedInput; diagnostics: Diagnostic[] } {
  const input = emptyInput();
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, RawObject>();
  for (const raw of objects) {
    const spec = KINDS[raw.kind];
    if (!spec) {
      diagnostics.push(lazyDiag('KR0107', `skipping ${raw.apiVersion} ${raw.kind}: not used by kube-rulec`, () => raw.loc.value(['kind'])));
      continue;
    }
    if (raw.apiVersion !== spec.apiVersion) {
      diagnostics.push(
        diag(
          'KR0108',
          `skipping ${raw.kind} with apiVersion ${raw.apiVersion}: kube-rulec reads ${spec.apiVersion}`,
          raw.loc.value(['apiVersion']),
        ),
      );
      continue;
    }
    const validate = validators().get(raw.kind)!;
    if (!validate(raw.value)) {
      diagnostics.push(...schemaDiagnostics(raw, validate.errors ?? []));
      continue;
    }
    const before = diagnostics.length;
    spec.rule(new CheckContext(raw, diagnostics), raw.value as never);
    if (diagnostics.slice(before).some((d) => d.severity === 'error')) continue;

    const meta = raw.value.metadata as { name: string; namespace?: string } | undefined;
    if (meta) {
      const ns = CLUSTER_SCOPED_KINDS.has(raw.kind) ? '' : (meta.namespace ?? 'default');
      const key = `${raw.kind}\u0000${ns}\u0000${meta.name}`;
      const first = seen.get(key);
      if (first) {
        const at = first.loc.value(['metadata', 'name']);
        diagnostics.push(
          diag('KR0401', `${describe(raw)} is defined twice; the first definition is at ${at.file}:${at.line}:${at.column}`, raw.loc.value(['metadata', 'name'])),
        );
        continue;
      }
      seen.set(key, raw);
    }
    (input[spec.bucket] as Checked<unknown>[]).push({ obj: raw.value, raw });
  }
  if (input.proxyConfigs.length > 1) {
    const first = input.proxyConfigs[0]!.raw.loc.value([]);
    for (const extra of input.proxyConfigs.slice(1)) {
      diagnostics.push(
        diag('KR0403', `a second KubeProxyConfiguration; the first is at ${first.file}:${first.line}:${first.column}`, extra.raw.loc.value([])),
      );
    }
  }
  return { input, diagnostics };
}

function schemaDiagnostics(raw: RawObject, errors: ErrorObject[]): Diagnostic[] {
  // anyOf (nullable) reports one error per branch at the same path: keep the first per path.
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    // The null branch of a nullable field only adds noise: the other branch says what is wrong.
    if (e.keyword === 'anyOf' || (e.keyword === 'type' && (e.params as { type: unknown }).type === 'null')) continue;
    const key = e.instancePath + (e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : '');
    if (!byPath.has(key)) byPath.set(key, e);
  }
  const out: Diagnostic[] = [];
  for (const e of byPath.values()) {
    const path = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const value = path.reduce<unknown>((v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg], raw.value);
    const who = describe(raw);
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        out.push(diag('KR0201', `${who}: missing required field ${showPath([...path, missing])}`, raw.loc.value(path)));
        break;
      }
      case 'type':
        out.push(
          diag(
            'KR0202',
            `${who}: ${showPath(path)} must be ${article((e.params as { type: string | string[] }).type)}, not ${typeName(value, raw.loc.source(path))}`,
            raw.loc.value(path),
          ),
        );
        break;
      case 'enum':
        out.push(
          diag(
            'KR0203',
            `${who}: ${showPath(path)} is ${JSON.stringify(value)}; allowed: ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
            raw.loc.value(path),
          ),
        );
        break;
      default:
        out.push(diag('KR0204', `${who}: ${showPath(path)} ${e.message ?? 'is invalid'}`, raw.loc.value(path)));
    }
  }
  return out;
}

function article(t: string | string[]): string {
  const list = Array.isArray(t) ? t : t.split(',');
  const names = list.map((x) => (x === 'object' ? 'a mapping' : x === 'array' ? 'a list' : x === 'integer' ? 'an integer' : `a ${x}`));
  return names.join(' or ');
}

/** `source`: the value's text in the input, for numbers (the parsed value may be rounded). */
function typeName(v: unknown, source: string | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return `the number ${source ?? v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}
