import { randomUUID } from 'node:crypto';
import type { Db } from '@vpp/db/database';

const INSTALLATION_ID_KEY = 'installation-id';
export const MDM_NAME = 'VPP Console';

/**
 * The id this installation writes into Apple's `mdmInfo`: a location whose mdmInfo carries another id
 * is managed by another MDM. Made once and kept in the settings table.
 */
export async function installationId(db: Db): Promise<string> {
  const candidate = randomUUID();
  await db.$executeRaw`
    INSERT INTO settings (key, value, updated_at) VALUES (${INSTALLATION_ID_KEY}, to_jsonb(${candidate}::text), now())
    ON CONFLICT (key) DO NOTHING`;
  const row = await db.setting.findUniqueOrThrow({ where: { key: INSTALLATION_ID_KEY } });
  return String(row.value);
}

const LAST_FULL_SYNC_PREFIX = 'last full sync ';

/**
 * Our mdmInfo. Its metadata carries the time of our last full sync: kept at Apple, outside our
 * database, it tells a restored database (older than that) from a current one.
 */
export function ourMdmInfo(id: string, lastFullSyncAt?: Date | null) {
  return {
    id,
    name: MDM_NAME,
    metadata: lastFullSyncAt
      ? `${LAST_FULL_SYNC_PREFIX}${lastFullSyncAt.toISOString()}`
      : 'Apple VPP license management',
  };
}

/** The last full sync recorded in our mdmInfo at Apple, if any. */
export function lastFullSyncKnownToApple(metadata: string | undefined): Date | null {
  if (!metadata?.startsWith(LAST_FULL_SYNC_PREFIX)) return null;
  const date = new Date(metadata.slice(LAST_FULL_SYNC_PREFIX.length));
  return Number.isNaN(date.getTime()) ? null : date;
}
