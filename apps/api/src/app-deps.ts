import type { AppConfig } from '@vpp/config/config';
import type { PasswordCheckPool } from '@vpp/core/auth/password-check-pool';
import type { ReportTotalsCache } from '@vpp/core/reports/license-counts-report';
import type { TokenServiceDeps } from '@vpp/core/tokens/token-service-deps';
import type { Database } from '@vpp/db/database';
import type { Logger } from 'pino';
import type { SessionTokens } from './features/auth/session-tokens.ts';
import type { ApiMetrics } from './http/api-metrics.ts';

/** Everything a route needs, built once by createApp and passed down: no module-level singletons. */
export interface AppDeps {
  config: AppConfig;
  database: Database;
  logger: Logger;
  sessionTokens: SessionTokens;
  /** Bounded, fair pool for sign-in password checks: a burst is refused fast, not queued. */
  passwordChecks: PasswordCheckPool;
  metrics: ApiMetrics;
  now: () => Date;
  tokens: TokenServiceDeps;
  reportTotals: ReportTotalsCache;
}
