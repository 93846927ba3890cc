import {
  apiKeyIdParamsSchema,
  apiKeyListSchema,
  createApiKeyRequestSchema,
  createdApiKeySchema,
} from '@vpp/contracts/api-keys';
import { createApiKey, listApiKeys, revokeApiKey } from '@vpp/core/auth/api-keys';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

export function apiKeyRoutes(deps: AppDeps): Route[] {
  const { database } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/api-keys',
      access: 'admin',
      tag: 'API keys',
      summary: 'API keys, with when each was last used (never the key itself)',
      success: { status: 200, schema: apiKeyListSchema },
      handler: () => listApiKeys(database.pool, deps.now()),
    }),
    defineRoute({
      method: 'post',
      path: '/api/api-keys',
      access: 'admin',
      tag: 'API keys',
      summary: 'Create an API key; the answer is the only time the key is shown',
      body: createApiKeyRequestSchema,
      success: { status: 201, schema: createdApiKeySchema },
      errors: ['SCOPES_NOT_SUPPORTED'],
      handler: ({ body, ctx }) => createApiKey(database, ctx, body, deps.now()),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/api-keys/:id',
      access: 'admin',
      tag: 'API keys',
      summary: 'Revoke an API key: it is refused (401) from the next request on',
      params: apiKeyIdParamsSchema,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => revokeApiKey(database, ctx, params.id, deps.now()),
    }),
  ];
}
