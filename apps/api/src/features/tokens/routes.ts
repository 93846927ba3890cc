import { AppError } from '@vpp/contracts/errors';
import { pagedSchema } from '@vpp/contracts/paging';
import {
  categoriesSchema,
  createTokenFieldsSchema,
  deletionPreviewSchema,
  startSyncResponseSchema,
  syncHealthSchema,
  syncRunChangesListSchema,
  syncRunQuerySchema,
  syncRunSchema,
  tokenListQuerySchema,
  tokenSchema,
  updateTokenFieldsSchema,
} from '@vpp/contracts/tokens';
import { getSyncRun, listSyncRunChanges, listSyncRuns } from '@vpp/core/sync/list-sync-runs';
import { startManualSync } from '@vpp/core/sync/request-sync';
import { readSyncHealth } from '@vpp/core/sync/sync-health';
import {
  addToken,
  deleteToken,
  getToken,
  listTokens,
  tokenDeletionPreview,
  updateToken,
} from '@vpp/core/tokens/manage-tokens';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import type { MultipartFormat } from '../../http/request-body.ts';
import { DEFAULT_JSON_LIMIT_BYTES } from '../../http/request-body.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });

// A .vpptoken is one line of base64 under 16 KiB; anything much larger is refused while reading.
const tokenUpload: MultipartFormat = {
  fileField: 'token',
  maxFileBytes: 64 * 1024,
  maxFields: 10,
  maxFieldBytes: 4 * 1024,
};

export function tokenRoutes(deps: AppDeps): Route[] {
  const tokens = deps.tokens;
  return [
    defineRoute({
      method: 'get',
      path: '/api/tokens',
      access: 'signedIn',
      tag: 'Tokens',
      summary: 'List VPP tokens with their status',
      query: tokenListQuerySchema,
      success: { status: 200, schema: pagedSchema(tokenSchema) },
      handler: ({ query }) => listTokens(deps.database.pool, query, deps.now()),
    }),
    defineRoute({
      method: 'post',
      path: '/api/tokens',
      access: 'admin',
      tag: 'Tokens',
      summary: 'Upload a .vpptoken file; a full sync is queued',
      accepts: { multipart: tokenUpload },
      body: createTokenFieldsSchema,
      bodyEncoding: 'multipart',
      success: { status: 201, schema: tokenSchema },
      errors: [
        'TOKEN_UNREADABLE',
        'TOKEN_EXPIRED',
        'TOKEN_REVOKED',
        'TOKEN_ALREADY_ADDED',
        'TOKEN_IN_USE_ELSEWHERE',
        'TOKEN_LIMIT_REACHED',
        'PAYLOAD_TOO_LARGE',
        'APPLE_UNAVAILABLE',
      ],
      handler: ({ body, ctx, req }) => {
        if (!req.is('multipart/form-data')) {
          throw new AppError(
            'UNSUPPORTED_MEDIA_TYPE',
            'Upload the token as multipart/form-data with a `token` file.',
          );
        }
        return addToken(tokens, ctx, body, req.file?.buffer);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/tokens/:id',
      access: 'signedIn',
      tag: 'Tokens',
      summary: 'One token',
      params: idParams,
      success: { status: 200, schema: tokenSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getToken(tokens, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/tokens/:id',
      access: 'admin',
      tag: 'Tokens',
      summary: 'Edit a token, or renew it with a new file (multipart `token`) of the same location',
      params: idParams,
      accepts: { json: { limitBytes: DEFAULT_JSON_LIMIT_BYTES }, multipart: tokenUpload },
      body: updateTokenFieldsSchema,
      success: { status: 200, schema: tokenSchema },
      errors: [
        'NOT_FOUND',
        'TOKEN_LOCATION_MISMATCH',
        'TOKEN_UNREADABLE',
        'TOKEN_EXPIRED',
        'TOKEN_REVOKED',
        'TOKEN_IN_USE_ELSEWHERE',
      ],
      handler: ({ params, body, ctx, req }) => updateToken(tokens, ctx, params.id, body, req.file?.buffer),
    }),
    defineRoute({
      method: 'get',
      path: '/api/tokens/:id/deletion-preview',
      access: 'admin',
      tag: 'Tokens',
      summary: 'What deleting the token would remove',
      params: idParams,
      success: { status: 200, schema: deletionPreviewSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => tokenDeletionPreview(tokens, params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/tokens/:id',
      access: 'admin',
      tag: 'Tokens',
      summary: 'Delete a token with its apps, applications and deployments',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => deleteToken(tokens, ctx, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/tokens/:id/sync',
      access: 'admin',
      tag: 'Tokens',
      summary: 'Start a full sync now, or return the one already queued or running',
      params: idParams,
      success: { status: 202, schema: startSyncResponseSchema },
      errors: ['NOT_FOUND'],
      handler: async ({ params, ctx }) => {
        await getToken(tokens, params.id);
        const { syncRunId } = await startManualSync(deps.database.prisma, ctx, params.id);
        return { syncRunId };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/sync-runs',
      access: 'signedIn',
      tag: 'Sync',
      summary: 'Sync runs, newest first',
      query: syncRunQuerySchema,
      success: { status: 200, schema: pagedSchema(syncRunSchema) },
      handler: ({ query }) => listSyncRuns(deps.database.pool, query),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sync-runs/:id',
      access: 'signedIn',
      tag: 'Sync',
      summary: 'One sync run, for live progress',
      params: idParams,
      success: { status: 200, schema: syncRunSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getSyncRun(deps.database.prisma, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sync-runs/:id/changes',
      access: 'signedIn',
      tag: 'Sync',
      summary: 'What one sync run changed, per app',
      params: idParams,
      success: { status: 200, schema: syncRunChangesListSchema },
      errors: ['NOT_FOUND'],
      handler: async ({ params }) => ({ items: await listSyncRunChanges(deps.database.prisma, params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/sync-health',
      access: 'signedIn',
      tag: 'Sync',
      summary: 'Whether the console recommends a manual sync (stale data, or a restored database)',
      success: { status: 200, schema: syncHealthSchema },
      handler: () => readSyncHealth(deps.database.prisma, deps.config.SYNC_SCHEDULE, deps.now()),
    }),
    defineRoute({
      method: 'get',
      path: '/api/categories',
      access: 'signedIn',
      tag: 'Tokens',
      summary: 'Categories in use',
      success: { status: 200, schema: categoriesSchema },
      handler: async () => ({
        items: (
          await deps.database.prisma.category.findMany({
            where: { tokens: { some: {} } },
            orderBy: { name: 'asc' },
          })
        ).map((category) => category.name),
      }),
    }),
  ];
}
