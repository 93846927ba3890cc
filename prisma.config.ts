import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { defineConfig } from 'prisma/config';
import { loadDatabaseConfig } from './packages/config/src/process-env.ts';
import { poolConfigFromUrl, quoteIdent } from './packages/db/src/pg-connection.ts';

// This file is loaded by the Prisma CLI only. Prisma 6.19 with the wasm schema engine needs four
// work-arounds here (see README, "Database migrations"):
// 1. Catalog columns of type `name` (oid 19) and `"char"` (oid 18) are not understood by the
//    adapter (prisma/orm#27403): `name` is reported as text, `"char"` as the engine's Character.
const TEXT_OID = 25;
const CHAR_OID = 18;
const CHARACTER_COLUMN_TYPE = 6;
const queryPrototype = (pg as unknown as { Query: { prototype: Record<string, unknown> } }).Query.prototype;
const handleRowDescription = queryPrototype.handleRowDescription as (msg: {
  fields: { dataTypeID: number }[];
}) => unknown;
queryPrototype.handleRowDescription = function (this: unknown, msg: { fields: { dataTypeID: number }[] }) {
  for (const field of msg.fields) {
    if (field.dataTypeID === 19) field.dataTypeID = TEXT_OID;
  }
  return handleRowDescription.call(this, msg);
};

type QueryableProto = {
  performIO(this: unknown, query: object): Promise<{ fields?: { dataTypeID: number }[] }>;
  queryRaw(this: unknown, query: object): Promise<{ columnTypes: number[] }>;
};
const charColumnsByQuery = new WeakMap<object, number[]>();
let queryablePatched = false;
function patchCharColumns(adapter: object): void {
  if (queryablePatched) return;
  queryablePatched = true;
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as QueryableProto;
  const performIO = proto.performIO;
  const queryRaw = proto.queryRaw;
  proto.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const charColumns: number[] = [];
    // A multi-statement script answers with an array of results and no fields.
    (result.fields ?? []).forEach((field, index) => {
      if (field.dataTypeID !== CHAR_OID) return;
      field.dataTypeID = TEXT_OID;
      charColumns.push(index);
    });
    if (charColumns.length > 0) charColumnsByQuery.set(query, charColumns);
    return result;
  };
  proto.queryRaw = async function (query) {
    const resultSet = await queryRaw.call(this, query);
    for (const index of charColumnsByQuery.get(query) ?? [])
      resultSet.columnTypes[index] = CHARACTER_COLUMN_TYPE;
    return resultSet;
  };
}

// 4. The adapter runs a migration script by splitting it on ";", which breaks function bodies
//    ($$ … ; … $$). PostgreSQL runs a whole multi-statement script itself, in one transaction.
function runScriptsWhole(adapter: {
  executeScript(script: string): Promise<void>;
  underlyingDriver(): pg.Pool;
}) {
  adapter.executeScript = async (script: string) => {
    await adapter.underlyingDriver().query(script);
  };
}

// 2. Long timers from the wasm engine keep the CLI alive for up to a minute after its work is done.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: () => void, ms?: number) => {
  const timer = realSetTimeout(handler, ms);
  if ((ms ?? 0) >= 5_000) timer.unref();
  return timer;
}) as typeof setTimeout;

// 3. The adapter's own shadow database would be the main database (with a connection string) and
//    is dropped while its pool is still connected: make a uniquely named one and drop it after.
function migrationAdapter() {
  // Read here, not at load: `prisma generate` needs no database.
  const { DATABASE_URL } = loadDatabaseConfig();
  const poolConfig: pg.PoolConfig = { ...poolConfigFromUrl(DATABASE_URL), allowExitOnIdle: true, max: 4 };
  const main = new PrismaPg(poolConfig);
  return {
    provider: 'postgres' as const,
    adapterName: main.adapterName,
    async connect() {
      const adapter = await main.connect();
      patchCharColumns(adapter);
      runScriptsWhole(adapter);
      return adapter;
    },
    async connectToShadowDb() {
      const database = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client(poolConfig);
      await admin.connect();
      await admin.query(`CREATE DATABASE ${quoteIdent(database)}`);
      await admin.end();
      const shadowPool = new pg.Pool({ ...poolConfig, database });
      const shadow = await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect();
      patchCharColumns(shadow);
      runScriptsWhole(shadow);
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const dropper = new pg.Client(poolConfig);
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`);
        await dropper.end();
      };
      return shadow;
    },
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => migrationAdapter(),
});
