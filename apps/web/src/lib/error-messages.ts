import { errorCatalog } from '@vpp/contracts/errors';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiErrorCode, isApiError } from './api-client.ts';

function isKnownCode(code: string): code is ApiErrorCode {
  return code in errorCatalog || code === 'NETWORK_ERROR' || code === 'UNEXPECTED_RESPONSE';
}

/** Apple's error numbers the console explains; others are named by number only. */
const EXPLAINED_APPLE_ERRORS = new Set([9601, 9621, 9622, 9625, 9637, 9647]);

/** Apple's refusal, as Apple's: its number, what it means and what to do. */
function appleRefusal(number: unknown, t: TFunction): string {
  const known = typeof number === 'number' && EXPLAINED_APPLE_ERRORS.has(number);
  return t('errors.appleRefused', {
    number: typeof number === 'number' ? number : '?',
    // The key is built from the number, so it is not one of the typed keys.
    meaning: known ? t(`appleErrors.${number}` as never) : t('appleErrors.other'),
  });
}

/** The reader's-language message for any failure; API errors are translated by their stable code. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error) && error.extensions.appleRefused === true) {
    return appleRefusal(error.extensions.appleErrorNumber, t);
  }
  if (isApiError(error) && isKnownCode(error.code)) return t(`errors.${error.code}`);
  return t('errors.INTERNAL');
}

export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorMessage(error, t), [t]);
}
