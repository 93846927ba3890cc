import {
  deviceManagementSchema,
  deviceManagementTestSchema,
  updateDeviceManagementSchema,
} from '@vpp/contracts/device-management';
import { checkOutLicensesSchema, settingsSchema, updateSettingsSchema } from '@vpp/contracts/settings';
import { readCheckOutLicenses, updateCheckOutLicenses } from '@vpp/core/settings/check-out-licenses';
import {
  clearDeviceManagement,
  describeDeviceManagement,
  saveDeviceManagement,
  testDeviceManagementConnection,
} from '@vpp/core/settings/device-management';
import { readSettings, updateSettings } from '@vpp/core/settings/installation-settings';
import type { Request } from 'express';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';
import { settingRoutes } from '../../http/setting-routes.ts';
import { NANOMDM_WEBHOOK_PATH } from '../nanomdm-webhook/routes.ts';

export function settingsRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  const { cipher } = deps.tokens;
  /** The -webhook-url to give NanoMDM: under PUBLIC_URL, else where this request came in. */
  const webhookUrl = (req: Request) =>
    new URL(
      NANOMDM_WEBHOOK_PATH,
      deps.config.PUBLIC_URL ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`,
    ).href;
  const describe = (req: Request) => describeDeviceManagement(prisma, cipher, deps.config, webhookUrl(req));
  return [
    ...settingRoutes({
      path: '/api/settings',
      summary: 'Installation settings',
      schema: settingsSchema,
      read: () => readSettings(prisma),
      change: {
        method: 'patch',
        summary: 'Change installation settings',
        body: updateSettingsSchema,
        handler: (ctx, body) => updateSettings(prisma, ctx, body),
      },
    }),
    ...settingRoutes({
      path: '/api/settings/check-out-licenses',
      summary: 'What happens to the licenses of a device that checks out of the MDM or is deleted',
      schema: checkOutLicensesSchema,
      read: () => readCheckOutLicenses(prisma),
      change: {
        method: 'put',
        summary: 'Release the licenses of checked-out devices immediately, after N days, or only suggest it',
        body: checkOutLicensesSchema,
        handler: (ctx, body) => updateCheckOutLicenses(prisma, ctx, body),
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/settings/device-management',
      access: 'admin',
      tag: 'Settings',
      summary:
        'The MDM server deployments drive (keys are never returned: apiKeySet tells whether one is saved)',
      success: { status: 200, schema: deviceManagementSchema },
      handler: ({ req }) => describe(req),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/device-management',
      access: 'admin',
      tag: 'Settings',
      summary:
        'Save the MDM server (overrides MDM_*); keys are stored encrypted, an omitted key keeps the saved one',
      body: updateDeviceManagementSchema,
      success: { status: 200, schema: deviceManagementSchema },
      handler: async ({ req, body, ctx }) => {
        await saveDeviceManagement(prisma, cipher, ctx, body);
        return describe(req);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/settings/device-management',
      access: 'admin',
      tag: 'Settings',
      summary: 'Forget the saved MDM server: the MDM_* environment applies again',
      success: { status: 200, schema: deviceManagementSchema },
      handler: async ({ req, ctx }) => {
        await clearDeviceManagement(prisma, ctx);
        return describe(req);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/settings/device-management/test',
      access: 'admin',
      tag: 'Settings',
      summary: 'Test the connection to the MDM server in use (NanoMDM/NanoHUB: version and API key)',
      success: { status: 200, schema: deviceManagementTestSchema },
      errors: ['MDM_NOT_CONFIGURED', 'MDM_API_KEY_REFUSED', 'MDM_NOT_NANOMDM', 'MDM_UNREACHABLE'],
      handler: () => testDeviceManagementConnection(prisma, cipher, deps.config),
    }),
  ];
}
