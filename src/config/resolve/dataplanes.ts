// The settings of each dataplane: kube-proxy's `iptables`, `ipvs` and `nftables` sections, and
// policy mode's own flags.
import { parseCIDR } from '../../net/cidr.js';
import type { IptablesSettings, IpvsSettings, NftablesSettings, PolicySettings } from '../settings.js';
import type { Config, Flags, Resolver } from './resolver.js';

export const DEFAULT_MASQUERADE_BIT = 14;

/** The masquerade flags, read once: iptables and nftables settings both take them. */
export interface MasqueradeFlags {
  all: boolean | undefined;
  bit: number | undefined;
}

export function masqueradeFlags(r: Resolver, flags: Flags): MasqueradeFlags {
  return {
    all: r.bool('masquerade-all', flags.masqueradeAll),
    bit: flags.iptablesMasqueradeBit !== undefined ? r.bit('iptables-masquerade-bit', flags.iptablesMasqueradeBit) : undefined,
  };
}

export function resolveIptables(r: Resolver, flags: Flags, cfg: Config, masq: MasqueradeFlags, containsIPv4Loopback: boolean): IptablesSettings {
  const localhost = r.bool('iptables-localhost-nodeports', flags.iptablesLocalhostNodeports) ?? cfg.iptables?.localhostNodePorts ?? true;
  return {
    masqueradeAll: masq.all ?? cfg.iptables?.masqueradeAll ?? false,
    masqueradeBit: masq.bit ?? cfg.iptables?.masqueradeBit ?? DEFAULT_MASQUERADE_BIT,
    // Localhost NodePorts only where the NodePort addresses include IPv4 loopback.
    localhostNodePorts: containsIPv4Loopback && localhost,
    randomFully: flags.randomFully ?? true,
  };
}

export function resolveIpvs(r: Resolver, flags: Flags, cfg: Config): IpvsSettings {
  return {
    scheduler: flags.ipvsScheduler ?? cfg.ipvs?.scheduler ?? 'rr',
    strictARP: r.bool('ipvs-strict-arp', flags.ipvsStrictArp) ?? cfg.ipvs?.strictARP ?? false,
    excludeCIDRs: (cfg.ipvs?.excludeCIDRs ?? []).map((c) => parseCIDR(c)!.cidr),
    tcpTimeout: cfg.ipvs?.tcpTimeout ?? '0s',
    tcpFinTimeout: cfg.ipvs?.tcpFinTimeout ?? '0s',
    udpTimeout: cfg.ipvs?.udpTimeout ?? '0s',
  };
}

export function resolveNftables(cfg: Config, masq: MasqueradeFlags): NftablesSettings {
  return {
    masqueradeAll: masq.all ?? cfg.nftables?.masqueradeAll ?? false,
    masqueradeBit: masq.bit ?? cfg.nftables?.masqueradeBit ?? DEFAULT_MASQUERADE_BIT,
  };
}

export function resolvePolicy(r: Resolver, flags: Flags, masqueradeBit: number): PolicySettings | undefined {
  let markBit = 16;
  if (flags.policyMarkBit !== undefined) {
    const n = r.bit('policy-mark-bit', flags.policyMarkBit);
    if (n === masqueradeBit) r.flagError('policy-mark-bit', `bit ${n} is kube-proxy's masquerade bit`);
    else if (n !== undefined) markBit = n;
  }
  const deny = flags.policyDeny === undefined ? 'REJECT' : r.oneOf('policy-deny', flags.policyDeny, ['REJECT', 'DROP'] as const);
  return deny ? { ipset: flags.ipset ?? false, markBit, deny } : undefined;
}
