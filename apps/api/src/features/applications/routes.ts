import { applicationListQuerySchema, applicationSchema } from '@vpp/contracts/deployments';
import { pagedSchema } from '@vpp/contracts/paging';
import { getApplication, listApplications } from '@vpp/core/applications/manage-applications';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function applicationRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/applications',
      access: 'signedIn',
      tag: 'Applications',
      summary: 'Applications with their store app and deployments',
      query: applicationListQuerySchema,
      success: { status: 200, schema: pagedSchema(applicationSchema) },
      handler: ({ query }) => listApplications(prisma, deps.database.pool, query, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/applications/:id',
      access: 'signedIn',
      tag: 'Applications',
      summary: 'One application',
      params: z.object({ id: z.uuid() }),
      success: { status: 200, schema: applicationSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getApplication(prisma, params.id),
    }),
  ];
}
