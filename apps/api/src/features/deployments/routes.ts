import {
  deploymentPreviewSchema,
  deploymentRequestSchema,
  deploymentSchema,
  deploymentTargetQuerySchema,
  patchDeploymentSchema,
} from '@vpp/contracts/deployments';
import { createDeployment } from '@vpp/core/deployments/create-deployment';
import { getDeployment, refuseActionChange, stopDeployment } from '@vpp/core/deployments/manage-deployments';
import { previewDeployment } from '@vpp/core/deployments/plan-deployment';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });

export function deploymentRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/deployments/preview',
      access: 'admin',
      tag: 'Deployments',
      summary: "A deployment's license impact before saving it; writes nothing",
      body: deploymentRequestSchema,
      success: { status: 200, schema: deploymentPreviewSchema },
      errors: ['NOT_FOUND'],
      handler: ({ body }) => previewDeployment(deps.database, body),
    }),
    defineRoute({
      method: 'post',
      path: '/api/deployments',
      access: 'admin',
      tag: 'Deployments',
      summary: 'Deploy an application to a collection (Required); install reserves the licenses it claims',
      body: deploymentRequestSchema,
      success: { status: 201, schema: deploymentSchema },
      errors: ['PURPOSE_NOT_SUPPORTED', 'APNS_CERTIFICATE_REQUIRED', 'NOT_FOUND'],
      handler: async ({ body, ctx }) => {
        const { id } = await createDeployment(deps.database, ctx, body, deps.now());
        return getDeployment(deps.database, id, { page: 1, pageSize: 100 });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/deployments/:id',
      access: 'signedIn',
      tag: 'Deployments',
      summary: 'A deployment with counts per state and a page of its targets',
      params: idParams,
      query: deploymentTargetQuerySchema,
      success: { status: 200, schema: deploymentSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, query }) => getDeployment(deps.database, params.id, query),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/deployments/:id',
      access: 'admin',
      tag: 'Deployments',
      summary: "A deployment's action cannot change (409 ACTION_IMMUTABLE)",
      params: idParams,
      body: patchDeploymentSchema,
      success: { status: 200, schema: deploymentSchema },
      errors: ['ACTION_IMMUTABLE', 'NOT_FOUND'],
      handler: async ({ params }) => {
        await getDeployment(deps.database, params.id, { page: 1, pageSize: 1 });
        return refuseActionChange();
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/deployments/:id',
      access: 'admin',
      tag: 'Deployments',
      summary: 'Stop further work; licenses are released only by an uninstall deployment',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => stopDeployment(deps.database, ctx, params.id),
    }),
  ];
}
