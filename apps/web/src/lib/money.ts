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
