import type { Protocol as K8sProtocol } from '../check/k8s-types.js';
import type { Protocol } from './basics.js';

/** API protocol (default TCP) → the lower-case name rules use. */
export function proto(p: K8sProtocol | null | undefined): Protocol {
  return (p ?? 'TCP').toLowerCase() as Protocol;
}
