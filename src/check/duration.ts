// Go durations (time.ParseDuration), as kube-proxy reads its IPVS timeouts from flags
// (--ipvs-tcp-timeout 900s) and from the configuration file (metav1.Duration: "15m0s"):
// an optional sign, then one or more decimal numbers each with a unit (ns, us, µs, μs, ms, s, m,
// h), or a bare "0". kube-proxy hands the value to the kernel in whole seconds (moby/ipvs
// SetConfig: uint32(d.Seconds()), so a fraction is cut off).

const UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const MAX_NS = 2 ** 63 - 1;

/** Nanoseconds, or undefined when the text is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/;
  while (rest !== '') {
    const m = part.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const value = Number(`${m[1] || '0'}.${m[2] || '0'}`);
    total += value * UNIT_NS[m[3]!]!;
    rest = rest.slice(m[0].length);
  }
  if (total > MAX_NS) return undefined;
  return sign * total;
}

/** Whole seconds of a non-negative duration (what kube-proxy gives the kernel). */
export function wholeSeconds(ns: number): number {
  return Math.floor(ns / 1e9);
}

/** The largest timeout `ipvsadm --set` takes: 31 days (MAX_TIMEOUT in ipvsadm.c). */
export const MAX_IPVS_TIMEOUT = 86400 * 31;

/**
 * Why a text is not an IPVS timeout kube-rulec can program, or undefined: a Go duration, not
 * negative (kube-proxy's validation), at most 31 days (what the script's ipvsadm --set takes).
 */
export function ipvsTimeoutError(text: string): string | undefined {
  const ns = parseGoDuration(text);
  if (ns === undefined) return `${JSON.stringify(text)} is not a duration (such as 900s, 15m or 1h30m)`;
  if (ns < 0) return `${text} is negative`;
  if (wholeSeconds(ns) > MAX_IPVS_TIMEOUT) return `${text} is longer than ipvsadm --set takes (${MAX_IPVS_TIMEOUT}s, 31 days)`;
  return undefined;
}
