// One fresh process, as a user meets the checker: load the front end, check the card example
// (a small program: modules loaded, code compiled once), then time the first check of the
// generated 2,000-rule program (parse + check). Prints `{"ms": …}`; bench/compile.ts runs it.
import { performance } from 'node:perf_hooks';
import { checkSource } from '../compiler/front.ts';
import { cardSource } from './workloads/card.ts';
import { generatedSource } from './workloads/generated.ts';

const rules = Number(process.argv[2] ?? 2000);
checkSource(cardSource());
const source = generatedSource(rules);
const t = performance.now();
const { diagnostics } = checkSource(source);
const ms = performance.now() - t;
if (diagnostics.length > 0) throw new Error(`the generated program has diagnostics: ${diagnostics[0]!.message}`);
console.log(JSON.stringify({ ms }));
