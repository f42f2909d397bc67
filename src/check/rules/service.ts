// A Service's meaning, as the API server checks it, where it changes the rules.
import type { CheckContext } from '../context.js';
import type { ServiceObject } from '../k8s-types.js';
import { dns1123Label, ianaServiceName, portNumber } from '../validators.js';
import { checkMetadata } from './metadata.js';
import { IPVS_SCHEDULER_ANNOTATION, IPVS_SCHEDULER_FLAGS_ANNOTATION } from '../labels.js';
import { isScheduler, NAMED_FLAGS, SCHEDULERS } from '../../ir/ipvs.js';
import type { IPFamily } from '../../net/ip.js';

const familyName = (f: IPFamily) => (f === 4 ? 'IPv4' : 'IPv6');

export function checkService(ctx: CheckContext, svc: ServiceObject): void {
  checkMetadata(ctx, svc.metadata, 'dns1035-label', true);
  checkIpvsAnnotations(ctx, svc.metadata.annotations ?? {});
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (type === 'ExternalName') {
    // Never proxied: its other fields do not reach any rule.
    if (spec.clusterIP && spec.clusterIP !== 'None') {
      ctx.report('KR0319', ['spec', 'clusterIP'], 'clusterIP is set on an ExternalName service; kube-proxy ignores the service');
    }
    return;
  }

  // clusterIP / clusterIPs / ipFamilies. The API server defaults clusterIPs to [clusterIP]
  // before it validates, so a lone clusterIP is checked against ipFamilies too.
  const ipFamilies: IPFamily[] = [];
  const headless = spec.clusterIP === 'None' || spec.clusterIPs?.[0] === 'None';
  const fromClusterIPs = (spec.clusterIPs ?? []).length > 0;
  const ips = fromClusterIPs ? spec.clusterIPs! : spec.clusterIP ? [spec.clusterIP] : [];
  if (fromClusterIPs && spec.clusterIP !== undefined && spec.clusterIP !== '' && spec.clusterIP !== 'None') {
    ctx.ip(['spec', 'clusterIP'], spec.clusterIP);
  }
  if (ips.length > 2) ctx.report('KR0306', ['spec', 'clusterIPs'], 'clusterIPs may hold at most two addresses');
  if (fromClusterIPs && spec.clusterIP !== undefined && spec.clusterIP !== '' && ips[0] !== spec.clusterIP) {
    ctx.report('KR0306', ['spec', 'clusterIPs', 0], `clusterIPs[0] ${ips[0]} must equal clusterIP ${spec.clusterIP}`);
  }
  if (!headless) {
    ips.forEach((text, i) => {
      const path = fromClusterIPs ? ['spec', 'clusterIPs', i] : ['spec', 'clusterIP'];
      if (text === 'None') {
        ctx.report('KR0306', path, 'only the first clusterIPs entry may be None');
        return;
      }
      const ip = ctx.ip(path, text);
      if (ip) ipFamilies.push(ip.family);
    });
    if (ipFamilies.length === 2 && ipFamilies[0] === ipFamilies[1]) {
      ctx.report('KR0306', ['spec', 'clusterIPs', 1], 'clusterIPs must hold one IPv4 and one IPv6 address');
    }
    const declared = spec.ipFamilies ?? [];
    if (declared.length === 2 && declared[0] === declared[1]) {
      ctx.report('KR0306', ['spec', 'ipFamilies', 1], 'ipFamilies must not repeat a family');
    }
    if (declared.length > 0 && ipFamilies.length > declared.length) {
      ctx.report(
        'KR0306',
        ['spec', 'ipFamilies'],
        `ipFamilies lists ${declared.length} ${declared.length === 1 ? 'family' : 'families'} but clusterIPs holds ${ipFamilies.length} addresses`,
      );
    }
    ipFamilies.forEach((f, i) => {
      const d = declared[i];
      if (d !== undefined && d !== familyName(f)) {
        const what = fromClusterIPs ? `clusterIPs[${i}]` : 'clusterIP';
        ctx.report('KR0306', ['spec', 'ipFamilies', i], `ipFamilies[${i}] is ${d} but ${what} is an ${familyName(f)} address`);
      }
    });
  }

  // ports
  const ports = spec.ports ?? [];
  const uniqueName = ctx.unique((name, first) => `port name ${name} is also used by spec.ports[${first}]`);
  const uniquePort = ctx.unique((key, first) => `port ${key} is also used by spec.ports[${first}]`);
  const uniqueNodePort = ctx.unique((key, first) => `nodePort ${key} is also used by spec.ports[${first}]`);
  ports.forEach((p, i) => {
    const at = ['spec', 'ports', i];
    const name = p.name ?? '';
    if (ports.length > 1 && name === '') {
      ctx.report('KR0309', [...at], `spec.ports[${i}] needs a name: a service with several ports must name each one`);
    }
    if (name !== '') {
      const e = dns1123Label(name);
      if (e) ctx.report('KR0309', [...at, 'name'], `port name ${JSON.stringify(name)} ${e}`);
      uniqueName(name, i, [...at, 'name']);
    }
    const proto = p.protocol ?? 'TCP';
    const pe = portNumber(p.port);
    if (pe) ctx.report('KR0307', [...at, 'port'], `port ${ctx.num([...at, 'port'], p.port)} ${pe}`);
    uniquePort(`${p.port}/${proto}`, i, [...at, 'port']);
    // The API server defaults targetPort 0 and "" to the port itself.
    if (typeof p.targetPort === 'number' && p.targetPort !== 0) {
      const te = portNumber(p.targetPort);
      if (te) ctx.report('KR0307', [...at, 'targetPort'], `targetPort ${ctx.num([...at, 'targetPort'], p.targetPort)} ${te}`);
    } else if (typeof p.targetPort === 'string' && p.targetPort !== '') {
      const te = ianaServiceName(p.targetPort);
      if (te) ctx.report('KR0309', [...at, 'targetPort'], `targetPort ${JSON.stringify(p.targetPort)} ${te}`);
    }
    if (p.nodePort !== undefined && p.nodePort !== 0) {
      const ne = portNumber(p.nodePort);
      if (ne) {
        ctx.report('KR0307', [...at, 'nodePort'], `nodePort ${ctx.num([...at, 'nodePort'], p.nodePort)} ${ne}`);
      } else {
        if (p.nodePort < 30000 || p.nodePort > 32767) {
          ctx.report('KR0315', [...at, 'nodePort'], `nodePort ${p.nodePort} is outside 30000-32767; kube-proxy still programs it`);
        }
        if (type === 'ClusterIP') {
          ctx.report('KR0319', [...at, 'nodePort'], 'nodePort is set on a ClusterIP service; kube-proxy programs it anyway', 'use type: NodePort');
        }
        uniqueNodePort(`${p.nodePort}/${proto}`, i, [...at, 'nodePort']);
      }
    }
  });

  // kube-proxy sorts externalIPs and load-balancer IPs into families with ParseIPSloppy and Go's
  // To4() (pkg/proxy/util MapIPsByIPFamily, GetIPFamilyFromIP), so an IPv4-mapped IPv6 address
  // there is IPv4. (Cluster IPs and CIDRs still refuse it: KR0317.)
  (spec.externalIPs ?? []).forEach((t, i) => ctx.ip(['spec', 'externalIPs', i], t, { special: true, mappedIsIPv4: true }));
  (spec.loadBalancerSourceRanges ?? []).forEach((t, i) => ctx.cidr(['spec', 'loadBalancerSourceRanges', i], t.trim()));
  (svc.status?.loadBalancer?.ingress ?? []).forEach((ing, i) => {
    if (ing.ip !== undefined && ing.ip !== '') ctx.ip(['status', 'loadBalancer', 'ingress', i, 'ip'], ing.ip, { mappedIsIPv4: true });
  });

  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t !== undefined && t !== null && (t < 1 || t > 86400)) {
      ctx.report('KR0310', ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], `timeoutSeconds ${ctx.num(['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'], t)} must be between 1 and 86400`);
    }
  }
  if (spec.healthCheckNodePort !== undefined && spec.healthCheckNodePort !== 0) {
    const e = portNumber(spec.healthCheckNodePort);
    if (e) ctx.report('KR0307', ['spec', 'healthCheckNodePort'], `healthCheckNodePort ${ctx.num(['spec', 'healthCheckNodePort'], spec.healthCheckNodePort)} ${e}`);
  }
  if (spec.externalTrafficPolicy === 'Local' && type === 'ClusterIP' && (spec.externalIPs ?? []).length === 0) {
    ctx.report('KR0319', ['spec', 'externalTrafficPolicy'], 'externalTrafficPolicy has no effect on a ClusterIP service without externalIPs');
  }
}

