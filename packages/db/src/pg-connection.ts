import type { PoolConfig } from 'pg';

/**
 * Splits a postgres URL into separate fields. Prisma's pg adapter derives its shadow database by
 * overriding `database`, which a `connectionString` would silently win over.
 */
export function poolConfigFromUrl(databaseUrl: string): PoolConfig {
  const url = new URL(databaseUrl);
  const params = url.searchParams;
  const socketHost = params.get('host');
  const sslMode = params.get('sslmode');
  return {
    host: socketHost ?? decodeURIComponent(url.hostname),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    ssl: sslMode && sslMode !== 'disable' ? { rejectUnauthorized: sslMode === 'verify-full' } : undefined,
    application_name: params.get('application_name') ?? 'vpp-console',
  };
}

/** The same server, another database: used for throwaway test databases and the shadow database. */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A quoted identifier, for the few statements (CREATE/DROP DATABASE) that cannot take parameters. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
