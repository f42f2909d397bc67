// Settings resolution: defaults < KubeProxyConfiguration < flags, and what a Node object adds.
import { describe, expect, it } from 'vitest';
import { checkObjects } from '../../../src/check/index.js';
import { parseFlags, type RawFlags } from '../../../src/cli/flags.js';
import { resolveSettings } from '../../../src/config/resolve/index.js';
import { hasErrors } from '../../../src/diagnostics/diagnostic.js';
import { parseSources } from '../../../src/load/parse.js';
import { buildCluster } from '../../../src/model/build.js';
import { formatIP } from '../../../src/net/ip.js';
import { formatCIDR } from '../../../src/net/cidr.js';
import { at, check } from '../../helpers/check.js';

/** The CLI's flag parsing, then resolution: the diagnostics of both, as a command would see them. */
function resolve(yaml: string, raw: RawFlags) {
  const parsed = parseSources([{ name: 'in.yaml', text: yaml }]);
  const checked = checkObjects(parsed.objects);
  expect([...parsed.diagnostics, ...checked.diagnostics].filter((d) => d.severity === 'error')).toEqual([]);
  const { cluster } = buildCluster(checked.input);
  const flags = parseFlags(raw);
  const r = resolveSettings(flags.flags, checked.input.proxyConfigs[0], cluster);
  const diagnostics = [...flags.diagnostics, ...r.diagnostics];
  return { settings: hasErrors(diagnostics) ? undefined : r.settings, diagnostics };
}

const NODE = `apiVersion: v1
kind: Node
metadata: {name: node-a}
spec: {podCIDRs: [10.244.3.0/24, "fd00:10:244:3::/64"]}
status: {addresses: [{type: InternalIP, address: 192.168.5.5}, {type: InternalIP, address: "2001:db8::5"}, {type: ExternalIP, address: 198.51.100.5}]}
`;
const CONFIG = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
hostnameOverride: node-a
clusterCIDR: 10.99.0.0/16
iptables: {masqueradeBit: 12, masqueradeAll: true}
`;

describe('resolveSettings', () => {
  it('has kube-proxy defaults', () => {
    const { settings } = resolve('', {});
    expect(settings).toMatchObject({
      node: { family: 4, hostname: '', nfacct: false, conntrackTcpBeLiberal: false, nodePorts: { kind: 'all' } },
      iptables: { masqueradeAll: false, masqueradeBit: 14, localhostNodePorts: true, randomFully: true },
    });
    expect(settings!.node.localDetector).toBeUndefined();
    expect(formatIP(settings!.node.nodeIP)).toBe('127.0.0.1');
  });

  // cmd/kube-proxy/app/server.go, detectNodeIPs: each family starts as 127.0.0.1 / ::1, the Node
  // object's IPs replace them, bindAddress replaces the one of its family.
  it('falls back to the loopback address of each family when its node IP is unknown', () => {
    expect(formatIP(resolve('', { ipFamily: 'ipv6' }).settings!.node.nodeIP)).toBe('::1');
    expect(formatIP(resolve('', { nodeIp: '192.168.0.2', ipFamily: 'ipv6' }).settings!.node.nodeIP)).toBe('::1');
    expect(formatIP(resolve('', { nodeIp: '2001:db8::2' }).settings!.node.nodeIP)).toBe('127.0.0.1');
  });

  // server.go turns a lone "primary" into the /32 and /128 of the non-loopback node IPs; a
  // family without one gets no CIDR and so matches every address (nodeport_addresses.go).
  it('--nodeport-addresses primary: the node IP of the family, else every address', () => {
    const known = resolve('', { nodeIp: '192.168.0.2', nodeportAddresses: 'primary' }).settings!;
    expect(known.node.nodePorts.kind === 'addresses' && known.node.nodePorts.ips.map(formatIP)).toEqual(['192.168.0.2']);
    expect(known.iptables.localhostNodePorts).toBe(false);
    const unknown = resolve('', { nodeportAddresses: 'primary' }).settings!;
    expect(unknown.node.nodePorts).toEqual({ kind: 'all' });
    expect(unknown.iptables.localhostNodePorts).toBe(true);
    const otherFamily = resolve('', { nodeIp: '192.168.0.2', nodeportAddresses: 'primary', ipFamily: 'ipv6' }).settings!;
    expect(otherFamily.node.nodePorts).toEqual({ kind: 'all' });
    const loopback = resolve('', { nodeIp: '127.0.0.1', nodeportAddresses: 'primary' }).settings!;
    expect(loopback.node.nodePorts).toEqual({ kind: 'all' });
  });

  // server_linux.go (getLocalDetectors): a family without a pod CIDR gets a no-op detector.
  it('NodeCIDR without a pod CIDR of the family: no detector, with a warning (KR0005)', () => {
    const r = resolve(NODE.replace(', "fd00:10:244:3::/64"', ''), { hostnameOverride: 'node-a', detectLocalMode: 'NodeCIDR', ipFamily: 'ipv6' });
    expect(r.settings).toBeDefined();
    expect(r.settings!.node.localDetector).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: 'KR0005',
        severity: 'warning',
        file: '<command line>',
        message:
          '--detect-local-mode NodeCIDR: the node has no IPv6 pod CIDR (10.244.3.0/24 only), so kube-proxy has no local-traffic detector for IPv6',
      }),
    ]);
    expect(resolve('', { detectLocalMode: 'NodeCIDR', podCidr: '10.244.3.0/24', ipFamily: 'ipv6' }).diagnostics.map((d) => d.code)).toEqual(['KR0005']);
  });

  // pkg/proxy/apis/config/validation: "can't use both 'primary' and CIDRs".
  it('refuses "primary" with CIDRs in a KubeProxyConfiguration (KR0003, at the entry)', () => {
    const t = `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
