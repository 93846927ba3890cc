import type { RequestContext } from '@vpp/core/request-context';
import type { z } from 'zod';
import { defineRoute, type Out, type Route } from './route-table.ts';

interface SettingSpec<BS extends z.ZodType> {
  path: string;
  /** What the setting is, as read (`GET`). */
  summary: string;
  schema: z.ZodType;
  read: () => Promise<unknown>;
  /** How an admin changes it: PUT replaces it, PATCH changes the fields sent. */
  change: {
    method: 'put' | 'patch';
    summary: string;
    body: BS;
    handler: (ctx: RequestContext, body: Out<BS>) => Promise<unknown>;
  };
}

/** A setting of the installation: everyone signed in reads it, only an admin changes it. */
export function settingRoutes<BS extends z.ZodType>({
  path,
  summary,
  schema,
  read,
  change,
}: SettingSpec<BS>): Route[] {
  const success = { status: 200, schema };
  return [
    defineRoute({
      method: 'get',
      path,
      access: 'signedIn',
      tag: 'Settings',
      summary,
      success,
      handler: read,
    }),
    defineRoute<undefined, undefined, BS>({
      method: change.method,
      path,
      access: 'admin',
      tag: 'Settings',
      summary: change.summary,
      body: change.body,
      success,
      handler: ({ ctx, body }) => change.handler(ctx, body),
    }),
  ];
}
