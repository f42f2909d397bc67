// Pods, Namespaces and Nodes: the facts policy chains and node settings need.
import type { CheckContext } from '../context.js';
import type { NamespaceObject, NodeObject, PodObject, ServiceCIDRObject } from '../k8s-types.js';
import { dns1123Subdomain, ianaServiceName, portNumber } from '../validators.js';
import { checkMetadata } from './metadata.js';

export function checkPod(ctx: CheckContext, pod: PodObject): void {
  checkMetadata(ctx, pod.metadata, 'dns1123-subdomain', true);
  const spec = pod.spec ?? {};
  if (spec.nodeName) {
    const e = dns1123Subdomain(spec.nodeName);
    if (e) ctx.report('KR0301', ['spec', 'nodeName'], `nodeName ${JSON.stringify(spec.nodeName)} ${e}`);
  }
  for (const list of ['containers', 'initContainers'] as const) {
    (spec[list] ?? []).forEach((c, i) => {
      const uniqueName = ctx.unique((name, first) => `port name ${name} is also used by ${list}[${i}].ports[${first}]`);
      (c.ports ?? []).forEach((p, j) => {
        const at = ['spec', list, i, 'ports', j];
        const e = portNumber(p.containerPort);
        if (e) ctx.report('KR0307', [...at, 'containerPort'], `containerPort ${p.containerPort} ${e}`);
        // An empty name is no name, as in Go.
        if (p.name !== undefined && p.name !== '') {
          const ne = ianaServiceName(p.name);
          if (ne) ctx.report('KR0309', [...at, 'name'], `port name ${JSON.stringify(p.name)} ${ne}`);
          uniqueName(p.name, j, [...at, 'name']);
        }
      });
    });
  }
  const status = pod.status ?? {};
  if (status.podIP) ctx.ip(['status', 'podIP'], status.podIP);
  (status.podIPs ?? []).forEach((p, i) => ctx.ip(['status', 'podIPs', i, 'ip'], p.ip));
}

export function checkNamespace(ctx: CheckContext, ns: NamespaceObject): void {
  checkMetadata(ctx, ns.metadata, 'dns1123-label', false);
}

/** ServiceCIDR: its name, and its CIDRs (at most one per family, as the API server allows). */
export function checkServiceCIDR(ctx: CheckContext, sc: ServiceCIDRObject): void {
  checkMetadata(ctx, sc.metadata, 'dns1123-subdomain', false);
  (sc.spec?.cidrs ?? []).forEach((c, i) => ctx.cidr(['spec', 'cidrs', i], c));
}

export function checkNode(ctx: CheckContext, node: NodeObject): void {
  checkMetadata(ctx, node.metadata, 'dns1123-subdomain', false);
  const spec = node.spec ?? {};
  if (spec.podCIDR) ctx.cidr(['spec', 'podCIDR'], spec.podCIDR);
  (spec.podCIDRs ?? []).forEach((c, i) => ctx.cidr(['spec', 'podCIDRs', i], c));
  (node.status?.addresses ?? []).forEach((a, i) => {
    if (a.type === 'InternalIP' || a.type === 'ExternalIP') ctx.ip(['status', 'addresses', i, 'address'], a.address);
  });
}
