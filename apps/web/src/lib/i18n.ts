import { type Locale, locales } from '@vpp/contracts/accounts';
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import nlNL from '../locales/nl-NL.json';

export const resources = {
  en: { translation: en },
  'nl-NL': { translation: nlNL },
} as const satisfies Record<Locale, { translation: typeof en }>;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

// Remembers the last account's language so the sign-in page speaks it before anyone signs in.
const STORAGE_KEY = 'vpp-console.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

function readStoredLocale(): Locale | undefined {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(stored) ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Before sign-in: the remembered language, else the browser's, else English. */
export function initialLocale(): Locale {
  const stored = readStoredLocale();
  if (stored) return stored;
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  return preferred.some((language) => language.toLowerCase().startsWith('nl')) ? 'nl-NL' : 'en';
}

export function createI18n(locale: Locale): i18n {
  const instance = i18next.createInstance();
  instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: [...locales],
    load: 'currentOnly',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  document.documentElement.lang = locale;
  return instance;
}

/** Switches the whole console to a language at once and remembers it for the sign-in page. */
export async function applyLocale(instance: i18n, locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode); the language still switches for this visit.
  }
  document.documentElement.lang = locale;
  if (instance.language !== locale) await instance.changeLanguage(locale);
}