/**
 * kube-rulec's IPVS scheduler annotations (our extension; README "IPVS mode"): a scheduler the
 * kernel has, and flags of that scheduler, given only together with it.
 */
function checkIpvsAnnotations(ctx: CheckContext, annotations: Record<string, string>): void {
  const at = (key: string) => ['metadata', 'annotations', key];
  const scheduler = annotations[IPVS_SCHEDULER_ANNOTATION];
  const flags = annotations[IPVS_SCHEDULER_FLAGS_ANNOTATION];
  if (scheduler !== undefined && !isScheduler(scheduler)) {
    ctx.report('KR0322', at(IPVS_SCHEDULER_ANNOTATION), `annotation ${IPVS_SCHEDULER_ANNOTATION}: ${JSON.stringify(scheduler)} is not an IPVS scheduler`, `use one of ${SCHEDULERS.join(', ')}`);
    return;
  }
  if (flags === undefined) return;
  if (scheduler === undefined) {
    ctx.report('KR0322', at(IPVS_SCHEDULER_FLAGS_ANNOTATION), `annotation ${IPVS_SCHEDULER_FLAGS_ANNOTATION} needs ${IPVS_SCHEDULER_ANNOTATION} on the same Service`, 'name the scheduler the flags belong to');
    return;
  }
  if (flags === '') return; // explicitly none (for mh: not even kube-proxy's mh-port)
  const allowed = NAMED_FLAGS[scheduler] ?? [];
  const seen = new Set<string>();
  for (const f of flags.split(',')) {
    const why = !allowed.includes(f as never)
      ? allowed.length === 0
        ? `scheduler ${scheduler} takes no flags`
        : `${JSON.stringify(f)} is not a flag of scheduler ${scheduler} (${allowed.join(', ')})`
      : seen.has(f)
        ? `${f} is given twice`
        : undefined;
    if (why) {
      ctx.report('KR0322', at(IPVS_SCHEDULER_FLAGS_ANNOTATION), `annotation ${IPVS_SCHEDULER_FLAGS_ANNOTATION}: ${why}`, allowed.length > 0 ? `a comma-separated list of ${allowed.join(', ')}` : undefined);
      return;
    }
    seen.add(f);
  }
}
