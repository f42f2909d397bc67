// backends/nftables/program: what the upstream dumps and the goldens do not pin down alone.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run.js';

const service = (ns: string, name: string, port: string) =>
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {clusterIP: 10.96.0.50, ports: [{name: ${port}, port: 80}]}\n`;

describe('KR0008: a no-endpoint comment longer than nft takes', () => {
  it('accepts 128 characters and refuses 129, before anything is written', async () => {
    const ns = 'n'.repeat(63);
    const port = 'p'.repeat(15);
    const at128 = await runCli(['compile', '--mode', 'nftables', '-'], service(ns, 's'.repeat(48), port));
    expect(at128.stderr).not.toContain('KR0008');
    expect(at128.exit).toBe(0);
    expect(at128.stdout).toContain(`comment "${ns}/${'s'.repeat(48)}:${port}" : goto reject-chain`);
    const at129 = await runCli(['compile', '--mode', 'nftables', '--output-format', 'script', '-'], service(ns, 's'.repeat(49), port));
    expect(at129.exit).toBe(2);
    expect(at129.stdout).toBe('');
    expect(at129.stderr).toContain('error KR0008');
    expect(at129.stderr).toContain('(129 characters; nft takes at most 128)');
  });

  it('says nothing when the long name has endpoints for all its traffic', async () => {
    const ns = 'n'.repeat(63);
    const slice = `---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: x, namespace: ${ns}, labels: {kubernetes.io/service-name: ${'s'.repeat(63)}}}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.1]}]\nports: [{name: ${'p'.repeat(15)}, port: 80}]\n`;
    const r = await runCli(['compile', '--mode', 'nftables', '-'], service(ns, 's'.repeat(63), 'p'.repeat(15)) + slice);
    expect(r.stderr).toBe('');
    expect(r.exit).toBe(0);
  });
});

describe('KR0008: which service ports comment a no-endpoint element', () => {
  const ns = 'n'.repeat(63);
  const name = 's'.repeat(63);
  const port = 'p'.repeat(15);
  /** The long-named Service, its one endpoint on node-b; compiled on node-a. */
  const compile = (spec: string, status = '') =>
    runCli(
      ['compile', '--mode', 'nftables', '--hostname-override', 'node-a', '-'],
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: {clusterIP: 10.96.0.50, ports: [{name: ${port}, port: 80${spec.startsWith('type: NodePort') ? ', nodePort: 30080' : ''}}], ${spec}}\n${status}---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: x, namespace: ${ns}, labels: {kubernetes.io/service-name: ${name}}}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.1], nodeName: node-b}]\nports: [{name: ${port}, port: 80}]\n`,
    );
  const refused = `error KR0008: Service ${ns}/${name}: port "${port}" has no endpoints for some traffic, and nftables mode comments its no-endpoint element with "${ns}/${name}:${port}" (143 characters; nft takes at most 128): kube-proxy's transaction would fail\n`;

  it('externalTrafficPolicy Local without a local endpoint: by its NodePort, its load balancer address, its external IP', async () => {
    for (const [spec, status] of [
      ['type: NodePort, externalTrafficPolicy: Local', ''],
      ['type: LoadBalancer, allocateLoadBalancerNodePorts: false, externalTrafficPolicy: Local', 'status: {loadBalancer: {ingress: [{ip: 192.0.2.9}]}}\n'],
      ['externalIPs: [192.0.2.7], externalTrafficPolicy: Local', ''],
    ]) {
      const r = await compile(spec!, status);
      expect(r.exit, spec).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`<stdin>:3:18: ${refused}`);
    }
  });

  it('internalTrafficPolicy Local without a local endpoint: by its ClusterIP', async () => {
    const r = await compile('internalTrafficPolicy: Local');
    expect(r.exit).toBe(2);
    expect(r.stderr).toContain(refused);
  });

  it('nothing when every kind of traffic has an endpoint somewhere (policies Cluster), or the Service has no external traffic', async () => {
    // The last: externalTrafficPolicy Local, but no NodePort and no load balancer address yet.
    for (const spec of ['type: NodePort', 'externalIPs: [192.0.2.7]', 'type: ClusterIP', 'type: LoadBalancer, allocateLoadBalancerNodePorts: false, externalTrafficPolicy: Local']) {
      const r = await compile(spec);
      expect(r.stderr, spec).toBe('');
      expect(r.exit).toBe(0);
    }
    // externalTrafficPolicy on a ClusterIP Service is warned about (KR0319) and means nothing.
    const ignored = await compile('type: ClusterIP, externalTrafficPolicy: Local');
    expect(ignored.stderr).not.toContain('KR0008');
    expect(ignored.exit).toBe(0);
  });
});

