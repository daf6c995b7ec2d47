// Where a counter lives. Cap and budget counters belong to a program (a tenant may run
// several, and their rule ids may coincide): they are stored as `<program>|<key>`. The
// customer's period-to-date aggregates (`agg:…`) belong to the customer, whatever program
// counted them. `program` is the caller's stable program id, so every version of a program
// shares its caps and budgets; null means the unprefixed keys of rows posted before version 3.
import type { Evaluator } from '../program.ts';

export function storedKey(program: string | null, key: string): string {
  return program === null || key.startsWith('agg:') ? key : `${program}|${key}`;
}

const storedLists = new WeakMap<readonly string[], { space: string; stored: readonly string[] }>();

/**
 * `keys` as stored in `space`. An evaluator answers the same key list for every transaction
 * of a day (state-keys.ts), so the stored list is built once per list and space and shared.
 */
export function storedKeys(space: string, keys: readonly string[]): readonly string[] {
  const hit = storedLists.get(keys);
  if (hit !== undefined && hit.space === space) return hit.stored;
  const stored = Object.freeze(keys.map((key) => storedKey(space, key)));
  storedLists.set(keys, { space, stored });
  return stored;
}

/** The counter space of a request: the caller's program id, else the program's declared name. */
export function programSpace(program: string | undefined, evaluator: Evaluator): string {
  return program ?? evaluator.checked.name;
}
