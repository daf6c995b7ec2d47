import { describe, expect, it } from 'vitest';
import { Dec } from '../../runtime/decimal.ts';
import { roundBuiltin, roundMoney, roundPoints } from '../../runtime/rounding.ts';

describe('rounding', () => {
  it('rounds points with every program mode', () => {
    const r = (x: string, m: Parameters<typeof roundPoints>[1]) => roundPoints(new Dec(x), m);
    expect([r('2.5', 'floor'), r('2.5', 'ceil'), r('2.5', 'half-up'), r('2.5', 'half-even'), r('2.5', 'half-down'), r('2.5', 'down'), r('2.5', 'up')])
      .toEqual([2, 3, 3, 2, 2, 2, 3]);
    expect([r('3.5', 'half-even'), r('2.4999', 'half-up'), r('2.0001', 'ceil'), r('2.9999', 'floor')]).toEqual([4, 2, 3, 2]);
    expect([r('-2.5', 'floor'), r('-2.5', 'down'), r('-2.5', 'half-up')]).toEqual([-3, -2, -3]);
  });

  it('rounds money half-even to minor units', () => {
    expect(roundMoney(new Dec('0.125'), 'USD').toString()).toBe('0.12');
    expect(roundMoney(new Dec('0.135'), 'USD').toString()).toBe('0.14');
    expect(roundMoney(new Dec('2.5'), 'JPY').toString()).toBe('2');
    expect(roundMoney(new Dec('0.0005'), 'KWD').toString()).toBe('0');
  });

  it('round() takes ties away from zero', () => {
    expect(roundBuiltin(new Dec('2.5')).toString()).toBe('3');
    expect(roundBuiltin(new Dec('-2.5')).toString()).toBe('-3');
  });
});
