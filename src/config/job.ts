// What to compile, for which dataplane, in which output form: the command line's --mode,
// --backend and --output-format (and the configuration's `mode`). Kept apart from Settings,
// which describe the node, so no phase below the pipeline knows about output forms.
import type { KubeProxyConfigurationObject } from '../check/k8s-types.js';
import type { Checked } from '../check/index.js';
import { COMMAND_LINE, diag, type Diagnostic } from '../diagnostics/diagnostic.js';

/** What the rules are for: a node's Services (kube-proxy's job) or its pods' NetworkPolicies. */
export type What = 'services' | 'policy';
/** Which packet-processing machinery carries them. */
export type Dataplane = 'iptables' | 'ipvs' | 'nftables' | 'userspace';

export const MODES = ['iptables', 'ipvs', 'nftables', 'userspace', 'policy'] as const;
export type Mode = (typeof MODES)[number];
export const POLICY_DATAPLANES = ['iptables', 'nftables'] as const;

export interface Job {
  what: What;
  dataplane: Dataplane;
  /** The output form's name; undefined: the backend's default. */
  form: string | undefined;
}

export interface JobFlags {
  mode?: string;
  backend?: string;
  outputFormat?: string;
}

export function resolveJob(
  flags: JobFlags,
  config: Checked<KubeProxyConfigurationObject> | undefined,
): { job: Job | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let mode: Mode | undefined = 'iptables';
  if (flags.mode !== undefined) {
    mode = (MODES as readonly string[]).includes(flags.mode) ? (flags.mode as Mode) : undefined;
    if (!mode) diagnostics.push(diag('KR0001', `--mode: ${JSON.stringify(flags.mode)} is not one of ${MODES.join(', ')}`, COMMAND_LINE));
  } else if (config?.obj.mode) {
    mode = (MODES as readonly string[]).includes(config.obj.mode) && config.obj.mode !== 'policy' ? (config.obj.mode as Mode) : undefined;
    if (!mode) diagnostics.push(diag('KR0003', `KubeProxyConfiguration: mode ${config.obj.mode} is not supported by kube-rulec`, config.raw.loc.value(['mode'])));
  }
  if (flags.backend !== undefined && mode !== 'policy') {
    diagnostics.push(diag('KR0001', '--backend: only --mode policy takes a backend (the services modes are their dataplane)', COMMAND_LINE));
  }
  let dataplane: Dataplane | undefined = mode === 'policy' ? 'iptables' : mode;
  if (mode === 'policy' && flags.backend !== undefined) {
    dataplane = (POLICY_DATAPLANES as readonly string[]).includes(flags.backend) ? (flags.backend as Dataplane) : undefined;
    if (!dataplane) diagnostics.push(diag('KR0001', `--backend: ${JSON.stringify(flags.backend)} is not one of ${POLICY_DATAPLANES.join(', ')}`, COMMAND_LINE));
  }
  if (!mode || !dataplane || diagnostics.length > 0) return { job: undefined, diagnostics };
  if (mode === 'ipvs') {
    // KEP-5495, kubernetes/kubernetes#134539: kube-proxy warns at startup from 1.35 on.
    const at = flags.mode !== undefined ? COMMAND_LINE : config!.raw.loc.value(['mode']);
    diagnostics.push(
      diag('KR0006', 'IPVS mode is deprecated upstream since Kubernetes 1.35 (KEP-5495): kube-proxy warns at startup and points to nftables mode', at, "plan the move to kube-proxy's nftables mode"),
    );
  }
  return { job: { what: mode === 'policy' ? 'policy' : 'services', dataplane, form: flags.outputFormat }, diagnostics };
}
