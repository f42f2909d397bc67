// Names and labels: every kind's metadata.
import type { CheckContext } from '../context.js';
import type { ObjectMeta } from '../k8s-types.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from '../validators.js';

export type NameRule = 'dns1123-label' | 'dns1035-label' | 'dns1123-subdomain';

const nameRules = { 'dns1123-label': dns1123Label, 'dns1035-label': dns1035Label, 'dns1123-subdomain': dns1123Subdomain };

export function checkMetadata(ctx: CheckContext, meta: ObjectMeta, nameRule: NameRule, namespaced: boolean): void {
  const e = nameRules[nameRule](meta.name);
  if (e) ctx.report('KR0301', ['metadata', 'name'], `name ${JSON.stringify(meta.name)} ${e}`);
  if (namespaced && meta.namespace !== undefined) {
    const ne = dns1123Label(meta.namespace);
    if (ne) ctx.report('KR0301', ['metadata', 'namespace'], `namespace ${JSON.stringify(meta.namespace)} ${ne}`);
  }
  checkLabels(ctx, ['metadata', 'labels'], meta.labels);
}

export function checkLabels(ctx: CheckContext, path: (string | number)[], labels: Record<string, string> | null | undefined): void {
  if (!labels) return;
  for (const [k, v] of Object.entries(labels)) {
    const ke = qualifiedName(k);
    if (ke) ctx.reportKey('KR0302', [...path, k], `label key ${JSON.stringify(k)}: ${ke}`);
    const ve = labelValue(v);
    if (ve) ctx.report('KR0302', [...path, k], `label ${k} value ${JSON.stringify(v)} ${ve}`);
  }
}
