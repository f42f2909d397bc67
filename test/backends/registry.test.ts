// src/backends/registry.ts: which backend and output form a job gets, the forms each mode has,
// and what a form does with a program that lacks the part it writes. (The CLI's messages built
// from these answers are in test/cli/cli.test.ts; every form's text is in the goldens.)
import { describe, expect, it } from 'vitest';
import { formNames, formsHelp, lookup } from '../../src/backends/registry.js';
import type { Job } from '../../src/config/job.js';
import type { Settings } from '../../src/config/settings.js';
import type { NodeProgram } from '../../src/ir/program.js';
import { runCli } from '../helpers/run.js';

const job = (what: Job['what'], dataplane: Job['dataplane'], form?: string): Job => ({ what, dataplane, form });

/** The forms a job's backend writes, by name, and the default's name; or the registry's error. */
function forms(j: Job): { backend: string; what: string; dataplane: string; form: string; all: string[] } | { error: string; message: string } {
  const found = lookup(j);
  if ('error' in found) return found;
  const { id, what, dataplane } = found.entry.backend;
  expect(found.what).toBe(what);
  return { backend: id, what, dataplane, form: found.form.name, all: found.entry.forms.map((f) => f.name) };
}

const EMPTY: NodeProgram = { title: 'empty', node: 'n', family: 4, parts: [] };

describe('lookup', () => {
  it('finds each backend and its default form (the first)', () => {
    expect(forms(job('services', 'iptables'))).toEqual({ backend: 'services/iptables', what: 'services', dataplane: 'iptables', form: 'restore', all: ['restore', 'save', 'script'] });
    expect(forms(job('services', 'ipvs'))).toEqual({ backend: 'services/ipvs', what: 'services', dataplane: 'ipvs', form: 'script', all: ['script', 'ipvsadm', 'ipset', 'iptables'] });
    expect(forms(job('services', 'nftables'))).toEqual({ backend: 'services/nftables', what: 'services', dataplane: 'nftables', form: 'transaction', all: ['transaction', 'ruleset', 'script'] });
    expect(forms(job('policy', 'iptables'))).toEqual({ backend: 'policy/iptables', what: 'policy', dataplane: 'iptables', form: 'restore', all: ['restore', 'save', 'script', 'ipset'] });
    expect(forms(job('policy', 'nftables'))).toEqual({ backend: 'policy/nftables', what: 'policy', dataplane: 'nftables', form: 'transaction', all: ['transaction', 'ruleset', 'script'] });
  });

  it('finds a form by its name, in each backend', () => {
    expect(forms(job('services', 'iptables', 'script'))).toMatchObject({ backend: 'services/iptables', form: 'script' });
    expect(forms(job('services', 'ipvs', 'iptables'))).toMatchObject({ backend: 'services/ipvs', form: 'iptables' });
    expect(forms(job('policy', 'iptables', 'ipset'))).toMatchObject({ backend: 'policy/iptables', form: 'ipset' });
    expect(forms(job('services', 'ipvs', 'restore'))).toEqual({ error: 'no-such-form', message: '--output-format restore: --mode ipvs writes script, ipvsadm, ipset, iptables' });
  });

  it('says which modes are not implemented, named as the command line names them', () => {
    expect(forms(job('services', 'userspace', 'restore'))).toEqual({ error: 'not-implemented', message: '--mode userspace is not implemented yet' });
    expect(forms(job('policy', 'nftables', 'ipset'))).toEqual({ error: 'no-such-form', message: '--output-format ipset: --mode policy --backend nftables writes transaction, ruleset, script' });
    expect(forms(job('policy', 'ipvs'))).toEqual({ error: 'not-implemented', message: '--mode policy --backend ipvs is not implemented yet' });
  });

  it('has one form that needs a setting: policy mode ipset, which needs --ipset', () => {
    const needs = (j: Job) => {
      const found = lookup(j);
      return 'error' in found ? found : found.form.needs;
    };
    const settings = (ipset: boolean) => ({ policy: { ipset, markBit: 16, deny: 'REJECT' } }) as Settings;
    const ipset = needs(job('policy', 'iptables', 'ipset'))!;
    expect('why' in ipset && ipset.why).toBe('the ipset output form needs --ipset');
    expect('check' in ipset && [ipset.check(settings(true)), ipset.check(settings(false))]).toEqual([true, false]);
    for (const [what, dataplane, form] of [
      ['services', 'iptables', 'restore'],
      ['services', 'iptables', 'save'],
      ['services', 'iptables', 'script'],
      ['services', 'ipvs', 'script'],
      ['services', 'ipvs', 'ipvsadm'],
      ['services', 'ipvs', 'ipset'],
      ['services', 'ipvs', 'iptables'],
      ['policy', 'iptables', 'restore'],
      ['policy', 'iptables', 'save'],
      ['policy', 'iptables', 'script'],
    ] as const) {
      expect(needs(job(what, dataplane, form)), `${what} ${dataplane} ${form}`).toBeUndefined();
    }
  });
});

