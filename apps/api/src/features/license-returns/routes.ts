import {
  licenseReturnSuggestionsSchema,
  licenseReturnSummarySchema,
  releaseDeviceLicensesResultSchema,
  returnedLicensesPageSchema,
} from '@vpp/contracts/license-returns';
import { pageQuerySchema } from '@vpp/contracts/paging';
import {
  acceptLicenseReturnSuggestion,
  licenseReturnSummary,
  listLicenseReturnSuggestions,
  listReturnedLicenses,
} from '@vpp/core/mdm-enrollment/return-checked-out-licenses';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

// Licenses returned because their device left (CheckOut, deletion, an accepted suggestion), and the
// checked-out devices whose licenses could go back.

export function licenseReturnRoutes(deps: AppDeps): Route[] {
  const releaseDeps = {
    database: deps.database,
    cipher: deps.tokens.cipher,
    appleClients: deps.tokens.appleClients,
    logger: deps.logger,
  };
  return [
    defineRoute({
      method: 'get',
      path: '/api/license-returns',
      access: 'signedIn',
      tag: 'Licenses returned',
      summary: 'Device licenses given back to Apple because their device left, newest first',
      query: pageQuerySchema,
      success: { status: 200, schema: returnedLicensesPageSchema },
      handler: ({ query }) => listReturnedLicenses(deps, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/license-returns/summary',
      access: 'signedIn',
      tag: 'Licenses returned',
      summary: 'Licenses returned in the last 30 days, and checked-out devices still holding licenses',
      success: { status: 200, schema: licenseReturnSummarySchema },
      handler: () => licenseReturnSummary(deps, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/license-returns/suggestions',
      access: 'signedIn',
      tag: 'Licenses returned',
      summary: 'Checked-out devices still holding device licenses (release them with one click)',
      success: { status: 200, schema: licenseReturnSuggestionsSchema },
      handler: () => listLicenseReturnSuggestions(deps),
    }),
    defineRoute({
      method: 'post',
      path: '/api/license-returns/suggestions/:deviceId/release',
      access: 'admin',
      tag: 'Licenses returned',
      summary: "Release a checked-out device's device licenses at Apple now",
      params: z.object({ deviceId: z.uuid() }),
      success: { status: 200, schema: releaseDeviceLicensesResultSchema },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: ({ params, ctx }) => acceptLicenseReturnSuggestion(releaseDeps, ctx, params.deviceId),
    }),
  ];
}
