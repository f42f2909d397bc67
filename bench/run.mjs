// Benchmark: compile a synthetic cluster (default 10,000 Services with 3 endpoints each, as one
// kubectl-style List in JSON and in YAML) and report wall time and peak memory per phase of the
// whole CLI run. Usage: npm run bench [-- --services N --endpoints E]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

const args = process.argv.slice(2);
const opt = (n, d) => {
  const i = args.indexOf(n);
  return i >= 0 ? Number(args[i + 1]) : d;
};
const services = opt('--services', 10000);
const endpoints = opt('--endpoints', 3);

function cluster() {
  const items = [];
  for (let s = 0; s < services; s++) {
    const ns = `ns${s % 50}`;
    const name = `svc${s}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: { clusterIP: `10.${96 + (s >> 16)}.${(s >> 8) & 255}.${s & 255}`, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] },
    });
    const eps = [];
    for (let e = 0; e < endpoints; e++) {
      const n = s * endpoints + e;
      eps.push({ addresses: [`10.${128 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`], conditions: { ready: true }, nodeName: `node-${n % 20}` });
    }
    items.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      endpoints: eps,
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

const dir = mkdtempSync(join(tmpdir(), 'kr-bench-'));
const obj = cluster();
const json = join(dir, 'cluster.json');
const yaml = join(dir, 'cluster.yaml');
writeFileSync(json, JSON.stringify(obj));
writeFileSync(yaml, stringify(obj));
const bin = resolve(import.meta.dirname, '../bin/kube-rulec');

console.log(`kube-rulec bench: ${services} services x ${endpoints} endpoints`);
for (const [label, file] of [['json', json], ['yaml', yaml]]) {
  for (const mode of ['iptables']) {
    const out = join(dir, `out-${label}.txt`);
    const started = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, bin, 'compile', '--mode', mode, '--cluster-cidr', '10.128.0.0/9', '-o', out, file], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(r.stderr);
    const rss = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024;
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`${label.padEnd(5)} ${mode.padEnd(9)} input ${(statSync(file).size / 1e6).toFixed(1)} MB  output ${(statSync(out).size / 1e6).toFixed(1)} MB  ${ms.toFixed(0)} ms  peak RSS ${rss.toFixed(0)} MiB`);
  }
}
