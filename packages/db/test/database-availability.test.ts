import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, poolTimeoutSettings } from '../src/database.ts';
import {
  databaseUnavailableReason,
  isDatabaseUnavailable,
  waitForDatabase,
} from '../src/database-availability.ts';
import { findFreePort } from '../src/embedded-postgres.ts';
import { PrismaClient } from '../src/generated/client.ts';

// What "the database cannot be reached" looks like through each of our clients, taken from real
// failures (a port nobody listens on) and from the server's own SQLSTATEs.

const silent = { warn() {}, info() {} };

async function deadDatabaseUrl(): Promise<string> {
  return `postgresql://nobody:secret@127.0.0.1:${await findFreePort()}/none`;
}

describe('databaseUnavailableReason', () => {
  it('recognises a refused connection through node-postgres and through Prisma', async () => {
    const url = await deadDatabaseUrl();
    const database = openDatabase(url, {
      timeouts: { connectTimeoutMs: 1_000, statementTimeoutMs: 5_000, idleInTransactionTimeoutMs: 5_000 },
    });
    try {
      const pgError = await database.pool.query('SELECT 1').catch((error: unknown) => error);
      expect(databaseUnavailableReason(pgError)).toBe('ECONNREFUSED');
      const prismaError = await database.prisma.account.findMany().catch((error: unknown) => error);
      expect(prismaError).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(prismaError), String(prismaError)).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('recognises Prisma on its own pool, the server going away, and connection exceptions', async () => {
    const pool = new pg.Pool({ connectionString: await deadDatabaseUrl() });
    pool.on('error', () => {});
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    const error = await prisma.$queryRaw`SELECT 1`.catch((caught: unknown) => caught);
    expect(isDatabaseUnavailable(error)).toBe(true);
    await prisma.$disconnect();
    await pool.end();

    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', '53300']) {
      expect(databaseUnavailableReason(Object.assign(new Error('x'), { code, severity: 'FATAL' }))).toBe(
        code,
      );
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Query read timeout'))).toBe(true);
    expect(isDatabaseUnavailable({ code: 'P1001', message: "Can't reach database server" })).toBe(true);
    expect(isDatabaseUnavailable(new Error('wrapped', { cause: { kind: 'ConnectionClosed' } }))).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('dup'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('auth'), { code: '28P01' }))).toBe(false);
    expect(isDatabaseUnavailable({ code: 'P2002' })).toBe(false);
    expect(isDatabaseUnavailable(new Error('syntax error at or near "SELEC"'))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});

describe('poolTimeoutSettings', () => {
  it('sets connect, statement, client read and idle-in-transaction timeouts and keep-alive', () => {
    expect(
      poolTimeoutSettings({
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 60_000,
        idleInTransactionTimeoutMs: 30_000,
      }),
    ).toEqual({
      connectionTimeoutMillis: 5_000,
      statement_timeout: 60_000,
      query_timeout: 65_000,
      idle_in_transaction_session_timeout: 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    expect(poolTimeoutSettings(undefined)).toEqual({});
  });
});

describe('waitForDatabase', () => {
  it('retries with backoff while the database cannot be reached, logging each attempt', async () => {
    const warnings: object[] = [];
    let calls = 0;
    await waitForDatabase(
      { query: async () => ({}) as never },
      {
        logger: { warn: (obj) => warnings.push(obj), info() {} },
        initialDelayMs: 5,
        probe: async () => {
          calls += 1;
          if (calls < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
        },
      },
    );
    expect(calls).toBe(3);
    expect(warnings).toEqual([
      { attempt: 1, reason: 'ECONNREFUSED', retryInMs: 5 },
      { attempt: 2, reason: 'ECONNREFUSED', retryInMs: 10 },
    ]);
  });

  it('throws at once for an error that waiting cannot fix (a wrong password)', async () => {
    let calls = 0;
    const wrong = Object.assign(new Error('password authentication failed'), { code: '28P01' });
    await expect(
      waitForDatabase(
        { query: async () => ({}) as never },
        {
          logger: silent,
          probe: async () => {
            calls += 1;
            throw wrong;
          },
        },
      ),
    ).rejects.toBe(wrong);
    expect(calls).toBe(1);
  });
});
