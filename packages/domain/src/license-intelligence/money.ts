// Money as integer minor units (cents) of an ISO 4217 currency: prices are parsed from text and
// written as text without ever passing through a float.

/** How many minor units a currency has (EUR 2, JPY 0, BHD 3), from the platform's ICU data. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * "12.99", "12,99", "1 234.5", "€ 12.99" → minor units; undefined when the text is no amount or
 * has more decimals than the currency has.
 */
export function parseMoney(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(/^[\p{Sc}A-Za-z]+/u, '');
  const match = /^(\d{1,12})(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const whole = BigInt(match[1]!) * 10n ** BigInt(digits);
  const minor = whole + BigInt(fraction.padEnd(digits, '0') || '0');
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(minor);
}

/** Minor units → "12.99" (no symbol, no grouping), exact for any integer. */
export function minorToDecimal(minor: number | bigint, currency: string): string {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const text = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative ? `-${body}` : body;
}
