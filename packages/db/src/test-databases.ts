import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { poolConfigFromUrl, quoteIdent, withDatabase } from './pg-connection.ts';

// Throwaway databases for tests: the suite migrates one template once, and every test file gets a
// fresh copy of it (CREATE DATABASE ... TEMPLATE is a file copy, ~50 ms).

export const TEMPLATE_DATABASE = 'vpp_test_template';

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...poolConfigFromUrl(serverUrl), database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdminClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  });
  return withDatabase(serverUrl, name);
}

export async function createDatabaseFromTemplate(serverUrl: string, prefix = 'vpp_test'): Promise<string> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withAdminClient(serverUrl, (client) =>
    client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(TEMPLATE_DATABASE)}`),
  );
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await withAdminClient(databaseUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${quoteIdent(decodeURIComponent(name))} WITH (FORCE)`),
  );
}
