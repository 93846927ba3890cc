import { locales, roles } from '@vpp/contracts/accounts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** Choices for a role <select>, labelled in the reader's language. */
export function useRoleOptions() {
  const { t } = useTranslation();
  return useMemo(() => roles.map((role) => ({ value: role, label: t(`roles.${role}`) })), [t]);
}

/** Choices for a language <select>; each language is named in itself, with the reader's name after it. */
export function useLocaleOptions() {
  const { t } = useTranslation();
  return useMemo(() => locales.map((locale) => ({ value: locale, label: t(`locales.${locale}`) })), [t]);
}
