// The lab: a small cluster built from network namespaces, to prove compiled rules with real
// traffic. One node namespace; one namespace per pod (veth to the node, pod IP /32, default
// route to the node); one namespace per outside client, linked the same way. Nothing is ever
// added to the root namespace: every link is created with both ends inside lab namespaces, and
// every address and route lives there. Every process is killed and every namespace deleted in
// destroy(), which the tests call in finally blocks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const HERE = import.meta.dirname;
const POD_SERVER = resolve(HERE, 'pod-server.mjs');
const PROBE = resolve(HERE, 'probe.mjs');
/** Next hop every pod and client uses: an on-link address of the node side of each veth. */
const GATEWAY = '169.254.1.1';
const GATEWAY6 = 'fe80::1';
/** Upper bound on any single lab command. */
const COMMAND_TIMEOUT_MS = 30_000;

export interface LabPod {
  /** "namespace/name" */
  id: string;
  ip: string;
  /** The pod's IPv6 address on a dual-stack lab. */
  ip6?: string | undefined;
  tcp: number[];
  udp: number[];
}

export interface LabClient {
  name: string;
  ip: string;
  ip6?: string | undefined;
}

export interface Topology {
  nodeIP: string;
  /** The node's IPv6 address; with it, every pod and client that has an ip6 is dual-stack. */
  nodeIP6?: string | undefined;
  pods: LabPod[];
  clients: LabClient[];
}

export interface Answer {
  pod: string;
  proto: string;
  port: number;
  src: string;
}

export interface Attempt {
  answer?: Answer;
  error?: string;
  ms: number;
}

