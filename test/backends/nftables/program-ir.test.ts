// backends/nftables/program on the program itself: what no text shows (rule origins, which
// rules and elements carry a comment at all), and the elements of one key given twice.
import { describe, expect, it } from 'vitest';
import { parseCompileArgs } from '../../../src/cli/compile.js';
import { parseFlags } from '../../../src/cli/flags.js';
import type { NftMap, NftTable } from '../../../src/ir/nftables.js';
import { part } from '../../../src/ir/program.js';
import { compileProgram } from '../../../src/pipeline/compile.js';
import { runCli } from '../../helpers/run.js';

const SLICE = `---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: x, namespace: d, labels: {kubernetes.io/service-name: s}}\naddressType: IPv4\nendpoints: [{addresses: [10.0.0.1], nodeName: node-a}]\nports: [{name: http, port: 8080}]\n`;
const svc = (spec: string, status = '') => `apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: d}\nspec: {clusterIP: 10.96.0.50, ports: [{name: http, port: 80}], ${spec}}\n${status}${SLICE}`;

function table(input: string, ...flags: string[]): NftTable {
  const args = parseCompileArgs(['--mode', 'nftables', '--hostname-override', 'node-a', '--cluster-cidr', '10.0.0.0/8', ...flags, '-']);
  const { program } = compileProgram({ paths: args.paths, configPath: args.configPath, stdin: { text: input }, cwd: '/' }, parseFlags(args.flags).flags);
  return part(program, 'nftables')!.table;
}

describe('nftables program: origins and comments', () => {
  it('service chains carry the service port, endpoint chains the endpoint; fixed chains nothing', () => {
    const t = table(svc('sessionAffinity: ClientIP'));
    const sp = { kind: 'service-port', namespace: 'd', name: 's', port: 'http', protocol: 'tcp' };
    const of = (prefix: string) => t.chains.filter((c) => c.name.startsWith(prefix) && c.name.includes('/')).flatMap((c) => c.rules.map((r) => r.origin));
    expect(of('service-')).toEqual([sp, sp, sp]);
    expect(of('endpoint-')).toEqual([{ ...sp, kind: 'endpoint', endpoint: '10.0.0.1:8080' }, { ...sp, kind: 'endpoint', endpoint: '10.0.0.1:8080' }, { ...sp, kind: 'endpoint', endpoint: '10.0.0.1:8080' }]);
    const fixed = t.chains.filter((c) => !c.name.includes('/')).flatMap((c) => c.rules);
    expect(fixed.length).toBeGreaterThan(20);
    expect(fixed.filter((r) => 'origin' in r)).toEqual([]);
    // Only the two cluster-ips-check rules have a comment; the others have no comment key at all.
    expect(fixed.filter((r) => 'comment' in r).map((r) => r.comment)).toEqual(['Reject traffic to invalid ports of ClusterIPs']);
    const ips = t.containers.find((c) => c.name === 'service-ips') as NftMap;
    expect(ips.elements.map((e) => 'comment' in e)).toEqual([false]);
  });

  it('an address that is both an external IP and a load balancer address is one element', () => {
    const t = table(svc('type: LoadBalancer, allocateLoadBalancerNodePorts: false, externalIPs: [192.0.2.9]', 'status: {loadBalancer: {ingress: [{ip: 192.0.2.9}]}}\n'));
    const ips = t.containers.find((c) => c.name === 'service-ips') as NftMap;
    expect(ips.elements.map((e) => e.key.map((k) => (k.kind === 'ip' ? [...k.ip.bytes].join('.') : k.kind === 'port' ? k.port : k.kind === 'protocol' ? k.protocol : '?')))).toEqual([
      ['10.96.0.50', 'tcp', 80],
      ['192.0.2.9', 'tcp', 80],
    ]);
  });

  it('a load balancer with source ranges but no address yet has no firewall chain', async () => {
    const r = await runCli(['compile', '--mode', 'nftables', '--hostname-override', 'node-a', '-'], svc('type: LoadBalancer, allocateLoadBalancerNodePorts: false, loadBalancerSourceRanges: [203.0.113.0/24]'));
    expect(r.exit).toBe(0);
    expect(r.stdout).not.toMatch(/firewall-[A-Z2-7]{8}-/);
    expect(r.stdout).toContain('add chain ip kube-proxy firewall-check\n');
  });
});