describe('the writers of the forms', () => {
  it('refuse a program without an iptables part where they write iptables rules', () => {
    for (const [what, dataplane, form] of [
      ['services', 'iptables', 'restore'],
      ['services', 'iptables', 'save'],
      ['services', 'ipvs', 'iptables'],
      ['policy', 'iptables', 'restore'],
      ['policy', 'iptables', 'save'],
    ] as const) {
      const found = lookup(job(what, dataplane, form));
      expect('form' in found, form).toBe(true);
      if ('form' in found) expect(() => [...found.form.write(EMPTY)], `${what} ${dataplane} ${form}`).toThrow(/^internal: the program has no iptables part$/);
    }
  });

  it('write no sets (an empty text) for a program without an ipsets part', () => {
    for (const [what, dataplane] of [
      ['services', 'ipvs'],
      ['policy', 'iptables'],
    ] as const) {
      const found = lookup(job(what, dataplane, 'ipset'));
      expect('form' in found && found.form.write(EMPTY)).toBe('');
    }
  });
});

describe('formNames', () => {
  it('lists every form name once, services first, or those of services or policy only', () => {
    expect(formNames()).toEqual(['restore', 'save', 'script', 'ipvsadm', 'ipset', 'iptables', 'transaction', 'ruleset']);
    expect(formNames('services')).toEqual(['restore', 'save', 'script', 'ipvsadm', 'ipset', 'iptables', 'transaction', 'ruleset']);
    expect(formNames('policy')).toEqual(['restore', 'save', 'script', 'ipset', 'transaction', 'ruleset']);
  });

  it('are the forms compile --help lists', async () => {
    const help = await runCli(['compile', '--help']);
    expect(help.exit).toBe(0);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      "--output-format <format> the output form: restore, save, script, ipvsadm, ipset, iptables, transaction, ruleset (the first one a mode writes is its default; policy mode's ipset form needs --ipset)",
    );
  });
});

describe('formsHelp: every form of every job with its one line, for compile --help', () => {
  const expected = [
    'Output forms (--output-format):',
    '  --mode iptables',
    '    restore  iptables-restore input, as kube-proxy writes it (default)',
    '    save     what iptables-save prints after loading it',
    '    script   a POSIX sh script that loads it as kube-proxy does, idempotently',
    '  --mode ipvs',
    '    script    a POSIX sh script that sets up the node as kube-proxy does, idempotently (default)',
    '    ipvsadm   the virtual and real servers, as ipvsadm-save -n prints them',
    '    ipset     ipset restore input of the sets IPVS mode matches on',
    "    iptables  iptables-restore input of IPVS mode's nat and filter chains",
    '  --mode nftables',
    '    transaction  nft -f input, the transaction kube-proxy sends on a full sync (default)',
    '    ruleset      what nft list table prints after loading it (nftables 1.0.6)',
    '    script       a POSIX sh script that loads it idempotently and removes stale per-service chains and affinity sets',
    '  --mode policy --backend iptables',
    '    restore  iptables-restore input, rules as iptables-save prints them (default)',
    '    save     what iptables-save prints after loading it',
    '    script   a POSIX sh script that loads sets and rules idempotently',
    '    ipset    ipset restore input of the peer sets',
    '  --mode policy --backend nftables',
    '    transaction  nft -f input: the table inet kube-rulec-policy as one transaction (default)',
    '    ruleset      what nft list table inet kube-rulec-policy prints after loading it',
    '    script       a POSIX sh script that replaces the table atomically with nft -f',
  ].join('\n');

  it('lists the modes in order, each form aligned, the first marked default', () => {
    expect(formsHelp()).toBe(expected);
  });

  it('ends compile --help', async () => {
    const r = await runCli(['compile', '--help']);
    expect(r.exit).toBe(0);
    expect(r.stdout.endsWith(`\n\n${expected}\n`)).toBe(true);
  });
});
