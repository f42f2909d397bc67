// Number formatting that matches Go's fmt ("%0.10f", "%#08x") and C's printf("%.11f"): the
// exact binary value of the double, rounded half to even. (Number.prototype.toFixed rounds
// ties up, so 1/2048 would print differently.)

/** The exact decimal text of a finite non-negative double with `digits` fraction digits. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`formatFixed: ${x}`);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  // x = mantissa * 2^exp exactly.
  const mantissa = expBits === 0 ? frac : frac | (1n << 52n);
  const exp = expBits === 0 ? -1074 : expBits - 1075;
  const scale = 10n ** BigInt(digits);
  let q: bigint;
  if (exp >= 0) {
    q = (mantissa << BigInt(exp)) * scale;
  } else {
    const den = 1n << BigInt(-exp);
    const num = mantissa * scale;
    q = num / den;
    const r2 = (num % den) * 2n;
    if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  }
  const s = q.toString().padStart(digits + 1, '0');
  return digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Go's fmt.Sprintf("%#08x", v): "0x" then at least 8 hex digits. */
export function goHex08(v: number): string {
  return '0x' + v.toString(16).padStart(8, '0');
}

/** C's "%#x" as iptables prints marks: "0x4000". */
export function cHex(v: number): string {
  return v === 0 ? '0' : '0x' + v.toString(16);
}
