// KubeProxyConfiguration values that reach the rules.
import type { CheckContext } from '../context.js';
import type { KubeProxyConfigurationObject } from '../k8s-types.js';
import { dns1123Subdomain, interfaceName } from '../validators.js';
import { ipvsTimeoutError } from '../duration.js';
import { isScheduler, SCHEDULERS } from '../../ir/ipvs.js';

export function checkKubeProxyConfiguration(ctx: CheckContext, c: KubeProxyConfigurationObject): void {
  if (c.clusterCIDR) {
    // One CIDR, or two of different families (dual-stack), as kube-proxy's validation allows.
    const cidrs = c.clusterCIDR.split(',').map((part) => ctx.cidr(['clusterCIDR'], part.trim()));
    if (cidrs.length > 2 || (cidrs.length === 2 && cidrs[0] && cidrs[1] && cidrs[0].family === cidrs[1].family)) {
      ctx.report('KR0003', ['clusterCIDR'], `clusterCIDR ${JSON.stringify(c.clusterCIDR)} must be one CIDR, or one IPv4 and one IPv6 CIDR`);
    }
  }
  if (c.bindAddress) ctx.ip(['bindAddress'], c.bindAddress);
  if (c.hostnameOverride) {
    const e = dns1123Subdomain(c.hostnameOverride.trim().toLowerCase());
    if (e) ctx.report('KR0003', ['hostnameOverride'], `hostnameOverride ${JSON.stringify(c.hostnameOverride)} ${e}`);
  }
  // "primary" only alone; like validation.go (validateKubeProxyNodePortAddress), report the first.
  const npa = c.nodePortAddresses ?? [];
  const firstPrimary = npa.indexOf('primary');
  if (firstPrimary >= 0 && npa.length !== 1) {
    ctx.report('KR0003', ['nodePortAddresses', firstPrimary], `nodePortAddresses[${firstPrimary}]: can't use both "primary" and CIDRs`);
  }
  npa.forEach((a, i) => {
    if (a !== 'primary') ctx.cidr(['nodePortAddresses', i], a);
  });
  for (const table of ['iptables', 'nftables'] as const) {
    const bit = c[table]?.masqueradeBit;
    if (bit !== undefined && bit !== null && (bit < 0 || bit > 31)) {
      ctx.report('KR0003', [table, 'masqueradeBit'], `masqueradeBit ${ctx.num([table, 'masqueradeBit'], bit)} must be between 0 and 31`);
    }
  }
  for (const f of ['bridgeInterface', 'interfaceNamePrefix'] as const) {
    const v = c.detectLocal?.[f];
    if (v) {
      const e = interfaceName(v);
      if (e) ctx.report('KR0003', ['detectLocal', f], `${f} ${JSON.stringify(v)} ${e}`);
    }
  }
  (c.ipvs?.excludeCIDRs ?? []).forEach((x, i) => ctx.cidr(['ipvs', 'excludeCIDRs', i], x));
  const scheduler = c.ipvs?.scheduler;
  if (scheduler !== undefined && scheduler !== '' && !isScheduler(scheduler)) {
    ctx.report('KR0003', ['ipvs', 'scheduler'], `ipvs.scheduler ${JSON.stringify(scheduler)} is not one of ${SCHEDULERS.join(', ')}`);
  }
  for (const f of ['tcpTimeout', 'tcpFinTimeout', 'udpTimeout'] as const) {
    const v = c.ipvs?.[f];
    const e = v === undefined ? undefined : ipvsTimeoutError(v);
    if (e) ctx.report('KR0003', ['ipvs', f], `ipvs.${f}: ${e}`);
  }
}
