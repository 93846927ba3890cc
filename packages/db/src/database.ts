import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { poolConfigFromUrl } from './pg-connection.ts';

export type DbClient = PrismaClient;
/** What domain code is handed: the client or an interactive transaction of it. */
export type Db = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;

export interface Database {
  prisma: PrismaClient;
  /** The same pool Prisma uses, for the set-based bulk paths (COPY, unnest) that need raw SQL. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface DatabaseTimeouts {
  /** A new connection fails after this long. */
  connectTimeoutMs: number;
  /** The server cancels a statement after this long; the client gives up 5 s later (a frozen server). */
  statementTimeoutMs: number;
  /** The server ends a session left in an open transaction this long. */
  idleInTransactionTimeoutMs: number;
}

export interface DatabaseOptions {
  maxConnections?: number;
  applicationName?: string;
  /** From the configuration (`databaseTimeouts(config)`); unset: none (throwaway test databases). */
  timeouts?: DatabaseTimeouts;
}

/** How much longer than the server's statement timeout the client waits for an answer. */
const CLIENT_GRACE_MS = 5_000;

/** node-postgres pool settings for the timeouts; keep-alive finds connections to a vanished host. */
export function poolTimeoutSettings(timeouts: DatabaseTimeouts | undefined): pg.PoolConfig {
  if (!timeouts) return {};
  return {
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    statement_timeout: timeouts.statementTimeoutMs,
    query_timeout: timeouts.statementTimeoutMs + CLIENT_GRACE_MS,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

export function openDatabase(databaseUrl: string, options: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    ...poolConfigFromUrl(databaseUrl),
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'vpp-console',
    ...poolTimeoutSettings(options.timeouts),
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  let closed = false;
  return {
    prisma,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
