import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateTimeFormat(locale: string): Intl.DateTimeFormat {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale, format);
  }
  return format;
}

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
    dateFormats.set(locale, format);
  }
  return format;
}

function timeFormat(locale: string): Intl.DateTimeFormat {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
    timeFormats.set(locale, format);
  }
  return format;
}

function numberFormat(locale: string): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format;
}

/** A date and time in the reader's language, e.g. "Mar 3, 2026, 2:05 PM" or "3 mrt 2026, 14:05". */
export function formatDateTime(value: string | Date, locale: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateTimeFormat(locale).format(date);
}

/** A calendar date in the reader's language, e.g. "Mar 3, 2026" or "3 mrt 2026". */
export function formatDate(value: string | Date, locale: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return dateFormat(locale).format(date);
}

/** A time of day in the reader's language, e.g. "2:05 PM" or "14:05". */
export function formatTime(value: string | Date, locale: string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return timeFormat(locale).format(date);
}

/** A number with the reader's grouping, e.g. "3,000" or "3.000". */
const percentFormats = new Map<string, Intl.NumberFormat>();

/** A whole percentage in the reader's language, e.g. "10%" (a setting stored as 10). */
export function formatPercent(value: number, locale: string): string {
  let format = percentFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    percentFormats.set(locale, format);
  }
  return format.format(value / 100);
}

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
