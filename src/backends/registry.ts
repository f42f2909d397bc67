// The only list of backends and output forms. A job (what × dataplane × form) finds its backend
// and the writer of its form here; the pipeline asks nothing else about them.
import type { Dataplane, Job, What } from '../config/job.js';
import type { Settings } from '../config/settings.js';
import { writeIpsets } from '../formats/ipset/write.js';
import { restorePieces } from '../formats/iptables/restore.js';
import { writeSave } from '../formats/iptables/save.js';
import { writeKubeProxyScript } from '../formats/sh/kube-proxy-script.js';
import { writeKubeProxyIpvsScript } from '../formats/sh/ipvs-script.js';
import { writeIpvsadm } from '../formats/ipvsadm/write.js';
import { rulesetPieces } from '../formats/nft/ruleset.js';
import { transactionPieces } from '../formats/nft/transaction.js';
import { writePolicyScript } from '../formats/sh/policy-script.js';
import { writePolicyNftScript } from '../formats/sh/policy-nft-script.js';
import { writeNftScript } from '../formats/sh/nft-script.js';
import { part, type NodeProgram } from '../ir/program.js';
import type { PolicyPlans } from '../plan/policy.js';
import type { ServicePlan } from '../plan/services/index.js';
import type { Backend } from './backend.js';
import { kubeProxyIptablesProgram } from './iptables/program.js';
import { kubeProxyIpvsProgram, kubeProxyIpvsWarnings } from './ipvs/program.js';
import { kubeProxyNftablesDiagnostics, kubeProxyNftablesProgram } from './nftables/program.js';
import { OWNED as NFT_OWNED } from './nftables/names.js';
import { OWNED_CHAINS as KUBE_PROXY_CHAINS } from './iptables/names.js';
import { policyIptablesProgram } from './policy/program.js';
import { OWNED_CHAINS as POLICY_CHAINS, ownedSetPrefix } from './policy/names.js';
import { policyNftablesProgram } from './policy-nftables/program.js';

export interface Form {
  name: string;
  /** One line for `compile --help` (formsHelp). */
  describe: string;
  /** Whether the settings allow this form (the ipset form needs --ipset). */
  needs?: { check: (s: Settings) => boolean; why: string };
  /** The text, or its pieces in order, made as they are written (a large text is never all in memory). */
  write(program: NodeProgram): string | Iterable<string>;
}

interface Entry<Plan> {
  backend: Backend<Plan>;
  /** The first is the default. */
  forms: readonly Form[];
}

const iptablesOf = (p: NodeProgram) => {
  const rs = part(p, 'iptables');
  if (!rs) throw new Error('internal: the program has no iptables part');
  return rs.ruleset;
};

const servicesIptables: Entry<ServicePlan> = {
  backend: { id: 'services/iptables', what: 'services', dataplane: 'iptables', compile: kubeProxyIptablesProgram },
  forms: [
    { name: 'restore', describe: 'iptables-restore input, as kube-proxy writes it', write: (p) => restorePieces(iptablesOf(p)) },
    { name: 'save', describe: 'what iptables-save prints after loading it', write: (p) => writeSave(iptablesOf(p)) },
    { name: 'script', describe: 'a POSIX sh script that loads it as kube-proxy does, idempotently', write: (p) => writeKubeProxyScript(p, KUBE_PROXY_CHAINS) },
  ],
};

const servicesIpvs: Entry<ServicePlan> = {
  backend: { id: 'services/ipvs', what: 'services', dataplane: 'ipvs', compile: kubeProxyIpvsProgram, warnings: kubeProxyIpvsWarnings },
  forms: [
    { name: 'script', describe: 'a POSIX sh script that sets up the node as kube-proxy does, idempotently', write: writeKubeProxyIpvsScript },
    { name: 'ipvsadm', describe: 'the virtual and real servers, as ipvsadm-save -n prints them', write: (p) => writeIpvsadm(part(p, 'ipvs')!.table) },
    { name: 'ipset', describe: 'ipset restore input of the sets IPVS mode matches on', write: (p) => writeIpsets(part(p, 'ipsets')?.sets ?? []) },
    { name: 'iptables', describe: "iptables-restore input of IPVS mode's nat and filter chains", write: (p) => restorePieces(iptablesOf(p)) },
  ],
};

const nftablesOf = (p: NodeProgram) => {
  const t = part(p, 'nftables');
  if (!t) throw new Error('internal: the program has no nftables part');
  return t.table;
};

const servicesNftables: Entry<ServicePlan> = {
  backend: { id: 'services/nftables', what: 'services', dataplane: 'nftables', compile: kubeProxyNftablesProgram, warnings: kubeProxyNftablesDiagnostics },
  forms: [
    { name: 'transaction', describe: 'nft -f input, the transaction kube-proxy sends on a full sync', write: (p) => transactionPieces(nftablesOf(p)) },
    { name: 'ruleset', describe: 'what nft list table prints after loading it (nftables 1.0.6)', write: (p) => rulesetPieces(nftablesOf(p)) },
    {
      name: 'script',
      describe: 'a POSIX sh script that loads it idempotently and removes stale per-service chains and affinity sets',
      write: (p) =>
        writeNftScript(p, {
          chain: (n) => n.includes(NFT_OWNED.chainMark),
          set: (n) => n.startsWith(NFT_OWNED.setPrefix),
          pattern: `^(chain [^ ]*${NFT_OWNED.chainMark}|set ${NFT_OWNED.setPrefix})`,
        }),
    },
  ],
};

