// The helpers generated code may call, passed to `new Function` as named parameters: the
// closed world of the compiled evaluator. Null-aware forms (…N for numbers, …P for other
// ordered values) return null when an operand is absent, as the interpreter does.
import { Dec } from '../../runtime/decimal.ts';
import { add, cmp, div, dec, eq, ge, gt, le, lt, max, min, mul, neg as negNum, norm, roundDiv, sub, type Num } from './num.ts';
import { own, toBool, toDate, toEnum, toInt, toList, toMoney, toNum, toRecord, toStr, toTime, toTs } from './convert.ts';
import { rec, windowValues } from './observe.ts';
import {
  capKeyOf, capRefOf, chooseWinner, expiryOf, mdCeil, mdDown, mdFloor, mdHalfDown, mdHalfEven, mdHalfUp, mdUp,
  frozenEmpty, memoSet, minorText, MoneyAcc, notApplicable, positive, room, sortApplied, toNumber,
} from './fast.ts';

type N = Num | null;
type P = string | number | boolean | null;

/** Tiered cashback (runtime/interpret/rewards.ts tieredAmount) in minor units: bands sorted by `from`, the purchase occupies [over, over + base). */
function tiered(base: Num, over: Num, froms: readonly Num[], rates: readonly Num[]): Num {
  let sorted = true;
  for (let i = 1; i < froms.length; i++) if (cmp(froms[i - 1]!, froms[i]!) > 0) { sorted = false; break; }
  const order = sorted ? undefined : froms.map((_, i) => i).sort((a, b) => cmp(froms[a]!, froms[b]!));
  const end = add(over, base);
  let total: Num = 0;
  for (let k = 0; k < froms.length; k++) {
    const i = order ? order[k]! : k;
    const lo = max(froms[i]!, over);
    const next = order ? order[k + 1] : k + 1 < froms.length ? k + 1 : undefined;
    const hi = next !== undefined ? min(froms[next]!, end) : end;
    if (gt(hi, lo)) total = add(total, mul(sub(hi, lo), rates[i]!));
  }
  return total;
}

/** tiered() with rates given as integer numerators over one denominator `q`: the exact sum × q. */
function tieredQ(base: Num, over: Num, froms: Num[], rateNums: number[]): Num {
  if (typeof base === 'number' && typeof over === 'number') {
    // Integers throughout when the bands are sorted safe integers and every product stays safe.
    const end = over + base;
    let total = 0, ok = Number.isSafeInteger(end);
    for (let k = 0; ok && k < froms.length; k++) {
      const f = froms[k]!, next = froms[k + 1];
      if (typeof f !== 'number' || (next !== undefined && (typeof next !== 'number' || next < f))) { ok = false; break; }
      const lo = f > over ? f : over;
      const hi = next === undefined ? end : next < end ? next : end;
      if (hi > lo) {
        const part = (hi - lo) * rateNums[k]!;
        total += part;
        if (!Number.isSafeInteger(part) || !Number.isSafeInteger(total)) ok = false;
      }
    }
    if (ok) return total === 0 ? 0 : total;
  }
  return tiered(base, over, froms, rateNums);
}

function inList(v: unknown, list: readonly unknown[] | null, numeric: boolean): boolean | null {
  if (v === null || list === null) return null;
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    if (x !== null && (numeric ? eq(v as Num, x as Num) : v === x)) return true;
  }
  return false;
}

/** A counter of the state snapshot (0 when missing), in the compiled representation. */
function counter(counters: Readonly<Record<string, number>>, key: string): Num {
  const n = counters[key] ?? 0;
  return Number.isSafeInteger(n) ? n : norm(new Dec(n));
}

export const HELPERS = {
  addN: (a: N, b: N): N => (a === null || b === null ? null : add(a, b)),
  subN: (a: N, b: N): N => (a === null || b === null ? null : sub(a, b)),
  mulN: (a: N, b: N): N => (a === null || b === null ? null : mul(a, b)),
  divN: (a: N, b: N): N => (a === null || b === null || (typeof b === 'number' ? b === 0 : b.isZero()) ? null : div(a, b)),
  eqN: (a: N, b: N): boolean | null => (a === null || b === null ? null : eq(a, b)),
  neN: (a: N, b: N): boolean | null => (a === null || b === null ? null : !eq(a, b)),
  ltN: (a: N, b: N): boolean | null => (a === null || b === null ? null : lt(a, b)),
  leN: (a: N, b: N): boolean | null => (a === null || b === null ? null : le(a, b)),
  gtN: (a: N, b: N): boolean | null => (a === null || b === null ? null : gt(a, b)),
  geN: (a: N, b: N): boolean | null => (a === null || b === null ? null : ge(a, b)),
  minN: min,
  maxN: max,
  addN0: add,
  neg: negNum,
  isZero: (a: Num): boolean => (typeof a === 'number' ? a === 0 : a.isZero()),
  roundDiv,
  tiered,
  tieredQ,
  eqP: (a: P, b: P): boolean | null => (a === null || b === null ? null : a === b),
  neP: (a: P, b: P): boolean | null => (a === null || b === null ? null : a !== b),
  ltP: (a: P, b: P): boolean | null => (a === null || b === null ? null : (a as string) < (b as string)),
  leP: (a: P, b: P): boolean | null => (a === null || b === null ? null : (a as string) <= (b as string)),
  gtP: (a: P, b: P): boolean | null => (a === null || b === null ? null : (a as string) > (b as string)),
  geP: (a: P, b: P): boolean | null => (a === null || b === null ? null : (a as string) >= (b as string)),
  inList,
  counter,
  own, toNum, toInt, toMoney, toStr, toBool, toDate, toTs, toTime, toEnum, toRecord, toList,
  rec, windowValues,
  dec,
  // settlement (emit/grant.ts, emit/fast.ts)
  lt, sub, positive, room, toNumber, minorText, capKeyOf, capRefOf, expiryOf, chooseWinner, sortApplied, notApplicable, memoSet, frozenEmpty,
  moneyAcc: (): MoneyAcc => new MoneyAcc(),
  /** An array of n empty slots (generated code reads no globals, not even Array). */
  slots: (n: number): unknown[] => new Array(n),
  /** An empty list with room for four entries (V8 preallocates them for `new Array()`). */
  list: (): unknown[] => new Array(),
  mdFloor, mdCeil, mdDown, mdUp, mdHalfUp, mdHalfDown, mdHalfEven,
} as const;

export type Helpers = typeof HELPERS;
