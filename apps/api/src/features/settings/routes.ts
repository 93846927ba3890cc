import { settingsSchema, updateSettingsSchema } from '@vpp/contracts/settings';
import { readSettings, updateSettings } from '@vpp/core/settings/installation-settings';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function settingsRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/settings',
      access: 'signedIn',
      tag: 'Settings',
      summary: 'Installation settings',
      success: { status: 200, schema: settingsSchema },
      handler: () => readSettings(prisma),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/settings',
      access: 'admin',
      tag: 'Settings',
      summary: 'Change installation settings',
      body: updateSettingsSchema,
      success: { status: 200, schema: settingsSchema },
      handler: ({ body, ctx }) => updateSettings(prisma, ctx, body),
    }),
  ];
}
