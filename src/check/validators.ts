// Syntax rules the API server applies to names, labels and ports (apimachinery validation).
// Each returns an error text, or undefined when the value is valid.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

export function dns1123Label(v: string): string | undefined {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(v))
    return "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}

export function dns1035Label(v: string): string | undefined {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!DNS1035_LABEL.test(v))
    return "must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
  return undefined;
}

export function dns1123Subdomain(v: string): string | undefined {
  if (v.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(v))
    return "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** A label or annotation key: [prefix/]name. */
export function qualifiedName(v: string): string | undefined {
  const parts = v.split('/');
  let name = v;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) return 'prefix part must not be empty';
    const e = dns1123Subdomain(prefix);
    if (e) return `prefix part ${e}`;
  } else if (parts.length > 2) {
    return "must be a name with at most one '/' (an optional DNS subdomain prefix and a name)";
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  return undefined;
}

export function labelValue(v: string): string | undefined {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(v))
    return "must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  return undefined;
}

/** A container port name / named targetPort (IANA service name). */
export function ianaServiceName(v: string): string | undefined {
  if (v.length > 15) return 'must be no more than 15 characters';
  if (!IANA_SVC_NAME.test(v)) return "must contain only lower-case letters, digits and '-', starting and ending with a letter or digit";
  if (v.includes('--')) return "must not contain consecutive '-'";
  if (!/[a-z]/.test(v)) return 'must contain at least one letter';
  return undefined;
}

export function portNumber(v: number): string | undefined {
  if (!Number.isInteger(v) || v < 1 || v > 65535) return 'must be between 1 and 65535';
  return undefined;
}

/** Interface names and prefixes (Linux IFNAMSIZ, and no characters that could leave a rule). */
export function interfaceName(v: string): string | undefined {
  if (v.length === 0 || v.length > 15) return 'must be 1 to 15 characters';
  if (!/^[A-Za-z0-9_.:@-]+$/.test(v)) return "may contain only letters, digits and '_', '.', ':', '@', '-'";
  return undefined;
}
