// Label selectors (metav1.LabelSelector) with the standard labels.Selector semantics:
// matchLabels and every expression are AND-ed; NotIn and DoesNotExist match objects without the
// key; an empty selector matches everything.
import type { LabelSelectorSpec } from '../check/k8s-types.js';
import type { Labels } from './basics.js';

export type Requirement =
  | { op: 'In' | 'NotIn'; key: string; values: string[] }
  | { op: 'Exists' | 'DoesNotExist'; key: string };

export interface Selector {
  requirements: Requirement[];
}

export function buildSelector(spec: LabelSelectorSpec | null | undefined): Selector {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(spec?.matchLabels ?? {})) requirements.push({ op: 'In', key, values: [value] });
  for (const x of spec?.matchExpressions ?? []) {
    if (x.operator === 'In' || x.operator === 'NotIn') requirements.push({ op: x.operator, key: x.key, values: x.values ?? [] });
    else requirements.push({ op: x.operator, key: x.key });
  }
  return { requirements };
}

export function matches(sel: Selector, labels: Labels): boolean {
  return sel.requirements.every((r) => {
    const v = labels.get(r.key);
    switch (r.op) {
      case 'In':
        return v !== undefined && r.values.includes(v);
      case 'NotIn':
        return v === undefined || !r.values.includes(v);
      case 'Exists':
        return v !== undefined;
      case 'DoesNotExist':
        return v === undefined;
    }
  });
}
