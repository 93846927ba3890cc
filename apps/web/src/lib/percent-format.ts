const percentFormats = new Map<string, Intl.NumberFormat>();

/** A whole percentage in the reader's language, e.g. "10%" (the setting is stored as 10). */
export function formatPercent(value: number, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(value / 100);
}
