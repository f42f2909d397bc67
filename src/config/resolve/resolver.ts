// What every settings resolver shares: the flags (typed by the CLI), the configuration file, and
// one way to report a bad value (KR0001 for a flag, KR0003 at the config file's line).
import type { Checked } from '../../check/index.js';
import type { KubeProxyConfigurationObject } from '../../check/k8s-types.js';
import type { Code } from '../../diagnostics/codes.js';
import { COMMAND_LINE, diag, type Diagnostic, type Location } from '../../diagnostics/diagnostic.js';
import { parseCIDR, type CIDR } from '../../net/cidr.js';
import type { IP, IPFamily } from '../../net/ip.js';
import type { DetectLocalMode } from '../settings.js';
import type { Scheduler } from '../../ir/ipvs.js';

/**
 * Setting flags, already parsed by the CLI (cli/flags.ts); undefined when not given. They win
 * over the configuration file.
 */
export interface Flags {
  ipFamily?: IPFamily;
  /** Trimmed and lower-cased, as kube-proxy takes it. */
  hostnameOverride?: string;
  nodeIp?: IP[];
  clusterCidr?: CIDR[];
  detectLocalMode?: DetectLocalMode;
  podCidr?: CIDR[];
  podBridgeInterface?: string;
  podInterfaceNamePrefix?: string;
  masqueradeAll?: boolean;
  iptablesMasqueradeBit?: number;
  /** The node's primary IPs, or CIDRs. */
  nodeportAddresses?: 'primary' | CIDR[];
  iptablesLocalhostNodeports?: boolean;
  randomFully?: boolean;
  nfacct?: boolean;
  conntrackTcpBeLiberal?: boolean;
  ipset?: boolean;
  policyMarkBit?: number;
  policyDeny?: 'REJECT' | 'DROP';
  ipvsScheduler?: Scheduler;
  ipvsStrictArp?: boolean;
  ipvsExcludeCidrs?: CIDR[];
  /** nftables mode: the cluster's service CIDRs. */
  serviceCidrs?: CIDR[];
  /** Whole seconds. */
  ipvsTcpTimeout?: number;
  ipvsTcpfinTimeout?: number;
  ipvsUdpTimeout?: number;
}

export type Config = KubeProxyConfigurationObject;

export class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly config: Checked<KubeProxyConfigurationObject> | undefined) {}

  flagError(flag: string, message: string, hint?: string): undefined {
    this.diagnostics.push(diag('KR0001', `--${flag}: ${message}`, COMMAND_LINE, hint));
    return undefined;
  }

  configLoc(path: (string | number)[]): Location {
    return this.config ? this.config.raw.loc.value(path) : COMMAND_LINE;
  }

  warn(code: Code, message: string, at: Location, hint?: string): void {
    this.diagnostics.push(diag(code, message, at, hint));
  }

  configError(path: (string | number)[], message: string): undefined {
    this.diagnostics.push(diag('KR0003', `KubeProxyConfiguration: ${message}`, this.configLoc(path)));
    return undefined;
  }

  /** A comma-separated CIDR list of the configuration file (`clusterCIDR: 10.0.0.0/8,fd00::/64`). */
  configCIDRs(path: (string | number)[], value: string): CIDR[] {
    const out: CIDR[] = [];
    for (const part of value.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
      const p = parseCIDR(part);
      if (!p) this.configError(path, `${JSON.stringify(part)} is not a CIDR`);
      else out.push(p.cidr);
    }
    return out;
  }
}
