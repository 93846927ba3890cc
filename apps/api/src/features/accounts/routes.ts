import {
  accountSchema,
  accountSessionListSchema,
  createAccountRequestSchema,
  updateAccountRequestSchema,
} from '@vpp/contracts/accounts';
import { pagedSchema, pageQuerySchema } from '@vpp/contracts/paging';
import {
  createAccount,
  deleteAccount,
  listAccounts,
  updateAccount,
} from '@vpp/core/accounts/manage-accounts';
import { endAccountSessions, listAccountSessions } from '@vpp/core/auth/sessions';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });
const sessionParams = z.object({ id: z.uuid(), sessionId: z.uuid() });

export function accountRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/users-admin',
      access: 'admin',
      tag: 'Accounts',
      summary: 'List console accounts',
      query: pageQuerySchema,
      success: { status: 200, schema: pagedSchema(accountSchema) },
      handler: ({ query }) => listAccounts(prisma, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users-admin',
      access: 'admin',
      tag: 'Accounts',
      summary: 'Create a console account',
      body: createAccountRequestSchema,
      success: { status: 201, schema: accountSchema },
      errors: ['EMAIL_TAKEN'],
      handler: ({ body, ctx }) => createAccount(prisma, ctx, body),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users-admin/:id',
      access: 'admin',
      tag: 'Accounts',
      summary: "Change an account's name, role, language or password, or disable it",
      params: idParams,
      body: updateAccountRequestSchema,
      success: { status: 200, schema: accountSchema },
      errors: ['NOT_FOUND', 'LAST_ADMIN'],
      handler: ({ params, body, ctx }) => updateAccount(prisma, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/users-admin/:id',
      access: 'admin',
      tag: 'Accounts',
      summary: 'Delete an account',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND', 'LAST_ADMIN'],
      handler: ({ params, ctx }) => deleteAccount(prisma, ctx, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/users-admin/:id/sessions',
      access: 'admin',
      tag: 'Accounts',
      summary: "An account's open sessions (signed-in browsers), newest first",
      params: idParams,
      success: { status: 200, schema: accountSessionListSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => listAccountSessions(prisma, ctx, params.id, deps.now()),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/users-admin/:id/sessions',
      access: 'admin',
      tag: 'Accounts',
      summary: "End all of an account's sessions at once",
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => endAccountSessions(prisma, ctx, params.id),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/users-admin/:id/sessions/:sessionId',
      access: 'admin',
      tag: 'Accounts',
      summary: 'End one session of an account at once',
      params: sessionParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => endAccountSessions(prisma, ctx, params.id, params.sessionId),
    }),
  ];
}
