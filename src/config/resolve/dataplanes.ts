// The settings of each dataplane: kube-proxy's `iptables`, `ipvs` and `nftables` sections, and
// policy mode's own flags.
import { parseCIDR, type CIDR } from '../../net/cidr.js';
import { isScheduler } from '../../ir/ipvs.js';
import { parseGoDuration, wholeSeconds } from '../../check/duration.js';
import type { IptablesSettings, IpvsSettings, NftablesSettings, PolicySettings } from '../settings.js';
import type { Config, Flags, Resolver } from './resolver.js';

export const DEFAULT_MASQUERADE_BIT = 14;

export function resolveIptables(flags: Flags, cfg: Config, containsIPv4Loopback: boolean): IptablesSettings {
  return {
    masqueradeAll: flags.masqueradeAll ?? cfg.iptables?.masqueradeAll ?? false,
    masqueradeBit: flags.iptablesMasqueradeBit ?? cfg.iptables?.masqueradeBit ?? DEFAULT_MASQUERADE_BIT,
    // Localhost NodePorts only where the NodePort addresses include IPv4 loopback.
    localhostNodePorts: containsIPv4Loopback && (flags.iptablesLocalhostNodeports ?? cfg.iptables?.localhostNodePorts ?? true),
    randomFully: flags.randomFully ?? true,
  };
}

/**
 * The configuration's values were checked where they are written (check/rules/kubeproxyconfig.ts),
 * the flags' by the CLI: both parse here.
 */
export function resolveIpvs(flags: Flags, cfg: Config): IpvsSettings {
  const seconds = (flag: number | undefined, text: string | undefined) => flag ?? wholeSeconds(parseGoDuration(text ?? '0') ?? 0);
  const scheduler = cfg.ipvs?.scheduler;
  return {
    // proxier.go NewProxier: an empty scheduler is rr.
    scheduler: flags.ipvsScheduler ?? (scheduler && isScheduler(scheduler) ? scheduler : 'rr'),
    strictARP: flags.ipvsStrictArp ?? cfg.ipvs?.strictARP ?? false,
    excludeCIDRs: flags.ipvsExcludeCidrs ?? (cfg.ipvs?.excludeCIDRs ?? []).map((c) => parseCIDR(c)!.cidr),
    tcpTimeout: seconds(flags.ipvsTcpTimeout, cfg.ipvs?.tcpTimeout),
    tcpFinTimeout: seconds(flags.ipvsTcpfinTimeout, cfg.ipvs?.tcpFinTimeout),
    udpTimeout: seconds(flags.ipvsUdpTimeout, cfg.ipvs?.udpTimeout),
  };
}

/** The masquerade flags are kube-proxy's for every mode (--masquerade-all, --iptables-masquerade-bit). */
export function resolveNftables(flags: Flags, cfg: Config, serviceCIDRs: readonly CIDR[]): NftablesSettings {
  return {
    // The flag wins over the input's ServiceCIDR objects (OnServiceCIDRsChanged).
    serviceCIDRs: flags.serviceCidrs ?? [...serviceCIDRs],
    masqueradeAll: flags.masqueradeAll ?? cfg.nftables?.masqueradeAll ?? false,
    masqueradeBit: flags.iptablesMasqueradeBit ?? cfg.nftables?.masqueradeBit ?? DEFAULT_MASQUERADE_BIT,
  };
}

export function resolvePolicy(r: Resolver, flags: Flags, masqueradeBit: number): PolicySettings {
  let markBit = flags.policyMarkBit ?? 16;
  if (markBit === masqueradeBit) {
    r.flagError('policy-mark-bit', `bit ${markBit} is kube-proxy's masquerade bit`);
    markBit = 16;
  }
  return { ipset: flags.ipset ?? false, markBit, deny: flags.policyDeny ?? 'REJECT' };
}
