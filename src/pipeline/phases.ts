// Where a compile spends its time: the pipeline runs each phase through a clock the caller may
// give (the benchmark does, bench/run.mjs); without one, a phase is just called.

/** The phases of docs/architecture.md, as the benchmark reports them. */
export type Phase = 'load' | 'check' | 'model' | 'plan' | 'backend' | 'write';

/** Runs `work` as (part of) `phase` and returns what it returns. */
export type PhaseClock = <T>(phase: Phase, work: () => T) => T;

export const NO_CLOCK: PhaseClock = (_phase, work) => work();
