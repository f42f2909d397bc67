// Test helpers for the nftables transaction form: upstream's comparison of dumps
// (pkg/proxy/nftables/helpers_test.go, sortNFTablesTransaction and diffNFTablesTransaction,
// rewritten here), and what a transaction leaves in a fresh table, as knftables' fake
// (Fake.Dump) lists it: one `add` line per table, chain, rule, set, map and element.

/** helpers_test.go's objectOrder: higher sorts earlier. */
const OBJECT_ORDER: Record<string, number> = { table: 10, chain: 9, rule: 8, set: 7, map: 6, element: 5 };

/** sortNFTablesTransaction: drop blank and `#` lines, then sort stably by object type, object name, and (except rules) the line. */
export function sortTransaction(tx: string): string {
  const lines = tx.split('\n').filter((l) => l !== '' && l[0] !== '#');
  const words = new Map(lines.map((l) => [l, l.split(' ')]));
  const less = (li: string, lj: string): boolean => {
    const wi = words.get(li)!;
    const wj = words.get(lj)!;
    if (wi.length < 5 || wj.length < 5) return false;
    if (wi[1] !== wj[1]) return (OBJECT_ORDER[wi[1]!] ?? 0) >= (OBJECT_ORDER[wj[1]!] ?? 0);
    if (wi[4] !== wj[4]) return wi[4]! < wj[4]!;
    if (wi[1] === 'rule') return false;
    return li < lj;
  };
  // A stable sort with the same order as Go's sort.SliceStable and that less.
  return lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => (less(a.line, b.line) ? -1 : less(b.line, a.line) ? 1 : a.i - b.i))
    .map((x) => x.line)
    .join('\n');
}

interface Container {
  line: string;
  elements: string[];
}

/**
 * What a transaction leaves in a table that did not exist before, as `add` lines: adds of
 * existing objects change nothing, flushes empty a chain, set or map, deletes remove them.
 */
export function applyTransaction(tx: string): string {
  let table: string | undefined;
  const chains = new Map<string, { line: string; rules: string[] }>();
  const containers = new Map<string, Container>();
  for (const line of tx.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const w = line.split(' ');
    const [verb, type] = w;
    const name = w[4]!;
    if (type === 'table') {
      if (verb === 'add') table ??= line;
      else throw new Error(`unexpected ${line}`);
    } else if (type === 'chain') {
      if (verb === 'add') {
        if (!chains.has(name)) chains.set(name, { line, rules: [] });
      } else if (verb === 'flush') chains.get(name)!.rules = [];
      else if (verb === 'delete') chains.delete(name);
      else throw new Error(`unexpected ${line}`);
    } else if (type === 'set' || type === 'map') {
      if (verb === 'add') {
        if (!containers.has(name)) containers.set(name, { line, elements: [] });
      } else if (verb === 'flush') containers.get(name)!.elements = [];
      else if (verb === 'delete') containers.delete(name);
      else throw new Error(`unexpected ${line}`);
    } else if (type === 'rule' && verb === 'add') {
      const c = chains.get(name);
      if (!c) throw new Error(`rule for a missing chain: ${line}`);
      c.rules.push(line);
    } else if (type === 'element' && verb === 'add') {
      const c = containers.get(name);
      if (!c) throw new Error(`element for a missing set: ${line}`);
      if (!c.elements.includes(line)) c.elements.push(line);
    } else throw new Error(`unexpected ${line}`);
  }
  const out: string[] = table ? [table] : [];
  for (const c of chains.values()) out.push(c.line);
  for (const c of chains.values()) out.push(...c.rules);
  for (const c of containers.values()) out.push(c.line);
  for (const c of containers.values()) out.push(...c.elements);
  return out.join('\n') + '\n';
}
