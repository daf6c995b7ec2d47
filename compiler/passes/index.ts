// The optimization passes, in the order they run. Each is one small file; each mutates
// the Lowered program in place and never changes what any evaluation returns.
import type { CheckedProgram } from '../ir.ts';
import { lower, type Lowered } from './lowered.ts';
import { foldConstants } from './fold.ts';
import { windowFacts } from './windows.ts';
import { dispatchOnField } from './dispatch.ts';
import { shareSubexpressions } from './shared.ts';
import { fastGuards } from './guards.ts';

export const PASSES: readonly { readonly name: string; readonly run: (p: Lowered) => void }[] = [
  { name: 'fold-constants', run: foldConstants },
  { name: 'window-facts', run: windowFacts },
  { name: 'dispatch', run: dispatchOnField },
  { name: 'shared-subexpressions', run: shareSubexpressions },
  { name: 'fast-guards', run: fastGuards },
];

/** Lowers a checked program and runs every pass over it. */
export function optimize(program: CheckedProgram): Lowered {
  const p = lower(program);
  for (const pass of PASSES) pass.run(p);
  return p;
}
