// The backend contract. A backend turns a plan (what kube-proxy or a policy engine decided,
// free of any dataplane) into a NodeProgram for one dataplane. It owns its names, the canonical
// order of what it builds, and the chains and sets it owns. It knows nothing of output forms:
// backends/registry.ts binds its forms to the writers in formats/.
import type { Settings } from '../config/settings.js';
import type { Dataplane, What } from '../config/job.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { NodeProgram } from '../ir/program.js';

export interface Backend<Plan> {
  /** `services/iptables`, `policy/iptables`, ... */
  id: string;
  what: What;
  dataplane: Dataplane;
  compile(plan: Plan, settings: Settings): NodeProgram;
  /**
   * Which IP families a policy backend's plans cover: the node's (`--ip-family`; the default), or
   * both, for a dataplane whose one table sees both (nftables' `inet`).
   */
  families?: 'node' | 'both';
  /** What this dataplane cannot do with these settings that the user should hear of (warnings). */
  warnings?(plan: Plan, settings: Settings): Diagnostic[];
}
