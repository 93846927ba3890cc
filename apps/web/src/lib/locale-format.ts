import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** One formatter per locale, made the first time that locale asks. */
function perLocale<Format>(make: (locale: string) => Format): (locale: string) => Format {
  const made = new Map<string, Format>();
  return (locale) => {
    let format = made.get(locale);
    if (!format) {
      format = make(locale);
      made.set(locale, format);
    }
    return format;
  };
}

const dateTimeFormat = perLocale(
  (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }),
);
const dateFormat = perLocale((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
const timeFormat = perLocale((locale) => new Intl.DateTimeFormat(locale, { timeStyle: 'short' }));
const numberFormat = perLocale((locale) => new Intl.NumberFormat(locale));
const percentFormat = perLocale(
  (locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }),
);

/** Formats a date (or its ISO text) with the locale's formatter; text that is no date stays as it is. */
function dateWith(format: (locale: string) => Intl.DateTimeFormat) {
  return (value: string | Date, locale: string): string => {
    const date = typeof value === 'string' ? new Date(value) : value;
    if (Number.isNaN(date.getTime())) return String(value);
    return format(locale).format(date);
  };
}

/** A date and time in the reader's language, e.g. "Mar 3, 2026, 2:05 PM" or "3 mrt 2026, 14:05". */
export const formatDateTime = dateWith(dateTimeFormat);

/** A calendar date in the reader's language, e.g. "Mar 3, 2026" or "3 mrt 2026". */
export const formatDate = dateWith(dateFormat);

/** A time of day in the reader's language, e.g. "2:05 PM" or "14:05". */
export const formatTime = dateWith(timeFormat);

/** A whole percentage in the reader's language, e.g. "10%" (a setting stored as 10). */
export function formatPercent(value: number, locale: string): string {
  return percentFormat(locale).format(value / 100);
}

/** A number with the reader's grouping, e.g. "3,000" or "3.000". */
export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}

export interface LocaleFormat {
  locale: string;
  dateTime(value: string | Date): string;
  date(value: string | Date): string;
  time(value: string | Date): string;
  number(value: number): string;
}

/** Formatters bound to the console's current language; they change when the language does. */
export function useLocaleFormat(): LocaleFormat {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(
    () => ({
      locale,
      dateTime: (value: string | Date) => formatDateTime(value, locale),
      date: (value: string | Date) => formatDate(value, locale),
      time: (value: string | Date) => formatTime(value, locale),
      number: (value: number) => formatNumber(value, locale),
    }),
    [locale],
  );
}
