// Large programs share template functions among same-shaped rules (compiler/emit/template.ts).
// The differential test's programs are small, so here templating is forced on for generated
// programs: every outcome must still equal the reference interpreter's. (The 2,000-rule
// benchmark program, templated at the normal threshold, is checked in workloads.test.ts.)
import { afterAll, beforeAll, describe, it } from 'vitest';
import { TEMPLATE_MIN_RULES } from '../../compiler/emit/program.ts';
import { generateCase } from '../support/arbitrary-program.ts';
import { expectCaseAgrees } from '../support/programs.ts';

describe('templated rule functions', () => {
  const saved = TEMPLATE_MIN_RULES.value;
  beforeAll(() => { TEMPLATE_MIN_RULES.value = 0; });
  afterAll(() => { TEMPLATE_MIN_RULES.value = saved; });

  it('agree with the reference interpreter on 300 generated programs × 30 transactions', () => {
    for (let seed = 1; seed <= 300; seed++) {
      expectCaseAgrees(generateCase(seed * 7919, { transactions: 30 }));
    }
  });
});
