import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createVppClientFactory, type VppClientFactory } from '@vpp/apple-vpp-client';
import { type AppConfig, databaseTimeouts } from '@vpp/config/config';
import { type Database, openDatabase } from '@vpp/db/database';
import type { Logger } from 'pino';
import { createLogger } from '../logging.ts';
import { createConfiguredMdmGateway } from '../mdm/configured-mdm-gateway.ts';
import type { MdmGateway } from '../mdm/mdm-gateway.ts';
import { installationId } from '../settings/installation-identity.ts';
import type { SyncDeps } from '../sync/sync-deps.ts';
import { createTokenCipher, type TokenCipher } from '../tokens/token-cipher.ts';

// The product's collaborators, built once from the configuration. The API server, the worker,
// `npm start`, the e2e server and the benchmarks all start here; tests pass their own parts in.

export interface Services {
  config: AppConfig;
  database: Database;
  logger: Logger;
  now: () => Date;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  /**
   * Reaches devices with install/remove commands: by default the one configured now (Settings →
   * Device management, else MDM_*), read at every use; tests may pass their own, or null for none.
   */
  mdmGateway: MdmGateway | null;
  /** This installation's mdmInfo id, read once per process. */
  installationId: () => Promise<string>;
  /** This process, as the holder of sync-run leases. */
  workerId: string;
  /** Closes what buildServices opened (the database, unless one was passed in). */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** The `service` field of every log line and the database's application_name. */
  name?: string;
  maxConnections?: number;
}

export type ServiceOverrides = Partial<Omit<Services, 'config' | 'close'>>;

export function buildServices(
  config: AppConfig,
  overrides: ServiceOverrides = {},
  options: ServiceOptions = {},
): Services {
  const name = options.name ?? 'vpp-console';
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL, name);
  const ownDatabase = !overrides.database;
  const database =
    overrides.database ??
    openDatabase(config.DATABASE_URL, {
      applicationName: name,
      timeouts: databaseTimeouts(config),
      ...(options.maxConnections ? { maxConnections: options.maxConnections } : {}),
    });
  const cipher = overrides.cipher ?? createTokenCipher(config.TOKEN_ENCRYPTION_KEY);
  return {
    config,
    database,
    logger,
    now: overrides.now ?? (() => new Date()),
    cipher,
    appleClients:
      overrides.appleClients ??
      createVppClientFactory({
        baseUrl: config.APPLE_VPP_BASE_URL,
        logger: logger.child({ component: 'apple-vpp' }),
      }),
    mdmGateway:
      overrides.mdmGateway !== undefined
        ? overrides.mdmGateway
        : createConfiguredMdmGateway({
            database,
            cipher,
            config,
            logger: logger.child({ component: 'nanomdm' }),
          }),
    installationId: overrides.installationId ?? rememberInstallationId(database),
    workerId: overrides.workerId ?? `worker-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    close: async () => {
      if (ownDatabase) await database.close();
    },
  };
}

/** The installation id never changes once made: read it once, not on every sync. */
function rememberInstallationId(database: Database): () => Promise<string> {
  let id: Promise<string> | undefined;
  return () => {
    id ??= installationId(database.prisma).catch((error: unknown) => {
      id = undefined;
      throw error;
    });
    return id;
  };
}

/** What a sync run needs, from the services (the worker's sync job and the benchmarks). */
export function syncDepsFrom(services: Services): SyncDeps {
  const { config } = services;
  return {
    database: services.database,
    cipher: services.cipher,
    appleClients: services.appleClients,
    logger: services.logger,
    workerId: services.workerId,
    leaseMs: config.SYNC_LEASE_SECONDS * 1000,
    installationId: services.installationId,
    ...(config.APPLE_NOTIFICATIONS_BASE_URL
      ? {
          notifications: {
            baseUrl: config.APPLE_NOTIFICATIONS_BASE_URL,
            encryptionKey: config.TOKEN_ENCRYPTION_KEY,
          },
        }
      : {}),
  };
}
