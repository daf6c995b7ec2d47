import { describe, expect, it } from 'vitest';
import { formatMinor, formatMoney, fromMinor, minorDigits, parseMoney, toMinor } from '../../runtime/currency.ts';
import { Dec } from '../../runtime/decimal.ts';

describe('currency', () => {
  it('knows minor digits of common currencies and defaults to 2', () => {
    expect(minorDigits('USD')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
    expect(minorDigits('XYZ')).toBe(2);
  });

  it('parses money given as a number or a decimal string exactly', () => {
    expect(parseMoney(12.34, 'USD')!.toString()).toBe('12.34');
    expect(parseMoney('12.34', 'USD')!.toString()).toBe('12.34');
    expect(parseMoney(0.1, 'USD')!.plus(parseMoney(0.2, 'USD')!).toString()).toBe('0.3');
    expect(parseMoney('-5', 'USD')!.toString()).toBe('-5');
    expect(parseMoney(1500, 'JPY')!.toString()).toBe('1500');
  });

  it('rejects more decimals than the currency has, and non-numbers', () => {
    expect(parseMoney('1.234', 'USD')).toBeUndefined();
    expect(parseMoney(1.5, 'JPY')).toBeUndefined();
    expect(parseMoney('1.234', 'KWD')!.toString()).toBe('1.234');
    expect(parseMoney('abc', 'USD')).toBeUndefined();
    expect(parseMoney(Number.NaN, 'USD')).toBeUndefined();
    expect(parseMoney(null, 'USD')).toBeUndefined();
    expect(parseMoney(true, 'USD')).toBeUndefined();
  });

  it('reads a money input "0x10" as no amount, not 16 USD (as a number field reads it); exponents stay exact decimals', () => {
    for (const text of ['0x10', '0b11', '0o17', '-0x1', ' 0X1F ']) expect(parseMoney(text, 'USD'), text).toBeUndefined();
    expect(parseMoney('1.5e2', 'USD')!.toString()).toBe('150');
    expect(parseMoney(1e21, 'USD')!.toFixed()).toBe('1000000000000000000000');
    expect(parseMoney(1e-7, 'USD')).toBeUndefined();
  });

  it('refuses an exponent past the decimal range instead of reading it as 0 or infinity; a zero stays zero', () => {
    for (const text of ['1e-99999999999999999999', '-5.5E-9000000000000000', '1e99999999999999999999']) expect(parseMoney(text, 'USD'), text).toBeUndefined();
    expect(parseMoney('0e-99999999999999999999', 'USD')!.isZero()).toBe(true);
    expect(parseMoney('0.0e5', 'USD')!.isZero()).toBe(true);
  });

  it('converts to and from minor units', () => {
    expect(toMinor(new Dec('12.34'), 'USD')).toBe(1234);
    expect(toMinor(new Dec('12.345'), 'KWD')).toBe(12345);
    expect(toMinor(new Dec('1500'), 'JPY')).toBe(1500);
    expect(fromMinor(1234, 'USD').toString()).toBe('12.34');
    expect(fromMinor(-5, 'USD').toString()).toBe('-0.05');
  });

  it('formats with exactly the currency digits', () => {
    expect(formatMoney(new Dec(6), 'USD')).toBe('6.00');
    expect(formatMoney(new Dec('1500'), 'JPY')).toBe('1500');
    expect(formatMoney(new Dec('0.5'), 'KWD')).toBe('0.500');
    expect(formatMoney(new Dec('0.125'), 'USD')).toBe('0.12');
    expect(formatMoney(new Dec('-0.001'), 'USD')).toBe('0.00');
    expect(formatMinor(600, 'USD')).toBe('6.00');
  });
});
