// src/check/rules/kubeproxyconfig.ts: the KubeProxyConfiguration values that reach the rules.
import { describe, expect, it } from 'vitest';
import { at, check } from '../../helpers/check.js';

const config = (body: string) => `apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
${body}`;

const K = 'KubeProxyConfiguration: ';

describe('KubeProxyConfiguration', () => {
  it('accepts a full, valid configuration', () => {
    const t = config(`mode: iptables
bindAddress: 0.0.0.0
clusterCIDR: 10.244.0.0/16,fd00:10:244::/56
hostnameOverride: Node-A.example.com
detectLocalMode: InterfaceNamePrefix
detectLocal: {bridgeInterface: cbr0, interfaceNamePrefix: veth}
nodePortAddresses: [primary]
featureGates: {NFTablesProxyMode: true}
iptables: {masqueradeAll: false, masqueradeBit: 31, localhostNodePorts: true, syncPeriod: 30s}
nftables: {masqueradeBit: 0}
ipvs: {scheduler: rr, excludeCIDRs: [10.96.0.0/12], strictARP: true}
conntrack: {tcpBeLiberal: false}
`);
    const r = check(t);
    expect(r.diagnostics).toEqual([]);
    expect(r.input.proxyConfigs).toHaveLength(1);
  });

  it('checks each part of a dual-stack clusterCIDR (KR0304, at the field)', () => {
    const t = config('clusterCIDR: 10.244.0.0/16,fd00:10:244::/56x\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0304', severity: 'error', ...at(t, '10.244.0.0/16'), message: `${K}clusterCIDR: "fd00:10:244::/56x" is not a valid CIDR` },
    ]);
  });

  // BUG: kube-proxy's config validation accepts one CIDR or exactly two of different families
  // ("only one CIDR allowed or a valid DualStack CIDR"); kube-rulec accepts any number of any
  // family, and local-traffic detection then silently uses only one of them.
  it('rejects a clusterCIDR with two IPv4 CIDRs, as kube-proxy does', () => {
    const t = config('clusterCIDR: 10.244.0.0/16,10.245.0.0/16\n');
    const ds = check(t).diagnostics;
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'error', ...at(t, '10.244.0.0/16') });
    expect(['KR0003', 'KR0304']).toContain(ds[0]!.code);
  });

  it('rejects an invalid bindAddress (KR0303)', () => {
    const t = config('bindAddress: 0.0.0.0.0\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0303', severity: 'error', ...at(t, '0.0.0.0.0'), message: `${K}bindAddress: "0.0.0.0.0" is not a valid IP address` },
    ]);
  });

  it('lower-cases hostnameOverride as kube-proxy does, and rejects what is still not a subdomain (KR0003)', () => {
    const t = config('hostnameOverride: Node_A\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0003',
        severity: 'error',
        ...at(t, 'Node_A'),
        message: `${K}hostnameOverride "Node_A" must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
      },
    ]);
    expect(check(config('hostnameOverride: NODE-A\n')).diagnostics).toEqual([]);
  });

  it('rejects masqueradeBit outside 0-31 for iptables and nftables (KR0003)', () => {
    const t = config('iptables: {masqueradeBit: 32}\nnftables: {masqueradeBit: -1}\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0003', severity: 'error', ...at(t, '32'), message: `${K}masqueradeBit 32 must be between 0 and 31` },
      { code: 'KR0003', severity: 'error', ...at(t, '-1'), message: `${K}masqueradeBit -1 must be between 0 and 31` },
    ]);
  });

  it('rejects interface names that could leave a rule or exceed IFNAMSIZ (KR0003)', () => {
    const t = config('detectLocal:\n  bridgeInterface: "cbr0 -j ACCEPT"\n  interfaceNamePrefix: veth-very-long-name\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0003',
        severity: 'error',
        ...at(t, '"cbr0 -j ACCEPT"'),
        message: `${K}bridgeInterface "cbr0 -j ACCEPT" may contain only letters, digits and '_', '.', ':', '@', '-'`,
      },
      { code: 'KR0003', severity: 'error', ...at(t, 'veth-very-long-name'), message: `${K}interfaceNamePrefix "veth-very-long-name" must be 1 to 15 characters` },
    ]);
  });

  it('wants CIDRs (or "primary" alone) in nodePortAddresses, and warns on host bits in excludeCIDRs', () => {
    const t = config('nodePortAddresses: ["fd00:1::/64", 192.168.1.10]\nipvs: {excludeCIDRs: [10.0.0.1/8]}\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0304', severity: 'error', ...at(t, '192.168.1.10'), message: `${K}nodePortAddresses[1]: "192.168.1.10" is not a valid CIDR` },
      {
        code: 'KR0316',
        severity: 'warning',
        ...at(t, '10.0.0.1/8'),
        message: `${K}ipvs.excludeCIDRs[0]: 10.0.0.1/8 has host bits set; the network 10.0.0.0/8 is used`,
      },
    ]);
  });

  it('rejects an unknown IPVS scheduler (KR0003, at the value); "" is rr', () => {
    const t = config('ipvs:\n  scheduler: wrrr\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0003',
        severity: 'error',
        ...at(t, 'wrrr'),
        message: `${K}ipvs.scheduler "wrrr" is not one of rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, mh, fo, ovf, twos`,
      },
    ]);
    expect(check(config('ipvs: {scheduler: ""}\n')).diagnostics).toEqual([]);
    expect(check(config('ipvs: {scheduler: twos}\n')).diagnostics).toEqual([]);
  });

  it('checks each IPVS timeout as a Go duration kube-rulec can program (KR0003, at the value)', () => {
    const t = config('ipvs:\n  tcpTimeout: 15m0s\n  tcpFinTimeout: "90"\n  udpTimeout: -5s\n');
    expect(check(t).diagnostics).toEqual([
      { code: 'KR0003', severity: 'error', ...at(t, '"90"'), message: `${K}ipvs.tcpFinTimeout: "90" is not a duration (such as 900s, 15m or 1h30m)` },
      { code: 'KR0003', severity: 'error', ...at(t, '-5s'), message: `${K}ipvs.udpTimeout: -5s is negative` },
    ]);
    const long = config('ipvs: {udpTimeout: 745h}\n');
    expect(check(long).diagnostics).toEqual([
      { code: 'KR0003', severity: 'error', ...at(long, '745h'), message: `${K}ipvs.udpTimeout: 745h is longer than ipvsadm --set takes (2678400s, 31 days)` },
    ]);
  });

  it('rejects an unknown mode in the schema (KR0203)', () => {
    const t = config('mode: ebpf\n');
    expect(check(t).diagnostics).toEqual([
      {
        code: 'KR0203',
        severity: 'error',
        ...at(t, 'ebpf'),
        message: `${K}mode is "ebpf"; allowed: "", "iptables", "ipvs", "nftables", "kernelspace", "userspace"`,
      },
    ]);
  });

  it('rejects masqueradeAll: on (KR0202): YAML 1.2 keeps `on` a string, not a boolean', () => {
    const t = config('iptables: {masqueradeAll: on}\n');
    const ds = check(t).diagnostics;
    // toContainEqual: the schema also adds a spurious "must be a null" error (see schema.test.ts).
    expect(ds).toContainEqual({
      code: 'KR0202',
      severity: 'error',
      ...at(t, 'on}'),
      message: `${K}iptables.masqueradeAll must be a boolean, not the string "on"`,
    });
  });
});