nodePortAddresses: [10.0.0.0/8, primary]
`;
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0003',
        severity: 'error',
        ...at(t, 'primary'),
        message: "KubeProxyConfiguration: nodePortAddresses[1]: can't use both \"primary\" and CIDRs",
      },
    ]);
  });

  it('takes node IPs and pod CIDRs from the Node named by the hostname', () => {
    const s = resolve(NODE, { hostnameOverride: 'Node-A ', detectLocalMode: 'NodeCIDR' }).settings!;
    expect(s.node.hostname).toBe('node-a');
    expect(formatIP(s.node.nodeIP!)).toBe('192.168.5.5');
    expect(s.node.localDetector).toEqual({ kind: 'cidr', cidr: expect.anything() });
    expect(formatCIDR((s.node.localDetector as { cidr: Parameters<typeof formatCIDR>[0] }).cidr)).toBe('10.244.3.0/24');
    const v6 = resolve(NODE, { hostnameOverride: 'node-a', detectLocalMode: 'NodeCIDR', ipFamily: 'ipv6' }).settings!;
    expect(formatIP(v6.node.nodeIP!)).toBe('2001:db8::5');
    expect(formatCIDR((v6.node.localDetector as { cidr: Parameters<typeof formatCIDR>[0] }).cidr)).toBe('fd00:10:244:3::/64');
  });

  it('lets --node-ip win over the Node object', () => {
    const s = resolve(NODE, { hostnameOverride: 'node-a', nodeIp: '192.168.9.9' }).settings!;
    expect(formatIP(s.node.nodeIP!)).toBe('192.168.9.9');
  });

  it('reads a KubeProxyConfiguration, and flags win over it', () => {
    const fromFile = resolve(CONFIG, {}).settings!;
    expect(fromFile).toMatchObject({ node: { hostname: 'node-a' }, iptables: { masqueradeBit: 12, masqueradeAll: true } });
    expect(formatCIDR((fromFile.node.localDetector as { cidr: Parameters<typeof formatCIDR>[0] }).cidr)).toBe('10.99.0.0/16');
    const overridden = resolve(CONFIG, { clusterCidr: '10.0.0.0/8', masqueradeAll: false, iptablesMasqueradeBit: '3' }).settings!;
    expect(overridden).toMatchObject({ iptables: { masqueradeBit: 3, masqueradeAll: false } });
    expect(formatCIDR((overridden.node.localDetector as { cidr: Parameters<typeof formatCIDR>[0] }).cidr)).toBe('10.0.0.0/8');
  });

  it('turns localhost NodePorts off when --nodeport-addresses has no IPv4 loopback', () => {
    expect(resolve('', { nodeportAddresses: '192.168.0.0/24' }).settings!.iptables.localhostNodePorts).toBe(false);
    expect(resolve('', { nodeportAddresses: '127.0.0.1/32' }).settings!.iptables.localhostNodePorts).toBe(true);
    expect(resolve('', { nodeportAddresses: '2001:db8::/64' }).settings!.iptables.localhostNodePorts).toBe(true); // v4 list empty: all
    // A zero CIDR means every address, whatever else is listed.
    expect(resolve('', { nodeportAddresses: '0.0.0.0/0,192.168.0.0/24' }).settings!.node.nodePorts).toEqual({ kind: 'all' });
  });

  it('lists node addresses inside --nodeport-addresses, loopback included', () => {
    const s = resolve('', { nodeIp: '192.168.0.2,192.168.1.2', nodeportAddresses: '192.168.0.0/24,127.0.0.0/8' }).settings!;
    expect(s.node.nodePorts.kind === 'addresses' && s.node.nodePorts.ips.map(formatIP)).toEqual(['127.0.0.1', '192.168.0.2']);
  });

  it.each([
    [{ clusterCidr: '10.0.0.0/8,10.1.0.0/16' }, '--cluster-cidr: give one CIDR, or one IPv4 and one IPv6 CIDR'],
    [{ detectLocalMode: 'NodeCIDR' }, "--detect-local-mode: NodeCIDR needs the node's pod CIDRs"],
    [{ detectLocalMode: 'BridgeInterface' }, '--pod-bridge-interface: BridgeInterface mode needs a bridge name'],
    [{ iptablesMasqueradeBit: '32' }, '--iptables-masquerade-bit: 32 is not a number between 0 and 31'],
    [{ nodeIp: '10.0.0.300' }, '--node-ip: "10.0.0.300" is not an IP address'],
    [{ nodeportAddresses: 'primary,10.0.0.0/8' }, '--nodeport-addresses: can\'t use both "primary" and CIDRs'],
    [{ nodeportAddresses: '10.0.0.0/8,primary' }, '--nodeport-addresses: can\'t use both "primary" and CIDRs'],
    [{ nodeportAddresses: 'primary,primary' }, '--nodeport-addresses: can\'t use both "primary" and CIDRs'],
  ] as [RawFlags, string][])('rejects %j', (flags, message) => {
    const r = resolve('', flags);
    expect(r.settings).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'KR0001', file: '<command line>' });
    expect(r.diagnostics[0]!.message).toContain(message);
  });
});

describe('resolveSettings, per dataplane', () => {
  it("reads the configuration's nftables section; the masquerade flags win over it", () => {
    const cfg = 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nnftables: {masqueradeBit: 9, masqueradeAll: true}\niptables: {masqueradeBit: 12}\n';
    const fromFile = resolve(cfg, {}).settings!;
    expect(fromFile.nftables).toEqual({ masqueradeAll: true, masqueradeBit: 9, serviceCIDRs: [] });
    expect(fromFile.iptables.masqueradeBit).toBe(12);
    expect(resolve(cfg, { iptablesMasqueradeBit: '3', masqueradeAll: false }).settings!.nftables).toEqual({ masqueradeAll: false, masqueradeBit: 3, serviceCIDRs: [] });
  });

  it('nftables: the service CIDRs of the ServiceCIDR objects, by object name; --service-cidrs wins over them', () => {
    const objs = [
      'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: zz-extra}\nspec: {cidrs: [10.100.0.0/24]}\n',
      'apiVersion: networking.k8s.io/v1\nkind: ServiceCIDR\nmetadata: {name: kubernetes}\nspec: {cidrs: [10.96.0.0/16, "fd00:96::/112"]}\n',
    ].join('---\n');
    const text = (r: ReturnType<typeof resolve>) => r.settings!.nftables.serviceCIDRs.map(formatCIDR);
    expect(text(resolve(objs, {}))).toEqual(['10.96.0.0/16', 'fd00:96::/112', '10.100.0.0/24']);
    expect(text(resolve(objs, { serviceCidrs: '172.30.0.0/16' }))).toEqual(['172.30.0.0/16']);
    expect(text(resolve('', {}))).toEqual([]);
  });

  it("IPVS: kube-proxy's defaults, then the configuration's ipvs section, then the --ipvs-* flags", () => {
    expect(resolve('', {}).settings!.ipvs).toEqual({ scheduler: 'rr', strictARP: false, excludeCIDRs: [], tcpTimeout: 0, tcpFinTimeout: 0, udpTimeout: 0 });
    const cfg =
      'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: ipvs\n' +
      'ipvs: {scheduler: wlc, strictARP: true, excludeCIDRs: [10.96.0.0/12], tcpTimeout: 15m0s, tcpFinTimeout: 1m30.9s, udpTimeout: 0.5s}\n';
    const fromFile = resolve(cfg, {}).settings!.ipvs;
    expect({ ...fromFile, excludeCIDRs: fromFile.excludeCIDRs.map(formatCIDR) }).toEqual({
      scheduler: 'wlc',
      strictARP: true,
      excludeCIDRs: ['10.96.0.0/12'],
      tcpTimeout: 900,
      tcpFinTimeout: 90,
      udpTimeout: 0,
    });
    const flags = resolve(cfg, {
      ipvsScheduler: 'mh',
      ipvsStrictArp: false,
      ipvsExcludeCidrs: '192.168.0.0/16,fd00::/8',
      ipvsTcpTimeout: '2h',
      ipvsTcpfinTimeout: '0',
      ipvsUdpTimeout: '300s',
    }).settings!.ipvs;
    expect({ ...flags, excludeCIDRs: flags.excludeCIDRs.map(formatCIDR) }).toEqual({
      scheduler: 'mh',
      strictARP: false,
      excludeCIDRs: ['192.168.0.0/16', 'fd00::/8'],
      tcpTimeout: 7200,
      tcpFinTimeout: 0,
      udpTimeout: 300,
    });
    // proxier.go: an empty scheduler is rr.
    expect(resolve(cfg, { ipvsScheduler: '' }).settings!.ipvs.scheduler).toBe('rr');
    expect(resolve(cfg.replace('scheduler: wlc', 'scheduler: ""'), {}).settings!.ipvs.scheduler).toBe('rr');
  });

  it.each([
    [{ ipvsScheduler: 'roundrobin' }, '--ipvs-scheduler: "roundrobin" is not one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, mh, fo, ovf, twos'],
    [{ ipvsTcpTimeout: '900' }, '--ipvs-tcp-timeout: "900" is not a duration (such as 900s, 15m or 1h30m)'],
    [{ ipvsTcpfinTimeout: '-1s' }, '--ipvs-tcpfin-timeout: -1s is negative'],
    [{ ipvsUdpTimeout: '745h' }, '--ipvs-udp-timeout: 745h is longer than ipvsadm --set takes (2678400s, 31 days)'],
    [{ ipvsExcludeCidrs: '10.0.0.0/33' }, '--ipvs-exclude-cidrs: "10.0.0.0/33"'],
  ] as [RawFlags, string][])('rejects the IPVS flags %j', (flags, message) => {
    const r = resolve('', flags);
    expect(r.settings).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'KR0001', file: '<command line>' });
    expect(r.diagnostics[0]!.message).toContain(message);
  });

  it("IPVS: the node's addresses, both families: --node-ip's list, then the Node object's InternalIPs and ExternalIPs", () => {
    const fromFlag = resolve('', { nodeIp: '192.168.0.2,2001:db8::2' }).settings!.node;
    expect(fromFlag.addresses.map(formatIP)).toEqual(['192.168.0.2', '2001:db8::2']);
    const fromNode = resolve(NODE, { hostnameOverride: 'node-a' }).settings!.node;
    expect(fromNode.addresses.map(formatIP)).toEqual(['192.168.5.5', '2001:db8::5', '198.51.100.5']);
    const both = resolve(NODE, { hostnameOverride: 'node-a', nodeIp: '10.0.0.9,192.168.5.5' }).settings!.node;
    expect(both.addresses.map(formatIP)).toEqual(['10.0.0.9', '192.168.5.5', '2001:db8::5', '198.51.100.5']);
    expect(resolve('', {}).settings!.node.addresses).toEqual([]);
  });

  it('reports a bad masquerade bit once, though two dataplanes read it', () => {
    const r = resolve('', { iptablesMasqueradeBit: '32' });
    expect(r.settings).toBeUndefined();
    expect(r.diagnostics.map((d) => d.message)).toEqual(['--iptables-masquerade-bit: 32 is not a number between 0 and 31']);
  });
});
