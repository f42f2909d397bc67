// Throw-away network namespaces for kernel and lab tests. Every namespace made here is deleted
// when the callback ends, also on failure. Nothing is ever added to the root namespace.
import { spawnSync } from 'node:child_process';

export const SKIP_ENV = 'KUBE_RULEC_SKIP_NETNS';

let counter = 0;

export interface ExecResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function exec(cmd: string, args: readonly string[], input?: string, timeoutMs = 20_000): ExecResult {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: timeoutMs });
  if (r.error) return { status: -1, stdout: '', stderr: String(r.error) };
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Why namespaces cannot be used here, or undefined when they can. Tests call this and fail with
 * the reason; only an explicit KUBE_RULEC_SKIP_NETNS=1 turns that failure into a skip.
 */
export function netnsUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'kernel and lab tests need root (network namespaces, iptables)';
  for (const tool of ['ip', 'iptables-restore', 'ip6tables-restore', 'iptables-save', 'nfacct']) {
    if (exec('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is not installed (run .ci/run, or apt-get install iptables iproute2 nfacct)`;
  }
  const probe = `kr-probe-${process.pid}`;
  const add = exec('ip', ['netns', 'add', probe]);
  exec('ip', ['netns', 'del', probe]);
  if (add.status !== 0) return `cannot create a network namespace: ${add.stderr.trim()}`;
  return undefined;
}

export const skipNetns = process.env[SKIP_ENV] === '1';

export function withNetns<T>(fn: (ns: string) => T): T {
  const ns = `kr-${process.pid}-${++counter}`;
  const add = exec('ip', ['netns', 'add', ns]);
  if (add.status !== 0) throw new Error(`ip netns add ${ns}: ${add.stderr}`);
  try {
    exec('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    return fn(ns);
  } finally {
    exec('ip', ['netns', 'del', ns]);
  }
}

export function nsExec(ns: string, cmd: string, args: readonly string[], input?: string): ExecResult {
  return exec('ip', ['netns', 'exec', ns, cmd, ...args], input);
}

/**
 * Why this kernel cannot take IPVS services, or undefined: `ipvsadm -Ln`, run in a throw-away
 * namespace, fails (these machines have no IPVS module). The IPVS kernel and lab tests skip their
 * real-IPVS parts with this reason, and only then.
 */
export function ipvsUnavailable(): string | undefined {
  if (skipNetns) return 'no network namespaces';
  if (exec('sh', ['-c', 'command -v ipvsadm']).status !== 0) return 'ipvsadm is not installed (scripts/install-test-deps.sh)';
  try {
    return withNetns((ns) => {
      const r = nsExec(ns, 'ipvsadm', ['-Ln']);
      return r.status === 0 ? undefined : `ipvsadm -Ln fails: ${r.stderr.trim().split('\n')[0]}`;
    });
  } catch (e) {
    return `no network namespace to try ipvsadm -Ln in: ${(e as Error).message.trim()}`;
  }
}

/** Creates the nfacct counters kube-proxy would have created, so rules using them load. */
export function ensureNfacct(ns: string, rules: string): void {
  for (const mt of rules.matchAll(/--nfacct-name (\S+)/g)) nsExec(ns, 'nfacct', ['add', mt[1]!]);
}
