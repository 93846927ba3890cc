import { AppError } from '@vpp/contracts/errors';
import { pendingMigrations } from '@vpp/db/migrations';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const healthSchema = z.object({ status: z.literal('ok') });
const readinessSchema = z.object({
  status: z.literal('ready'),
  database: z.literal('ok'),
  migrations: z.literal('ok'),
});

/** How long /readyz waits for the database before it says not ready. */
const READINESS_TIMEOUT_MS = 3_000;

function answerWithin<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function operationsRoutes(deps: AppDeps, openApiDocument: () => object): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      access: 'public',
      tag: 'Operations',
      summary: 'The process is up',
      success: { status: 200, schema: healthSchema },
      handler: () => ({ status: 'ok' as const }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      access: 'public',
      tag: 'Operations',
      summary: 'The database is reachable and fully migrated',
      success: { status: 200, schema: readinessSchema },
      errors: ['NOT_READY'],
      handler: async () => {
        let pending: string[];
        try {
          // A frozen database must not hold the probe for the whole statement timeout.
          pending = await answerWithin(READINESS_TIMEOUT_MS, pendingMigrations(deps.database.pool));
        } catch (error) {
          throw new AppError('NOT_READY', 'The database cannot be reached.', { cause: error });
        }
        if (pending.length > 0) {
          throw new AppError('NOT_READY', `Migrations not applied: ${pending.join(', ')}`);
        }
        return { status: 'ready' as const, database: 'ok' as const, migrations: 'ok' as const };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/metrics',
      access: 'metrics',
      tag: 'Operations',
      summary: 'Prometheus metrics: bearer METRICS_TOKEN (without one, loopback callers only)',
      success: { status: 200, description: 'Prometheus text format', contentType: 'text/plain' },
      handler: async ({ res }) => {
        res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      access: 'public',
      tag: 'Operations',
      summary: 'This OpenAPI document',
      success: { status: 200, description: 'OpenAPI 3.1 document' },
      handler: ({ res }) => {
        res.json(openApiDocument());
      },
    }),
  ];
}
