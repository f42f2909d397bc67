// What every settings resolver shares: the flags as the CLI received them, the configuration
// file, and one way to report a bad value (KR0001 for a flag, KR0003 at the config file's line).
import type { Checked } from '../../check/index.js';
import type { KubeProxyConfigurationObject } from '../../check/k8s-types.js';
import type { Code } from '../../diagnostics/codes.js';
import { COMMAND_LINE, diag, type Diagnostic, type Location } from '../../diagnostics/diagnostic.js';
import { parseCIDR, type CIDR } from '../../net/cidr.js';
import { parseIP, type IP } from '../../net/ip.js';

/** Setting flags as the CLI received them (strings; undefined when not given). */
export interface Flags {
  ipFamily?: string;
  hostnameOverride?: string;
  nodeIp?: string;
  clusterCidr?: string;
  detectLocalMode?: string;
  podCidr?: string;
  podBridgeInterface?: string;
  podInterfaceNamePrefix?: string;
  masqueradeAll?: boolean;
  iptablesMasqueradeBit?: string;
  nodeportAddresses?: string;
  iptablesLocalhostNodeports?: boolean;
  randomFully?: boolean;
  nfacct?: boolean;
  conntrackTcpBeLiberal?: boolean;
  ipvsScheduler?: string;
  ipvsStrictArp?: string | boolean;
  ipset?: boolean;
  policyMarkBit?: string;
  policyDeny?: string;
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

  oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T | undefined {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.flagError(flag, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  }

  /** A mark bit, 0-31, from a flag. */
  bit(flag: string, text: string): number | undefined {
    const n = Number(text);
    if (/^\d+$/.test(text) && n <= 31) return n;
    return this.flagError(flag, `${text} is not a number between 0 and 31`);
  }

  bool(flag: string, value: string | boolean | undefined): boolean | undefined {
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.flagError(flag, `${JSON.stringify(value)} is not true or false`);
  }

  ips(flag: string, value: string): IP[] {
    const out: IP[] = [];
    for (const part of value.split(',')) {
      const p = parseIP(part.trim());
      if (!p) this.flagError(flag, `${JSON.stringify(part)} is not an IP address`);
      else out.push(p.ip);
    }
    return out;
  }

  cidrs(flag: string, value: string, configPath?: (string | number)[]): CIDR[] {
    const out: CIDR[] = [];
    for (const part of value.split(',').map((x) => x.trim()).filter((x) => x !== '')) {
      const p = parseCIDR(part);
      if (!p) {
        if (configPath) this.configError(configPath, `${JSON.stringify(part)} is not a CIDR`);
        else this.flagError(flag, `${JSON.stringify(part)} is not a CIDR`);
      } else out.push(p.cidr);
    }
    return out;
  }
}
