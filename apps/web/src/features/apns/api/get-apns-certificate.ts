import { apnsCertificateSchema } from '@vpp/contracts/apns';
import { apiRequest, isApiError } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';

export const apnsCertificateQueryKey = ['apns-certificate'] as const;

/** The uploaded MDM push certificate, or null while none has been uploaded (the API's 404). */
export async function getApnsCertificate(signal?: AbortSignal) {
  try {
    return await apiRequest('/api/apns-certificate', apnsCertificateSchema, { signal });
  } catch (error) {
    if (isApiError(error) && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

export const { options: apnsCertificateQueryOptions, use: useApnsCertificate } = apiQuery({
  key: () => apnsCertificateQueryKey,
  get: getApnsCertificate,
});
