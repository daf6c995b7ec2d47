// Small units of the checker: did-you-mean distances, constant folding, the built-in table.
import { describe, expect, it } from 'vitest';
import { BUILTINS } from '../../compiler/builtins.ts';
import { closest } from '../../compiler/check/suggest.ts';
import { editDistance } from '../../grammar/did-you-mean.ts';
import { fold } from '../../compiler/check/fold.ts';
import type { BuiltinName, TExpr } from '../../compiler/ir.ts';
import { T } from '../../compiler/types.ts';
import { START_SPAN as span } from '../../grammar/span.ts';

describe('did-you-mean', () => {
  it.each([
    ['categroy', ['amount', 'category', 'channel'], 'category'],
    ['ammount', ['amount', 'category'], 'amount'],
    ['id', ['tip', 'items'], undefined],
    ['Dining', ['dining', 'travel'], 'dining'],
    ['xyz', ['amount'], undefined],
  ] as const)('%s → %s', (name, candidates, want) => {
    expect(closest(name, candidates)).toBe(want);
  });

  it('counts a transposition as one edit', () => {
    expect(editDistance('teir', 'tier')).toBe(1);
  });
});

describe('constant folding', () => {
  const num = (v: string): TExpr => ({ kind: 'literal', type: T.number, span, value: { kind: 'number', value: v } });
  const field: TExpr = { kind: 'field', scope: 'transaction', name: 'amount', type: T.money('USD'), span };
  const bin = (op: '+' | '>' | 'and' | 'or', left: TExpr, right: TExpr): TExpr => ({ kind: 'binary', op, left, right, type: T.boolean, span });
  const bool = (value: boolean): TExpr => ({ kind: 'literal', type: T.boolean, span, value: { kind: 'boolean', value } });

  it('folds exact decimal arithmetic and comparisons', () => {
    expect(fold(bin('>', bin('+', num('0.1'), num('0.2')), num('0.3')))).toEqual({ kind: 'boolean', v: false });
  });

  it('short-circuits on either side', () => {
    const unknown = bin('>', field, field);
    expect(fold(bin('and', unknown, bool(false)))).toEqual({ kind: 'boolean', v: false });
    expect(fold(bin('or', bool(true), unknown))).toEqual({ kind: 'boolean', v: true });
    expect(fold(bin('and', unknown, bool(true)))).toBeUndefined();
  });
});

describe('built-ins', () => {
  it('types every built-in the IR names', () => {
    const all: Record<BuiltinName, true> = {
      lower: true, upper: true, length: true, starts_with: true, ends_with: true, contains: true, date: true, time_of_day: true,
      weekday: true, hour: true, day: true, month: true, quarter: true, year: true, days_between: true, add_days: true,
      abs: true, round: true, floor: true, ceil: true, least: true, greatest: true, present: true, coalesce: true,
    };
    expect([...BUILTINS.keys()].sort()).toEqual(Object.keys(all).sort());
    for (const b of BUILTINS.values()) expect(b.doc.length).toBeGreaterThan(0);
  });
});
