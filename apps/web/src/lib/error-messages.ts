import { errorCatalog } from '@vpp/contracts/errors';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiErrorCode, isApiError } from './api-client.ts';

function isKnownCode(code: string): code is ApiErrorCode {
  return code in errorCatalog || code === 'NETWORK_ERROR' || code === 'UNEXPECTED_RESPONSE';
}

/** The reader's-language message for any failure; API errors are translated by their stable code. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error) && isKnownCode(error.code)) return t(`errors.${error.code}`);
  return t('errors.INTERNAL');
}

export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => errorMessage(error, t), [t]);
}
