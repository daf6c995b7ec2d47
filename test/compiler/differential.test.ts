// compiled == interpreted: for generated programs and data (test/support/arbitrary-program.ts),
// the compiled evaluator's Outcome equals the reference interpreter's on every field
// (explained runs and the fast path both occur among the scenarios), and so do the
// counter keys. The generated inputs include values at the edges of their types (impossible
// dates, fractions for integers, add_days past year 9999, odd and invalid timestamps); an
// invalid transaction time must throw the same error in both. A failure names the case's seed: `generateCase(seed, { transactions: 50 })`
// replays it. Locally every run draws new programs; under CI the base seed is fixed, so a
// clean clone's verdict does not depend on the draw (ACCRUE_DIFF_SEED sets it anywhere).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interpret } from '../../runtime/interpret/index.ts';
import { compileChecked } from '../../compiler/compile.ts';
import { toEpochMs } from '../../runtime/local-time.ts';
import { arbitraryCase } from '../support/arbitrary-program.ts';

function outcomeOrError<T>(f: () => T): T | { thrown: string } {
  try {
    return f();
  } catch (err) {
    return { thrown: err instanceof Error ? err.message : String(err) };
  }
}

const PROGRAMS = Number(process.env.ACCRUE_DIFF_PROGRAMS ?? 2000);
const SEED = process.env.ACCRUE_DIFF_SEED !== undefined ? Number(process.env.ACCRUE_DIFF_SEED)
  : process.env.CI === 'true' ? 20261121 : Math.floor(Math.random() * 0x7fffffff);
const TRANSACTIONS = 50;

// Chunks keep each test short, so the worker stays responsive to the runner.
const CHUNK = 100;

function agree(runs: number, seed: number): number {
  let compared = 0;
  fc.assert(
    fc.property(arbitraryCase({ transactions: TRANSACTIONS, invalidTimes: true }), ({ seed, program, scenarios }) => {
      const compiled = compileChecked(program, 'v');
      const reference = interpret(program, 'v');
      for (const [k, s] of scenarios.entries()) {
        // An invalid transaction time throws in both (the same message).
        const want = outcomeOrError(() => reference.evaluate(s.txn, s.customer, s.state, s.options));
        const got = outcomeOrError(() => compiled.evaluate(s.txn, s.customer, s.state, s.options));
        // Cheap check first; the structural diff only when they differ.
        if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `case seed ${seed}, scenario ${k}`).toEqual(want);
        compared++;
      }
      const valid = scenarios.find((s) => !Number.isNaN(toEpochMs(s.txn.time)));
      if (valid) expect(compiled.counterKeys(valid.txn)).toEqual(reference.counterKeys(valid.txn));
    }),
    { numRuns: runs, seed },
  );
  return compared;
}

describe(`compiled evaluator agrees with the reference interpreter (${PROGRAMS} programs × ${TRANSACTIONS} transactions, base seed ${SEED})`, () => {
  for (let done = 0; done < PROGRAMS; done += CHUNK) {
    const runs = Math.min(CHUNK, PROGRAMS - done);
    it(`programs ${done + 1}–${done + runs}`, () => {
      expect(agree(runs, SEED + done)).toBe(runs * TRANSACTIONS);
    });
  }
});
