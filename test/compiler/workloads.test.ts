// The benchmark workloads (bench/workloads) through the compiled evaluator and the reference
// interpreter: the credit-card program on its 1,000 mixed transactions and the generated
// 2,000-rule program (templated, emit/template.ts) on its transactions, explained and fast.
// What the benchmarks time is what the semantics define.
import { describe, expect, it } from 'vitest';
import { interpret } from '../../runtime/interpret/index.ts';
import { compile } from '../../compiler/compile.ts';
import { checkSource } from '../../compiler/front.ts';
import type { Sample } from '../../bench/workloads/card.ts';
import { cardSamples, cardSource } from '../../bench/workloads/card.ts';
import { generatedSamples, generatedSource } from '../../bench/workloads/generated.ts';

function agree(src: string, samples: readonly Sample[]): void {
  const { program, diagnostics } = compile(src, { version: 'v' });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const reference = interpret(checkSource(src).program!, 'v');
  for (const s of samples) {
    for (const options of [{ explain: false }, { explain: true }]) {
      const got = program!.evaluate(s.txn, s.customer, s.state, options);
      const want = reference.evaluate(s.txn, s.customer, s.state, options);
      if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, `${s.txn.id} ${JSON.stringify(options)}`).toEqual(want);
    }
  }
}

describe('benchmark workloads agree with the reference interpreter', () => {
  it('credit card, 1,000 transactions', () => agree(cardSource(), cardSamples()));
  it('generated 2,000 rules, 300 transactions', () => agree(generatedSource(2000), generatedSamples(2000, 300)));
});
