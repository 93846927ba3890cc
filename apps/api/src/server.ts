import type { Server } from 'node:http';
import { createVppClientFactory } from '@vpp/apple-vpp-client';
import type { AppConfig } from '@vpp/config/config';
import { createPasswordCheckPool } from '@vpp/core/auth/password-check-pool';
import { ReportTotalsCache } from '@vpp/core/reports/license-counts-report';
import { createTokenCipher } from '@vpp/core/tokens/token-cipher';
import { MAX_TOKENS_PER_INSTALLATION } from '@vpp/core/tokens/token-service-deps';
import type { Database } from '@vpp/db/database';
import { installJobQueue } from '@vpp/job-queue/job-queue';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { createSessionTokens } from './features/auth/session-tokens.ts';
import { createApiMetrics } from './http/api-metrics.ts';

export interface RunningApi {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export function buildAppDeps(
  config: AppConfig,
  database: Database,
  logger: Logger,
  overrides: { now?: () => Date; maxTokens?: number } = {},
): AppDeps {
  const now = overrides.now ?? (() => new Date());
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
      cipher: createTokenCipher(config.TOKEN_ENCRYPTION_KEY),
      appleClients: createVppClientFactory({
        baseUrl: config.APPLE_VPP_BASE_URL,
        logger: logger.child({ component: 'apple-vpp' }),
      }),
      now,
      maxTokens: overrides.maxTokens ?? MAX_TOKENS_PER_INSTALLATION,
      schedule: { cron: config.SYNC_SCHEDULE, spreadMs: config.SYNC_SPREAD_MINUTES * 60_000 },
    },
  };
}

/** Starts the HTTP API on the configured port (0 picks a free one, as tests do). */
export async function startApi(config: AppConfig, database: Database, logger: Logger): Promise<RunningApi> {
  await installJobQueue(database.pool, logger);
  const { app } = createApp(buildAppDeps(config, database, logger));
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.PORT, config.HOST, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
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
