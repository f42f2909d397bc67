// NetworkPolicy: ports, peers, ipBlocks and label selectors.
import type { CheckContext } from '../context.js';
import type { LabelSelectorSpec, NetworkPolicyObject, PolicyPeerSpec, PolicyPortSpec } from '../k8s-types.js';
import { ianaServiceName, labelValue, portNumber, qualifiedName } from '../validators.js';
import { cidrWithin } from '../../net/cidr.js';
import { checkLabels, checkMetadata } from './metadata.js';

type Path = (string | number)[];

export function checkNetworkPolicy(ctx: CheckContext, np: NetworkPolicyObject): void {
  checkMetadata(ctx, np.metadata, 'dns1123-subdomain', true);
  checkSelector(ctx, ['spec', 'podSelector'], np.spec.podSelector);
  (np.spec.ingress ?? []).forEach((r, i) => {
    (r.from ?? []).forEach((p, j) => checkPeer(ctx, ['spec', 'ingress', i, 'from', j], p));
    (r.ports ?? []).forEach((p, j) => checkPort(ctx, ['spec', 'ingress', i, 'ports', j], p));
  });
  (np.spec.egress ?? []).forEach((r, i) => {
    (r.to ?? []).forEach((p, j) => checkPeer(ctx, ['spec', 'egress', i, 'to', j], p));
    (r.ports ?? []).forEach((p, j) => checkPort(ctx, ['spec', 'egress', i, 'ports', j], p));
  });
}

function checkPeer(ctx: CheckContext, at: Path, peer: PolicyPeerSpec): void {
  const hasSelector = !!peer.podSelector || !!peer.namespaceSelector;
  if (peer.ipBlock && hasSelector) {
    ctx.report('KR0314', at, 'a peer may not combine ipBlock with podSelector or namespaceSelector', 'write them as two peers');
  }
  if (!peer.ipBlock && !hasSelector) {
    ctx.report('KR0314', at, 'a peer must set podSelector, namespaceSelector or ipBlock');
  }
  if (peer.podSelector) checkSelector(ctx, [...at, 'podSelector'], peer.podSelector);
  if (peer.namespaceSelector) checkSelector(ctx, [...at, 'namespaceSelector'], peer.namespaceSelector);
  if (peer.ipBlock) {
    const cidr = ctx.cidr([...at, 'ipBlock', 'cidr'], peer.ipBlock.cidr);
    (peer.ipBlock.except ?? []).forEach((e, k) => {
      const ex = ctx.cidr([...at, 'ipBlock', 'except', k], e);
      if (cidr && ex && (!cidrWithin(ex, cidr) || ex.prefix === cidr.prefix)) {
        ctx.report('KR0313', [...at, 'ipBlock', 'except', k], `except ${e} must be strictly inside cidr ${peer.ipBlock!.cidr}`);
      }
    });
  }
}

function checkPort(ctx: CheckContext, at: Path, p: PolicyPortSpec): void {
  if (typeof p.port === 'number') {
    const e = portNumber(p.port);
    if (e) ctx.report('KR0307', [...at, 'port'], `port ${ctx.num([...at, 'port'], p.port)} ${e}`);
  } else if (typeof p.port === 'string') {
    const e = ianaServiceName(p.port);
    if (e) ctx.report('KR0309', [...at, 'port'], `port name ${JSON.stringify(p.port)} ${e}`);
  }
  if (p.endPort !== undefined) {
    if (typeof p.port !== 'number') {
      ctx.report('KR0312', [...at, 'endPort'], 'endPort may only be used with a numeric port');
    } else if (p.endPort < p.port || p.endPort > 65535) {
      ctx.report('KR0312', [...at, 'endPort'], `endPort ${ctx.num([...at, 'endPort'], p.endPort)} must be between port ${ctx.num([...at, 'port'], p.port)} and 65535`);
    }
  }
}

function checkSelector(ctx: CheckContext, at: Path, sel: LabelSelectorSpec): void {
  checkLabels(ctx, [...at, 'matchLabels'], sel.matchLabels);
  (sel.matchExpressions ?? []).forEach((x, i) => {
    const xat = [...at, 'matchExpressions', i];
    const ke = qualifiedName(x.key);
    if (ke) ctx.report('KR0302', [...xat, 'key'], `selector key ${JSON.stringify(x.key)}: ${ke}`);
    const values = x.values ?? [];
    if ((x.operator === 'In' || x.operator === 'NotIn') && values.length === 0) {
      ctx.report('KR0318', [...xat, 'values'], `operator ${x.operator} needs at least one value`);
    }
    if ((x.operator === 'Exists' || x.operator === 'DoesNotExist') && values.length > 0) {
      ctx.report('KR0318', [...xat, 'values'], `operator ${x.operator} takes no values`);
    }
    values.forEach((v, j) => {
      const e = labelValue(v);
      if (e) ctx.report('KR0302', [...xat, 'values', j], `selector value ${JSON.stringify(v)} ${e}`);
    });
  });
}
