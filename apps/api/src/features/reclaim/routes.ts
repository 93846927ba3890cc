import {
  priceImportResultSchema,
  reclaimCandidatesQuerySchema,
  reclaimCandidatesSchema,
  reclaimRequestSchema,
  reclaimResultSchema,
  reclaimScheduleSchema,
  reclaimSchema,
  reclaimsPageSchema,
  reclaimsQuerySchema,
  setStoreAppPriceSchema,
  storeAppPriceSchema,
} from '@vpp/contracts/reclaim';
import {
  getStoreAppPrice,
  importStoreAppPrices,
  setStoreAppPrice,
} from '@vpp/core/license-cost/store-app-prices';
import {
  getReclaim,
  listReclaimCandidates,
  listReclaims,
  readReclaimSchedule,
  reclaimLicenses,
  undoReclaim,
  updateReclaimSchedule,
} from '@vpp/core/reclaim/reclaim-licenses';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { CSV_FILE_HELP, csvImportRoute } from '../../http/csv-import.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

// Cost (license prices) and reclaim (docs/license-intelligence.md). Managers read; admins change.

const idParams = z.object({ id: z.uuid() });

export function reclaimRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  const reclaimDeps = {
    database: deps.database,
    cipher: deps.tokens.cipher,
    appleClients: deps.tokens.appleClients,
    logger: deps.logger,
  };
  return [
    // ------------------------------------------------------------ cost
    defineRoute({
      method: 'get',
      path: '/api/store-apps/:id/price',
      access: 'signedIn',
      tag: 'License cost',
      summary: "A store app's price per license, in minor units of the organisation's currency",
      params: idParams,
      success: { status: 200, schema: storeAppPriceSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getStoreAppPrice(prisma, params.id),
    }),
    defineRoute({
      method: 'put',
      path: '/api/store-apps/:id/price',
      access: 'admin',
      tag: 'License cost',
      summary: "Set (or with null remove) a store app's price per license, in minor units (cents)",
      params: idParams,
      body: setStoreAppPriceSchema,
      success: { status: 200, schema: storeAppPriceSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, body, ctx }) => setStoreAppPrice(prisma, ctx, params.id, body.unitPriceMinor),
    }),
    csvImportRoute({
      path: '/api/store-apps/prices/import',
      tag: 'License cost',
      summary: `Set license prices from a CSV file with the columns adamId (required), price (required; a decimal in the organisation's currency such as 12.99; empty removes the price), token (a token name or id; without it every token's app), pricingParam. ${CSV_FILE_HELP}`,
      report: priceImportResultSchema,
      description: 'What was priced, and the rows refused',
      handler: ({ ctx }, csv) => importStoreAppPrices(prisma, ctx, csv),
    }),

    // ------------------------------------------------------------ reclaim
    defineRoute({
      method: 'get',
      path: '/api/reclaim/candidates',
      access: 'signedIn',
      tag: 'Reclaim',
      summary:
        'Licenses a reclaim rule finds (DEVICE_NOT_SEEN and NOT_INSTALLED take days, default 30), with the money each would free',
      query: reclaimCandidatesQuerySchema,
      success: { status: 200, schema: reclaimCandidatesSchema },
      handler: ({ query }) => listReclaimCandidates(deps, query, deps.now()),
    }),
    defineRoute({
      method: 'post',
      path: '/api/reclaim',
      access: 'admin',
      tag: 'Reclaim',
      summary:
        'Take licenses back: {candidateIds} or {rule, days?}, with dryRun to preview. Installed apps are removed first by an uninstall deployment; the rest are released at Apple at once. Undoable for 7 days.',
      body: reclaimRequestSchema,
      success: { status: 200, schema: reclaimResultSchema },
      errors: ['APPLE_UNAVAILABLE'],
      handler: ({ body, ctx }) => reclaimLicenses(reclaimDeps, ctx, body, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/reclaims',
      access: 'signedIn',
      tag: 'Reclaim',
      summary: 'Reclaims done, newest first, with the licenses each took back and until when Undo is offered',
      query: reclaimsQuerySchema,
      success: { status: 200, schema: reclaimsPageSchema },
      handler: ({ query }) => listReclaims(deps, query, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/reclaims/:id',
      access: 'signedIn',
      tag: 'Reclaim',
      summary: 'One reclaim',
      params: idParams,
      success: { status: 200, schema: reclaimSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getReclaim(deps, params.id, deps.now()),
    }),
    defineRoute({
      method: 'post',
      path: '/api/reclaims/:id/undo',
      access: 'admin',
      tag: 'Reclaim',
      summary:
        'Undo a reclaim (within 7 days): the licenses are assigned again if enough are free; the apps are not reinstalled',
      params: idParams,
      success: { status: 200, schema: reclaimSchema },
      errors: [
        'NOT_FOUND',
        'RECLAIM_UNDO_EXPIRED',
        'RECLAIM_ALREADY_UNDONE',
        'RECLAIM_LICENSES_NOT_FREE',
        'APPLE_UNAVAILABLE',
      ],
      handler: ({ params, ctx }) => undoReclaim(reclaimDeps, ctx, params.id, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/reclaim/schedule',
      access: 'signedIn',
      tag: 'Reclaim',
      summary: 'The reclaim rules the daily job runs (02:37 UTC)',
      success: { status: 200, schema: reclaimScheduleSchema },
      handler: () => readReclaimSchedule(prisma),
    }),
    defineRoute({
      method: 'put',
      path: '/api/reclaim/schedule',
      access: 'admin',
      tag: 'Reclaim',
      summary: 'Choose the reclaim rules the daily job runs; an empty list runs none',
      body: reclaimScheduleSchema,
      success: { status: 200, schema: reclaimScheduleSchema },
      handler: ({ body, ctx }) => updateReclaimSchedule(prisma, ctx, body),
    }),
  ];
}
