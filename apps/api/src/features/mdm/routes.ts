import { mdmEventsRequestSchema } from '@vpp/contracts/deployments';
import { applyDeviceReports } from '@vpp/core/deployments/apply-device-reports';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function mdmRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/mdm/events',
      access: 'mdm',
      tag: 'MDM',
      summary: 'The device side reports command results (installed, removed, failed) per device and app',
      body: mdmEventsRequestSchema,
      success: { status: 200, schema: z.object({ applied: z.number().int(), ignored: z.number().int() }) },
      handler: ({ body }) => applyDeviceReports(deps.database, body),
    }),
  ];
}