describe('KR0009: a loopback --nodeport-addresses', () => {
  const svc = (type: string) =>
    `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: d}\nspec: {type: ${type}, clusterIP: 10.96.0.50, ports: [{port: 80${type === 'NodePort' ? ', nodePort: 30080' : ''}}]}\n---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: x, namespace: d, labels: {kubernetes.io/service-name: s}}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.1]}]\nports: [{port: 80}]\n`;
  const args = (family: string, addresses: string) => ['compile', '--mode', 'nftables', '--ip-family', family, '--node-ip', '192.168.0.2,2001:db8::2', '--nodeport-addresses', addresses, '-'];

  it('is said when a NodePort exists, naming the loopback address of the family', async () => {
    const r = await runCli(args('ipv4', '192.168.0.0/24,127.0.0.1/32,::1/128'), svc('NodePort'));
    expect(r.exit).toBe(0);
    expect(r.stderr).toContain(
      "warning KR0009: --nodeport-addresses includes 127.0.0.1, but nftables mode has no localhost NodePorts: kube-proxy leaves it out of nodeport-ips\n  hint: NodePorts answer on the node's other addresses; iptables mode has localhost NodePorts (IPv4)\n",
    );
    expect(r.stdout).toContain('\nadd element ip kube-proxy nodeport-ips { 192.168.0.2 }\n');
    // One NodePort among other Services is enough.
    const other = 'apiVersion: v1\nkind: Service\nmetadata: {name: t, namespace: d}\nspec: {clusterIP: 10.96.0.51, ports: [{port: 80}]}\n---\n';
    const mixed = await runCli(args('ipv4', '192.168.0.0/24,127.0.0.1/32'), other + svc('NodePort'));
    expect(mixed.stderr).toContain('warning KR0009: --nodeport-addresses includes 127.0.0.1,');
  });

  it('is not said without a NodePort, nor for the loopback of the other family', async () => {
    const clusterIP = await runCli(args('ipv4', '192.168.0.0/24,127.0.0.1/32'), svc('ClusterIP'));
    expect(clusterIP.stderr).not.toContain('KR0009');
    expect(clusterIP.exit).toBe(0);
    const other = await runCli(args('ipv4', '192.168.0.0/24,::1/128'), svc('NodePort'));
    expect(other.stderr).not.toContain('KR0009');
    expect(other.exit).toBe(0);
  });
});

describe('nodeport-ips', () => {
  it('the node addresses inside --nodeport-addresses, each once, in address order', async () => {
    const svc = `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: d}\nspec: {type: NodePort, clusterIP: 10.96.0.50, ports: [{port: 80, nodePort: 30080}]}\n`;
    const r = await runCli(
      ['compile', '--mode', 'nftables', '--hostname-override', 'n', '--node-ip', '192.168.1.2,192.168.0.2,192.168.0.2', '--nodeport-addresses', '192.168.0.0/16,192.168.1.0/24,192.168.0.2/32', '-'],
      svc,
    );
    expect(r.exit).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('add element ip kube-proxy nodeport-ips'))).toEqual([
      'add element ip kube-proxy nodeport-ips { 192.168.0.2 }',
      'add element ip kube-proxy nodeport-ips { 192.168.1.2 }',
    ]);
  });
});
