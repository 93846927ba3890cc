import { checkOutLicensesSchema, settingsSchema, updateSettingsSchema } from '@vpp/contracts/settings';
import { readCheckOutLicenses, updateCheckOutLicenses } from '@vpp/core/settings/check-out-licenses';
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
    defineRoute({
      method: 'get',
      path: '/api/settings/check-out-licenses',
      access: 'signedIn',
      tag: 'Settings',
      summary: 'What happens to the licenses of a device that checks out of the MDM or is deleted',
      success: { status: 200, schema: checkOutLicensesSchema },
      handler: () => readCheckOutLicenses(prisma),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/check-out-licenses',
      access: 'admin',
      tag: 'Settings',
      summary: 'Release the licenses of checked-out devices immediately, after N days, or only suggest it',
      body: checkOutLicensesSchema,
      success: { status: 200, schema: checkOutLicensesSchema },
      handler: ({ body, ctx }) => updateCheckOutLicenses(prisma, ctx, body),
    }),
  ];
}
