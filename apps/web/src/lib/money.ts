// Money arrives as integer minor units (cents) of a currency: shown in the reader's locale without
// a float on the way (the decimal text goes to Intl, which formats it exactly).

function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  const text = BigInt(minor)
    .toString()
    .padStart(digits + 1, '0');
  const decimal = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
      decimal as unknown as number,
    );
  } catch {
    return `${decimal} ${currency}`;
  }
}

/** Minor units → "12.99" for an input. */
export function decimalFromMinor(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const text = BigInt(minor)
    .toString()
    .padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** "12.99" or "12,99" → minor units; undefined when it is no amount in the currency. */
export function minorFromDecimal(text: string, currency: string): number | undefined {
  const digits = minorDigits(currency);
  const match = /^(\d{1,10})(?:[.,](\d+))?$/.exec(text.replace(/\s/g, ''));
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  return Number(BigInt(match[1]!) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0'));
}
