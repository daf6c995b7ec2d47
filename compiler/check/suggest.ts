// "Did you mean …?" hints: the closest known name by edit distance, if close enough to be
// a plausible typo. Only computed when a name is already unknown, so cost is off the hot path.
import { editDistance } from '../../grammar/did-you-mean.ts';

/** The candidate closest to `name` (case-insensitively), or undefined when none is a plausible typo. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  // A third of the length, at least 1: `categroy` → `category`, but `id` never → `tip`.
  const max = Math.max(1, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(lower, c.toLowerCase(), bestD);
    // Ties go to the earlier candidate: callers list the likelier names first.
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= max ? best : undefined;
}

/** The standard hint text for a suggestion. */
export function didYouMean(suggestion: string | undefined): string | undefined {
  return suggestion === undefined ? undefined : `did you mean \`${suggestion}\`?`;
}
