import { applicationSchema } from '@vpp/contracts/deployments';
import { pagedSchema } from '@vpp/contracts/paging';
import {
  createApplicationRequestSchema,
  storeAppQuerySchema,
  storeAppSchema,
} from '@vpp/contracts/store-apps';
import { createApplication } from '@vpp/core/applications/manage-applications';
import { getStoreApp, listStoreApps } from '@vpp/core/store-apps/list-store-apps';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });

export function storeAppRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/store-apps',
      access: 'signedIn',
      tag: 'Store-app licenses',
      summary: 'License information for store apps: one row per app per token',
      query: storeAppQuerySchema,
      success: { status: 200, schema: pagedSchema(storeAppSchema) },
      handler: ({ query }) => listStoreApps(prisma, deps.database.pool, query, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/store-apps/:id',
      access: 'signedIn',
      tag: 'Store-app licenses',
      summary: 'One store-app license row',
      params: idParams,
      success: { status: 200, schema: storeAppSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getStoreApp(prisma, params.id, { now: deps.now() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/store-apps/:id/applications',
      access: 'admin',
      tag: 'Applications',
      summary: "Create an application bound to this token's licenses of the app",
      params: idParams,
      body: createApplicationRequestSchema,
      success: { status: 201, schema: applicationSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, body, ctx }) => createApplication(prisma, ctx, params.id, body.name),
    }),
  ];
}
