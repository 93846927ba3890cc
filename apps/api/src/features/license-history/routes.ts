import {
  licenseHistoryQuerySchema,
  licenseHistorySchema,
  licenseIntelligenceSettingsSchema,
  updateLicenseIntelligenceSettingsSchema,
} from '@vpp/contracts/license-intelligence';
import { readLicenseHistory } from '@vpp/core/license-history/license-history-store';
import {
  readLicenseIntelligenceSettings,
  updateLicenseIntelligenceSettings,
} from '@vpp/core/license-history/license-intelligence-settings';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';
import { settingRoutes } from '../../http/setting-routes.ts';

export function licenseHistoryRoutes(deps: AppDeps): Route[] {
  const { prisma, pool } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/store-apps/:id/history',
      access: 'signedIn',
      tag: 'Store-app licenses',
      summary: "The app's counts over time: every change for 30 days, then a point a day for 2 years",
      params: z.object({ id: z.uuid() }),
      query: licenseHistoryQuerySchema,
      success: { status: 200, schema: licenseHistorySchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, query }) => readLicenseHistory(pool, params.id, query, deps.now()),
    }),
    ...settingRoutes({
      path: '/api/license-intelligence/settings',
      summary: 'The forecast horizon and the weekly license report',
      schema: licenseIntelligenceSettingsSchema,
      read: () => readLicenseIntelligenceSettings(prisma),
      change: {
        method: 'patch',
        summary: 'Change the forecast horizon or the weekly license report',
        body: updateLicenseIntelligenceSettingsSchema,
        handler: (ctx, body) => updateLicenseIntelligenceSettings(prisma, ctx, body),
      },
    }),
  ];
}
