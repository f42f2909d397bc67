// The one comparator for canonical order: byte order of the UTF-16 code units, as Go's string
// comparison and C's strcmp order the ASCII names, addresses and keys kube-rulec sorts.
export function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
