// Lab scenarios are data: scenarios/<name>/cluster.yaml (the objects), scenario.yaml (compile
// settings, the lab's clients and the probes with what they must observe). Every backend that can
// produce a loadable script runs them all; a probe whose answer differs between proxy modes (as
// kube-proxy's do: IPVS mode serves no NodePort on localhost) names the modes it holds for.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { Attempt, LabClient, LabPod, Topology } from './harness.js';

export const SCENARIOS = resolve(import.meta.dirname, 'scenarios');

export interface Expectation {
  /** Every attempt answered, by exactly these pods ("ns/name"), each at least once or minShare of them. */
  reached?: string[];
  minShare?: number;
  /** Every reached pod got its fair share of the attempts, within this fraction (0.35 = ±35%). */
  balance?: number;
  /** Every answer came from one pod. */
  sticky?: boolean;
  /** What the answering pods saw as the source: the prober's own address, the node's, or an IP. */
  source?: 'pod' | 'client' | 'node' | string;
  /** Every attempt failed this way, each within maxMs when given. */
  fails?: 'refused' | 'timeout';
  maxMs?: number;
}

export interface Probe {
  name: string;
  from: string;
  to: string;
  proto?: 'tcp' | 'udp';
  count: number;
  timeoutMs?: number;
  expect: Expectation;
  /** The proxy modes this holds for (default: every mode). */
  modes?: string[];
}

export interface Scenario {
  name: string;
  dir: string;
  /** The cluster manifest, relative to dir (default cluster.yaml). */
  manifest: string;
  description: string;
  args: string[];
  /** Also compile and load policy mode with these flags (after the proxy rules). */
  policyArgs?: string[];
  nodeIP: string;
  nodeIP6?: string;
  /** 6: probes and source checks use the IPv6 addresses of pods, clients and the node. */
  family?: 4 | 6;
  clients: LabClient[];
  probes: Probe[];
  topology: Topology;
}

interface PodDoc {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] };
  status?: { podIP?: string; podIPs?: { ip: string }[] };
}

/** The lab pods of a manifest: every Pod with an IP, serving its container ports. */
export function podsFromManifest(file: string): LabPod[] {
  const out: LabPod[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const v = doc.toJS() as { kind?: string; items?: PodDoc[] } | null;
    const items = v?.kind === 'List' ? (v.items ?? []) : v ? [v as PodDoc] : [];
    for (const o of items) {
      if (o.kind !== 'Pod' || !o.status?.podIP) continue;
      const ports = (o.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
      out.push({
        id: `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
        ip: o.status.podIP,
        ip6: (o.status.podIPs ?? []).map((p) => p.ip).find((ip) => ip.includes(':')),
        tcp: ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort),
        udp: ports.filter((p) => p.protocol === 'UDP').map((p) => p.containerPort),
      });
    }
  }
  return out;
}

export function loadScenarios(): Scenario[] {
  return readdirSync(SCENARIOS, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = join(SCENARIOS, name);
      const s = parse(readFileSync(join(dir, 'scenario.yaml'), 'utf8')) as Omit<Scenario, 'name' | 'dir' | 'topology' | 'manifest'> & {
        manifest?: string;
      };
      const manifest = s.manifest ?? 'cluster.yaml';
      const topology: Topology = { nodeIP: s.nodeIP, nodeIP6: s.nodeIP6, pods: podsFromManifest(join(dir, manifest)), clients: s.clients };
      return { ...s, manifest, name, dir, topology };
    });
}

/** Checks attempts against an expectation; returns what is wrong, or [] when all holds. */
export function judge(
  probe: Probe,
  attempts: Attempt[],
  sourceIPs: { pod?: string | undefined; client?: string | undefined; node: string },
): string[] {
  const e = probe.expect;
  const problems: string[] = [];
  const summary = () =>
    JSON.stringify(attempts.reduce<Record<string, number>>((acc, a) => {
      const k = a.answer ? `${a.answer.pod} saw ${a.answer.src}` : a.error!;
      acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {}));
  if (attempts.length !== probe.count) problems.push(`${attempts.length} attempts instead of ${probe.count}`);
  if (e.fails) {
    const wrong = attempts.filter((a) => a.error !== e.fails);
    if (wrong.length) problems.push(`expected every attempt to fail with ${e.fails}, got ${summary()}`);
    if (e.maxMs !== undefined && attempts.some((a) => a.ms > e.maxMs!)) {
      problems.push(`expected each failure within ${e.maxMs} ms, took ${attempts.map((a) => a.ms).join(', ')} ms`);
    }
    return problems;
  }
  const failed = attempts.filter((a) => !a.answer);
  if (failed.length) problems.push(`${failed.length} of ${attempts.length} attempts got no answer: ${summary()}`);
  const counts = new Map<string, number>();
  for (const a of attempts) if (a.answer) counts.set(a.answer.pod, (counts.get(a.answer.pod) ?? 0) + 1);
  if (e.reached) {
    const got = [...counts.keys()].sort();
    const want = [...e.reached].sort();
    if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`expected answers from ${want.join(', ')}, got ${summary()}`);
    // Without minShare, every listed pod must answer at least once; counts in the scenarios are
    // chosen so that a fair spread misses a pod with odds below one in a million.
    const min = Math.max(1, (e.minShare ?? 0) * attempts.length);
    for (const [pod, n] of counts) if (n < min) problems.push(`${pod} answered ${n} of ${attempts.length}: below a sane share (${min})`);
    if (e.balance !== undefined) {
      const fair = attempts.length / e.reached.length;
      for (const [pod, n] of counts) {
        if (Math.abs(n - fair) > e.balance * fair) problems.push(`${pod} answered ${n} of ${attempts.length}; a fair share is ${fair} ± ${e.balance * 100}%`);
      }
    }
  }
  if (e.sticky && counts.size !== 1) problems.push(`expected one backend for every attempt, got ${summary()}`);
  if (e.source) {
    const want = e.source === 'pod' ? sourceIPs.pod : e.source === 'client' ? sourceIPs.client : e.source === 'node' ? sourceIPs.node : e.source;
    const bad = attempts.filter((a) => a.answer && a.answer.src !== want);
    if (bad.length) problems.push(`expected the backend to see ${e.source} (${want}), got ${summary()}`);
  }
  return problems;
}
