// Every nftables golden against a real kernel, each in a fresh network namespace (never the root
// namespace's ruleset): the transaction form passes `nft -c -f`, loads with `nft -f`, and
// `nft list table` then prints exactly the ruleset form; loaded a second time over itself it
// leaves the same objects with the same contents (every object it names is flushed and written
// again, nothing added twice). Only the order of the listing moves: the base chains are deleted
// and made again by every load (kube-proxy's reset of their hook and priority), so after a second
// load they come after the other chains.
// The script form, run twice in a namespace that holds someone else's table and an older table of
// the same owner (another golden's transaction: per-service chains and affinity sets it no longer
// has), leaves exactly the ruleset form's objects, deletes the stale ones, keeps the other table,
// and changes nothing the second time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCases, type GoldenCase } from '../helpers/fixtures.js';
import { netnsUnavailable, nsExec, skipNetns, withNetns } from '../helpers/netns.js';

function read(c: GoldenCase, form: string): string {
  return readFileSync(join(c.dir, `expected.${form}`), 'utf8');
}

/** `ip kube-proxy`: the family and name of the table a transaction adds (its first line). */
function tableOf(transaction: string): [string, string] {
  const m = /^add table (\S+) (\S+)/.exec(transaction);
  if (!m) throw new Error('the transaction does not start with add table');
  return [m[1]!, m[2]!];
}

/** The listing with its base chains (those with a `type ... hook` line) moved after the other objects. */
function baseChainsLast(listing: string): string {
  const lines = listing.split('\n');
  const objects: string[][] = [];
  const head: string[] = [];
  let tail: string[] = [];
  for (const line of lines) {
    if (/^\t(set|map|chain) /.test(line)) objects.push([line]);
    else if (line === '}' || (line === '' && objects.length > 0 && objects.at(-1)!.at(-1) === '}')) tail.push(line);
    else if (objects.length === 0) head.push(line);
    else objects.at(-1)!.push(line);
  }
  tail = tail.filter((l) => l !== '');
  const blocks = objects.map((o) => o.filter((l, i) => !(l === '' && i === o.length - 1)));
  const isBase = (b: string[]) => b[0]!.startsWith('\tchain ') && b.some((l) => / hook .* priority /.test(l));
  const ordered = [...blocks.filter((b) => !isBase(b)), ...blocks.filter(isBase)];
  return [...head, ordered.map((b) => b.join('\n')).join('\n\n'), ...tail, ''].join('\n');
}

function ok(r: { status: number; stderr: string }): void {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** The objects of a listing (each set, map and chain as its lines), in a fixed order: for listings whose creation order differs. */
function objects(listing: string): string[] {
  const blocks: string[][] = [];
  for (const line of listing.split('\n')) {
    if (/^\t(set|map|chain) /.test(line)) blocks.push([line]);
    else if (blocks.length > 0 && line !== '' && line !== '}') blocks.at(-1)!.push(line);
  }
  return blocks.map((b) => b.join('\n')).sort();
}

// Policy mode's table (fixtures/policy-nftables) has its own kernel test, policy-nftables.test.ts.
const cases = () => goldenCases().filter((c) => !c.name.startsWith('policy-nftables/') && c.forms?.includes('transaction') && c.forms.includes('ruleset'));

describe.skipIf(skipNetns)('nftables goldens in the kernel', () => {
  it('can use network namespaces and nft', () => {
    expect(netnsUnavailable()).toBeUndefined();
    withNetns((ns) => ok(nsExec(ns, 'nft', ['--version'])));
  });
  it('has nftables goldens of both families to load', () => {
    const families = new Set(cases().map((c) => tableOf(read(c, 'transaction'))[0]));
    expect([...families].sort()).toEqual(['ip', 'ip6']);
  });
  for (const c of cases()) {
    it(`${c.name}: nft -c accepts the transaction, it loads, nft list table prints the ruleset form, and a second load leaves the same objects`, () => {
      const tx = read(c, 'transaction');
      const [family, table] = tableOf(tx);
      withNetns((ns) => {
        ok(nsExec(ns, 'nft', ['-c', '-f', '-'], tx));
        // -c loads nothing.
        expect(nsExec(ns, 'nft', ['list', 'table', family, table]).status).not.toBe(0);
        ok(nsExec(ns, 'nft', ['-f', '-'], tx));
        const listed = nsExec(ns, 'nft', ['list', 'table', family, table]);
        ok(listed);
        expect(listed.stdout).toBe(read(c, 'ruleset'));
        ok(nsExec(ns, 'nft', ['-f', '-'], tx));
        expect(baseChainsLast(listed.stdout)).not.toBe('');
        expect(nsExec(ns, 'nft', ['list', 'table', family, table]).stdout).toBe(baseChainsLast(read(c, 'ruleset')));
      });
    });
  }

  it('has script cases whose previous state leaves stale objects of both kinds', () => {
    const scripts = cases().filter((c) => c.forms!.includes('script'));
    expect(scripts.length).toBeGreaterThan(10);
    expect(read(previousOf(cases(), scripts[0]!), 'transaction')).toMatch(/add set \S+ kube-proxy affinity-/);
  });
  for (const c of cases().filter((x) => x.forms!.includes('script'))) {
    it(`${c.name}: the script, run twice over an older table and someone else's, leaves exactly the ruleset's objects and keeps the other table`, () => {
      const tx = read(c, 'transaction');
      const [family, table] = tableOf(tx);
      const before = read(previousOf(cases(), c), 'transaction');
      const foreign = `add table ${family} site\nadd chain ${family} site input { type filter hook input priority 10 ; }\nadd rule ${family} site input tcp dport 22 accept\n`;
      withNetns((ns) => {
        ok(nsExec(ns, 'nft', ['-f', '-'], before));
        ok(nsExec(ns, 'nft', ['-f', '-'], foreign));
        const siteBefore = nsExec(ns, 'nft', ['list', 'table', family, 'site']).stdout;
        for (let run = 1; run <= 2; run++) {
          ok(nsExec(ns, 'sh', ['-c', read(c, 'script')]));
          const listed = nsExec(ns, 'nft', ['list', 'table', family, table]);
          ok(listed);
          expect(objects(listed.stdout)).toEqual(objects(read(c, 'ruleset')));
          expect(nsExec(ns, 'nft', ['list', 'table', family, 'site']).stdout).toBe(siteBefore);
        }
      });
    });
  }
});

/** Another golden of the same family whose table has affinity sets: the state the script finds. */
function previousOf(all: GoldenCase[], c: GoldenCase): GoldenCase {
  const family = tableOf(read(c, 'transaction'))[0];
  const candidates = all.filter((x) => x !== c && tableOf(read(x, 'transaction'))[0] === family && read(x, 'transaction').includes(' affinity-'));
  if (candidates.length === 0) throw new Error(`no previous state for ${c.name}`);
  return candidates[0]!;
}
