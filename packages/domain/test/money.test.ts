import { describe, expect, it } from 'vitest';
import { minorDigits, minorToDecimal, parseMoney } from '../src/license-intelligence/money.ts';

describe('money in minor units', () => {
  it('knows how many minor units a currency has', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('BHD')).toBe(3);
  });

  it('parses prices without floats', () => {
    expect(parseMoney('12.99', 'EUR')).toBe(1299);
    expect(parseMoney('12,5', 'EUR')).toBe(1250);
    expect(parseMoney('€ 7', 'EUR')).toBe(700);
    expect(parseMoney('0.10', 'USD')).toBe(10);
    // 0.1 + 0.2 in floats is 0.30000000000000004: here it is exact.
    expect(parseMoney('0.3', 'USD')).toBe(30);
    expect(parseMoney('1500', 'JPY')).toBe(1500);
    expect(parseMoney('1.5', 'JPY')).toBeUndefined();
    expect(parseMoney('12.999', 'EUR')).toBeUndefined();
    expect(parseMoney('-3', 'EUR')).toBeUndefined();
    expect(parseMoney('abc', 'EUR')).toBeUndefined();
    expect(parseMoney('', 'EUR')).toBeUndefined();
  });

  it('writes minor units as a decimal', () => {
    expect(minorToDecimal(1299, 'EUR')).toBe('12.99');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(0, 'EUR')).toBe('0.00');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal(9_007_199_254_740_993n, 'EUR')).toBe('90071992547409.93');
  });
});
