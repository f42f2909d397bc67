// EndpointSlices and legacy v1 Endpoints.
import type { CheckContext } from '../context.js';
import type { EndpointSliceObject, EndpointsObject } from '../k8s-types.js';
import { dns1123Label, dns1123Subdomain, portNumber } from '../validators.js';
import { checkMetadata } from './metadata.js';

export function checkEndpointSlice(ctx: CheckContext, s: EndpointSliceObject): void {
  checkMetadata(ctx, s.metadata, 'dns1123-subdomain', true);
  const want = s.addressType === 'IPv4' ? 4 : s.addressType === 'IPv6' ? 6 : undefined;
  (s.endpoints ?? []).forEach((ep, i) => {
    if (want !== undefined) {
      ep.addresses.forEach((a, j) => {
        const ip = ctx.ip(['endpoints', i, 'addresses', j], a, { special: true });
        if (ip && ip.family !== want) {
          ctx.report('KR0311', ['endpoints', i, 'addresses', j], `address ${a} is not an ${s.addressType} address but the slice's addressType is ${s.addressType}`);
        }
      });
    }
    if (ep.nodeName) {
      const e = dns1123Subdomain(ep.nodeName);
      if (e) ctx.report('KR0301', ['endpoints', i, 'nodeName'], `nodeName ${JSON.stringify(ep.nodeName)} ${e}`);
    }
  });
  const uniqueName = ctx.unique((name, first) => `port name ${JSON.stringify(name)} is also used by ports[${first}]`);
  (s.ports ?? []).forEach((p, i) => {
    const name = p.name ?? '';
    if (name !== '') {
      const e = dns1123Label(name);
      if (e) ctx.report('KR0309', ['ports', i, 'name'], `port name ${JSON.stringify(name)} ${e}`);
    }
    if (p.port !== undefined && p.port !== null) {
      const e = portNumber(p.port);
      if (e) ctx.report('KR0307', ['ports', i, 'port'], `port ${ctx.num(['ports', i, 'port'], p.port)} ${e}`);
    }
    uniqueName(name, i, ['ports', i, 'name']);
  });
}

export function checkEndpoints(ctx: CheckContext, e: EndpointsObject): void {
  checkMetadata(ctx, e.metadata, 'dns1123-subdomain', true);
  (e.subsets ?? []).forEach((sub, i) => {
    for (const field of ['addresses', 'notReadyAddresses'] as const) {
      (sub[field] ?? []).forEach((a, j) => {
        ctx.ip(['subsets', i, field, j, 'ip'], a.ip, { special: true });
        if (a.nodeName) {
          const ne = dns1123Subdomain(a.nodeName);
          if (ne) ctx.report('KR0301', ['subsets', i, field, j, 'nodeName'], `nodeName ${JSON.stringify(a.nodeName)} ${ne}`);
        }
      });
    }
    const uniqueName = ctx.unique((name, first) => `port name ${JSON.stringify(name)} is also used by ports[${first}]`);
    (sub.ports ?? []).forEach((p, j) => {
      const name = p.name ?? '';
      if (name !== '') {
        const ne = dns1123Label(name);
        if (ne) ctx.report('KR0309', ['subsets', i, 'ports', j, 'name'], `port name ${JSON.stringify(name)} ${ne}`);
      }
      const pe = portNumber(p.port);
      if (pe) ctx.report('KR0307', ['subsets', i, 'ports', j, 'port'], `port ${ctx.num(['subsets', i, 'ports', j, 'port'], p.port)} ${pe}`);
      uniqueName(name, j, ['subsets', i, 'ports', j, 'name']);
    });
  });
}