const policyIptables: Entry<PolicyPlans> = {
  // One family per ruleset (iptables or ip6tables): the node's.
  backend: { id: 'policy/iptables', what: 'policy', dataplane: 'iptables', compile: (plans, s) => policyIptablesProgram(plans[0]!, s) },
  forms: [
    { name: 'restore', describe: 'iptables-restore input, rules as iptables-save prints them', write: (p) => restorePieces(iptablesOf(p), { dialect: 'kernel' }) },
    { name: 'save', describe: 'what iptables-save prints after loading it', write: (p) => writeSave(iptablesOf(p)) },
    {
      name: 'script',
      describe: 'a POSIX sh script that loads sets and rules idempotently',
      write: (p) => writePolicyScript(p, { ...POLICY_CHAINS, setPrefix: ownedSetPrefix(p.family) }),
    },
    {
      name: 'ipset',
      describe: 'ipset restore input of the peer sets',
      needs: { check: (s) => s.policy.ipset, why: 'the ipset output form needs --ipset' },
      write: (p) => writeIpsets(part(p, 'ipsets')?.sets ?? []),
    },
  ],
};

const policyNftables: Entry<PolicyPlans> = {
  // One inet table sees both families: the plans of both.
  backend: { id: 'policy/nftables', what: 'policy', dataplane: 'nftables', compile: policyNftablesProgram, families: 'both' },
  forms: [
    { name: 'transaction', describe: 'nft -f input: the table inet kube-rulec-policy as one transaction', write: (p) => transactionPieces(nftablesOf(p)) },
    { name: 'ruleset', describe: 'what nft list table inet kube-rulec-policy prints after loading it', write: (p) => rulesetPieces(nftablesOf(p)) },
    { name: 'script', describe: 'a POSIX sh script that replaces the table atomically with nft -f', write: writePolicyNftScript },
  ],
};

const SERVICES: Partial<Record<Dataplane, Entry<ServicePlan>>> = { iptables: servicesIptables, ipvs: servicesIpvs, nftables: servicesNftables };
const POLICY: Partial<Record<Dataplane, Entry<PolicyPlans>>> = { iptables: policyIptables, nftables: policyNftables };

export type Found =
  | { what: 'services'; entry: Entry<ServicePlan>; form: Form }
  | { what: 'policy'; entry: Entry<PolicyPlans>; form: Form }
  | { error: 'not-implemented' | 'no-such-form'; message: string };

/** The backend and form writer for a job, or why there is none. */
export function lookup(job: Job): Found {
  const entry = job.what === 'services' ? SERVICES[job.dataplane] : POLICY[job.dataplane];
  const name = job.what === 'services' ? `--mode ${job.dataplane}` : `--mode policy --backend ${job.dataplane}`;
  if (!entry) return { error: 'not-implemented', message: `${name} is not implemented yet` };
  const form = job.form === undefined ? entry.forms[0]! : entry.forms.find((f) => f.name === job.form);
  if (!form) {
    return { error: 'no-such-form', message: `--output-format ${job.form}: ${name} writes ${entry.forms.map((f) => f.name).join(', ')}` };
  }
  return job.what === 'services'
    ? { what: 'services', entry: entry as Entry<ServicePlan>, form }
    : { what: 'policy', entry: entry as Entry<PolicyPlans>, form };
}

/** Every form name some backend writes, for --help. */
export function formNames(what?: What): string[] {
  const entries = [...Object.values(SERVICES), ...Object.values(POLICY)].filter((e) => !what || e.backend.what === what);
  return [...new Set(entries.flatMap((e) => e.forms.map((f) => f.name)))];
}

/**
 * The output forms of every job, for `compile --help`: one block per mode (and policy backend),
 * its forms in order (the first is the default), each with its one-line description.
 */
export function formsHelp(): string {
  const blocks: string[] = [];
  const add = (name: string, entry: { forms: readonly Form[] }) => {
    const width = Math.max(...entry.forms.map((f) => f.name.length));
    blocks.push([`  ${name}`, ...entry.forms.map((f, i) => `    ${f.name.padEnd(width)}  ${f.describe}${i === 0 ? ' (default)' : ''}`)].join('\n'));
  };
  for (const [dataplane, entry] of Object.entries(SERVICES)) add(`--mode ${dataplane}`, entry);
  for (const [dataplane, entry] of Object.entries(POLICY)) add(`--mode policy --backend ${dataplane}`, entry);
  return `Output forms (--output-format):\n${blocks.join('\n')}`;
}
