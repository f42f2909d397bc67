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
