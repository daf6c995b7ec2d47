// evaluate/*: evaluations per second of one transaction, compiled (fast path and
// explained), the reference interpreter and json-rules-engine on the card rules, and the
// compiled fast path on generated 20-, 200- and 2,000-rule programs.
import { compile } from '../compiler/compile.ts';
import { checkSource } from '../compiler/front.ts';
import { interpret } from '../runtime/interpret/index.ts';
import type { Evaluator } from '../runtime/program.ts';
import { throughput, throughputAsync } from './measure.ts';
import type { Bench, Result, RunOptions } from './registry.ts';
import { cardSamples, cardSource, type Sample } from './workloads/card.ts';
import { cardEngine, cardFacts } from './workloads/card-jre.ts';
import { generatedSamples, generatedSource } from './workloads/generated.ts';

function compiled(source: string): Evaluator {
  const { program, diagnostics } = compile(source, { version: 'bench' });
  if (!program) throw new Error(`bench program does not compile: ${diagnostics.filter((d) => d.severity === 'error').slice(0, 3).map((d) => d.message).join('; ')}`);
  return program;
}

const FAST = { explain: false } as const;
const EXPLAIN = { explain: true } as const;

function seconds(o: RunOptions, full: number): number {
  return o.quick ? Math.min(full, 1.5) : full;
}

function evalBench(name: string, ev: () => Evaluator, samples: () => Sample[], options: typeof FAST | typeof EXPLAIN, full: number): Bench {
  return {
    name,
    run(o) {
      const e = ev();
      const s = samples();
      const n = s.length;
      return [throughput(name, (i) => { const x = s[i % n]!; return e.evaluate(x.txn, x.customer, x.state, options).totals.points; }, { seconds: seconds(o, full), batch: 1000 })];
    },
  };
}

const card = (): Evaluator => compiled(cardSource());

export const benches: Bench[] = [
  evalBench('evaluate/card/compiled-fast', card, () => cardSamples(), FAST, 5),
  evalBench('evaluate/card/compiled-explain', card, () => cardSamples(), EXPLAIN, 4),
  evalBench('evaluate/card/interpreter', () => interpret(checkSource(cardSource()).program!, 'bench'), () => cardSamples(), EXPLAIN, 3),
  {
    name: 'evaluate/card/json-rules-engine',
    async run(o): Promise<Result[]> {
      const engine = cardEngine();
      const s = cardSamples();
      const r = await throughputAsync('evaluate/card/json-rules-engine', (i) => engine.run(cardFacts(s[i % s.length]!)), { seconds: seconds(o, 3), batch: 50 });
      return [{ ...r, note: 'hand-written json-rules-engine version of the card rules (bench/workloads/card-jre.ts)' }];
    },
  },
  evalBench('evaluate/generated-20/compiled-fast', () => compiled(generatedSource(20)), () => generatedSamples(20), FAST, 3),
  evalBench('evaluate/generated-200/compiled-fast', () => compiled(generatedSource(200)), () => generatedSamples(200), FAST, 3),
  evalBench('evaluate/generated-2000/compiled-fast', () => compiled(generatedSource(2000)), () => generatedSamples(2000), FAST, 4),
];