function run(cmd: string, args: readonly string[], input?: string): string {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr.trim()}`);
  return r.stdout;
}

function tryRun(cmd: string, args: readonly string[]): void {
  spawnSync(cmd, args, { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
}

/** Deletes lab namespaces left behind by test processes that no longer exist. */
export function removeStaleLabs(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const m = /^(krl(\d+)[a-z]\d*)\b/.exec(line);
    if (!m) continue;
    const pid = Number(m[2]);
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch {
      alive = false;
    }
    if (!alive) tryRun('ip', ['netns', 'del', m[1]!]);
  }
}

let labCounter = 0;

export class Lab {
  readonly node: string;
  private readonly namespaces: string[] = [];
  private readonly podNs = new Map<string, string>();
  private readonly clientNs = new Map<string, string>();
  private readonly processes: ChildProcess[] = [];
  private readonly prefix: string;

  private constructor(readonly topology: Topology) {
    // Short names: "krl<pid>" + role letter + index (namespace names double as cleanup keys).
    this.prefix = `krl${process.pid}${String.fromCharCode(97 + (labCounter++ % 20))}`;
    this.node = `${this.prefix}n`;
  }

  /** Builds the namespaces and links. On any failure, everything made so far is removed. */
  static create(topology: Topology): Lab {
    const lab = new Lab(topology);
    try {
      lab.build();
    } catch (e) {
      lab.destroy();
      throw e;
    }
    return lab;
  }

  /**
   * Builds the lab, loads `scripts` (the compiled rules, in order) into the node, and starts
   * every pod's server (each stops by itself after serverLifetimeMs, 5 minutes unless said). On
   * any failure, everything made so far is removed before the error propagates.
   */
  static async up(topology: Topology, scripts: string[] = [], opts: { serverLifetimeMs?: number } = {}): Promise<Lab> {
    const lab = Lab.create(topology);
    try {
      for (const script of scripts) lab.loadScript(script);
      await lab.startServers(opts.serverLifetimeMs);
      return lab;
    } catch (e) {
      lab.destroy();
      throw e;
    }
  }

  private addNs(name: string): string {
    run('ip', ['netns', 'add', name]);
    this.namespaces.push(name);
    run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    return name;
  }

  private sysctl(ns: string, ...settings: string[]): void {
    run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', ...settings]);
  }

  private build(): void {
    const n = this.addNs(this.node);
    this.sysctl(n, 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.rp_filter=0', 'net.ipv4.conf.default.rp_filter=0');
    // The node's own address lives on its uplink, a veth to a stub namespace that routes
    // nothing; the default route there lets host processes send to cluster IPs (DNAT in OUTPUT
    // reroutes them). Nothing sent there leaves the lab.
    const uplink = this.addNs(`${this.prefix}u`);
    run('ip', ['link', 'add', 'up0', 'netns', n, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', uplink]);
    run('ip', ['-n', uplink, 'link', 'set', 'eth0', 'up']);
    run('ip', ['-n', n, 'link', 'set', 'up0', 'up']);
    run('ip', ['-n', n, 'addr', 'add', `${this.topology.nodeIP}/32`, 'dev', 'up0']);
    run('ip', ['-n', n, 'route', 'add', 'default', 'dev', 'up0']);
    if (this.topology.nodeIP6) {
      this.sysctl(n, 'net.ipv6.conf.all.forwarding=1');
      run('ip', ['-n', n, 'addr', 'add', `${this.topology.nodeIP6}/128`, 'dev', 'up0', 'nodad']);
      run('ip', ['-n', n, '-6', 'route', 'add', 'default', 'dev', 'up0']);
    }
    this.topology.pods.forEach((pod, i) => {
      const ns = this.addNs(`${this.prefix}p${i}`);
      this.podNs.set(pod.id, ns);
      this.link(ns, `vp${i}`, pod.ip, pod.ip6);
    });
    this.topology.clients.forEach((client, i) => {
      const ns = this.addNs(`${this.prefix}c${i}`);
      this.clientNs.set(client.name, ns);
      this.link(ns, `vc${i}`, client.ip, client.ip6);
    });
  }

  /** A veth from the node (nodeSide) to `eth0` in ns, addressed ip/32, routed both ways. */
  private link(ns: string, nodeSide: string, ip: string, ip6: string | undefined): void {
    run('ip', ['link', 'add', nodeSide, 'netns', this.node, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    run('ip', ['-n', this.node, 'addr', 'add', `${GATEWAY}/32`, 'dev', nodeSide, 'scope', 'link']);
    run('ip', ['-n', this.node, 'link', 'set', nodeSide, 'up']);
    this.sysctl(this.node, `net.ipv4.conf.${nodeSide}.rp_filter=0`);
    run('ip', ['-n', this.node, 'route', 'add', `${ip}/32`, 'dev', nodeSide]);
    run('ip', ['-n', ns, 'addr', 'add', `${ip}/32`, 'dev', 'eth0']);
    run('ip', ['-n', ns, 'link', 'set', 'eth0', 'up']);
    run('ip', ['-n', ns, 'route', 'add', GATEWAY, 'dev', 'eth0', 'scope', 'link']);
    run('ip', ['-n', ns, 'route', 'add', 'default', 'via', GATEWAY, 'dev', 'eth0']);
    if (ip6 && this.topology.nodeIP6) {
      // IPv6: link-local next hop on every veth, addresses without duplicate detection delay.
      run('ip', ['-n', this.node, 'addr', 'add', `${GATEWAY6}/64`, 'dev', nodeSide, 'nodad']);
      run('ip', ['-n', this.node, '-6', 'route', 'add', `${ip6}/128`, 'dev', nodeSide]);
      run('ip', ['-n', ns, 'addr', 'add', `${ip6}/128`, 'dev', 'eth0', 'nodad']);
      run('ip', ['-n', ns, '-6', 'route', 'add', 'default', 'via', GATEWAY6, 'dev', 'eth0']);
    }
  }

  /** Runs a shell script (the compiled rules) inside the node namespace. */
  loadScript(script: string): void {
    const file = join(mkdtempSync(join(tmpdir(), 'kr-lab-')), 'rules.sh');
    writeFileSync(file, script);
    run('ip', ['netns', 'exec', this.node, 'sh', file]);
  }

  /** Runs a command inside the node namespace (for tests that inspect or break things). */
  nodeExec(cmd: string, args: readonly string[], input?: string): string {
    return run('ip', ['netns', 'exec', this.node, cmd, ...args], input);
  }

  /** Starts every pod's server and waits until all listen (bounded). */
  async startServers(lifetimeMs = 300_000): Promise<void> {
    const waits = this.topology.pods.map((pod) => {
      const ns = this.podNs.get(pod.id)!;
      const args = ['netns', 'exec', ns, process.execPath, POD_SERVER, '--name', pod.id, '--lifetime-ms', String(lifetimeMs)];
      if (pod.tcp.length) args.push('--tcp', pod.tcp.join(','));
      if (pod.udp.length) args.push('--udp', pod.udp.join(','));
      if (pod.ip6 && this.topology.nodeIP6) args.push('--ipv6');
      const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      this.processes.push(child);
      return new Promise<void>((resolveReady, reject) => {
        let out = '';
        let err = '';
        const timer = setTimeout(() => reject(new Error(`${pod.id}: server not ready after 10 s: ${err}`)), 10_000);
        child.stdout!.on('data', (d) => {
          out += d;
          if (out.includes('ready\n')) {
            clearTimeout(timer);
            resolveReady();
          }
        });
        child.stderr!.on('data', (d) => (err += d));
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`${pod.id}: server exited ${code}: ${err}`));
        });
      });
    });
    await Promise.all(waits);
  }

  /** The namespace of "node", "client:NAME" or "pod:NS/NAME". */
  namespaceOf(from: string): string {
    if (from === 'node') return this.node;
    if (from.startsWith('client:')) {
      const ns = this.clientNs.get(from.slice(7));
      if (ns) return ns;
    }
    if (from.startsWith('pod:')) {
      const ns = this.podNs.get(from.slice(4));
      if (ns) return ns;
    }
    throw new Error(`unknown probe source ${from}`);
  }

  /** count attempts to ip:port from a place in the lab; each bounded by timeoutMs. */
  probe(from: string, to: string, proto: 'tcp' | 'udp', count: number, timeoutMs: number): Attempt[] {
    const ns = this.namespaceOf(from);
    const r = spawnSync(
      'ip',
      ['netns', 'exec', ns, process.execPath, PROBE, '--to', to, '--proto', proto, '--count', String(count), '--timeout-ms', String(timeoutMs)],
      { encoding: 'utf8', timeout: count * (timeoutMs + 500) + 10_000 },
    );
    if (r.error) throw new Error(`probe ${from} -> ${to}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`probe ${from} -> ${to} exited ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Attempt[];
  }

  /** One attempt from `from` to each target at once (a row of a reachability table). */
  probeRow(from: string, targets: string[], proto: 'tcp' | 'udp', timeoutMs: number): Promise<Attempt[]> {
    const ns = this.namespaceOf(from);
    const child = spawn(
      'ip',
      ['netns', 'exec', ns, process.execPath, PROBE, '--targets', targets.join(','), '--proto', proto, '--timeout-ms', String(timeoutMs)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.processes.push(child);
    return new Promise((resolveRow, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`probe row from ${from} did not finish`));
      }, timeoutMs + 10_000);
      child.stdout!.on('data', (d) => (out += d));
      child.stderr!.on('data', (d) => (err += d));
      // 'close', not 'exit': the process can exit before its output has all been read (seen
      // on a busy machine as an empty row), and 'close' comes once the pipes are drained too.
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0) {
          reject(new Error(`probe row from ${from} exited ${code}: ${err}`));
          return;
        }
        try {
          resolveRow(JSON.parse(out) as Attempt[]);
        } catch {
          reject(new Error(`probe row from ${from} printed no row: ${JSON.stringify(out)} ${err}`));
        }
      });
    });
  }

  /** Kills every lab process and deletes every lab namespace. Safe to call more than once. */
  destroy(): void {
    for (const p of this.processes.splice(0)) {
      if (p.exitCode === null && p.pid !== undefined) {
        try {
          p.kill('SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    // Processes started with `ip netns exec` keep their namespace alive; kill any left in ours.
    for (const ns of this.namespaces) {
      const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
      for (const pid of pids.split('\n').filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    for (const ns of this.namespaces.splice(0).reverse()) tryRun('ip', ['netns', 'del', ns]);
  }
}
