import {
  licenseIntelligenceSettingsSchema,
  type updateLicenseIntelligenceSettingsSchema,
} from '@vpp/contracts/license-intelligence';
import type { z } from 'zod';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { licenseReportQueryKey } from '../../reports/api/get-license-report.ts';

const PATH = '/api/license-intelligence/settings';
const key = ['license-intelligence-settings'] as const;

export const { options: licenseIntelligenceSettingsQueryOptions, use: useLicenseIntelligenceSettings } =
  apiQuery({
    key: () => key,
    get: (signal) => apiRequest(PATH, licenseIntelligenceSettingsSchema, { signal }),
  });

export function useUpdateLicenseIntelligenceSettings() {
  return useRefreshingMutation(
    (body: z.input<typeof updateLicenseIntelligenceSettingsSchema>) =>
      apiRequest(PATH, licenseIntelligenceSettingsSchema, { method: 'PATCH', body }),
    // The horizon changes every forecast of the report.
    () => [key, licenseReportQueryKey],
  );
}
