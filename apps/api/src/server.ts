import type { Server } from 'node:http';
import type { AppConfig } from '@vpp/config/config';
import { createPasswordCheckPool } from '@vpp/core/auth/password-check-pool';
import { ReportTotalsCache } from '@vpp/core/reports/license-counts-report';
import { buildServices, type Services } from '@vpp/core/services/services';
import { MAX_TOKENS_PER_INSTALLATION } from '@vpp/core/tokens/token-service-deps';
import type { Database } from '@vpp/db/database';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { createSessionTokens } from './features/auth/session-tokens.ts';
import { createApiMetrics } from './http/api-metrics.ts';
import { answerClientErrors } from './http/client-errors.ts';

export interface RunningApi {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/** The API's dependencies: the shared services, plus what only the HTTP side needs. */
export function buildAppDeps(
  config: AppConfig,
  database: Database,
  logger: Logger,
  overrides: { now?: () => Date; maxTokens?: number; services?: Services } = {},
): AppDeps {
  const services =
    overrides.services ??
    buildServices(config, { database, logger, ...(overrides.now ? { now: overrides.now } : {}) });
  const { now } = services;
  return {
    config,
    database,
    logger,
    sessionTokens: createSessionTokens(config.SESSION_SECRET, config.SESSION_TTL_HOURS),
    passwordChecks: createPasswordCheckPool(),
    metrics: createApiMetrics(),
    now,
    reportTotals: new ReportTotalsCache(),
    tokens: {
      prisma: database.prisma,
      cipher: services.cipher,
      appleClients: services.appleClients,
      now,
      maxTokens: overrides.maxTokens ?? MAX_TOKENS_PER_INSTALLATION,
      schedule: { cron: config.SYNC_SCHEDULE, spreadMs: config.SYNC_SPREAD_MINUTES * 60_000 },
    },
  };
}

export async function startApi(services: Services): Promise<RunningApi> {
  const { config, database, logger } = services;
  await installJobQueue(database.pool, logger);
  const { app } = createApp(buildAppDeps(config, database, logger, { services }));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.PORT, config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  answerClientErrors(server);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  return {
    server,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
