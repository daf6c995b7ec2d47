// Static limits on nesting, checked on tokens before parsing (the parser recurses once per
// level, so 10,000 `(` must never reach it) and on the AST after building (long operator
// chains parse iteratively but make deep trees that recursive consumers would overflow on).
import type { TokenType } from 'chevrotain';
import { LIMITS } from './diagnostics.ts';
import { LBracket, LParen, Minus, R, RBracket, RParen } from './tokens.ts';

/** Deepest expression tree consumers are promised (operator chains included). */
export const MAX_TREE_DEPTH = 1000;

/**
 * The first place in token types `start` to `end` (exclusive) where bracket nesting plus a run
 * of prefix operators (`not`, `-`) exceeds LIMITS.nestingDepth: the index past the limit, and
 * where that nest began (both relative to `start`); undefined when none does. The measure is
 * within a small factor of the parser's recursion depth, which is what it protects.
 */
export function findTooDeepIn(types: readonly TokenType[], start: number, end: number): { index: number; nestStart: number } | undefined {
  let brackets = 0;
  let prefixRun = 0;
  let nestStart = 0;
  for (let i = start; i < end; i++) {
    const type = types[i]!;
    if (brackets === 0 && prefixRun === 0) nestStart = i - start;
    if (type === LParen || type === LBracket) {
      brackets++;
      prefixRun = 0;
    } else if (type === RParen || type === RBracket) {
      brackets = Math.max(0, brackets - 1);
      prefixRun = 0;
    } else if (type === R.not || type === Minus) {
      prefixRun++;
    } else {
      prefixRun = 0;
    }
    if (brackets + prefixRun > LIMITS.nestingDepth) return { index: i - start, nestStart };
  }
  return undefined;
}

/** Depth of an AST (nodes with a `kind` count one level each), measured without recursion. */
export function treeDepth(root: object): number {
  let max = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const v of value) stack.push([v, depth]);
      continue;
    }
    const here = 'kind' in value ? depth + 1 : depth;
    if (here > max) max = here;
    for (const [k, v] of Object.entries(value)) if (k !== 'span' && k !== 'opSpan') stack.push([v, here]);
  }
  return max;
}
