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

export function ourMdmInfo(id: string) {
  return { id, name: MDM_NAME, metadata: 'Apple VPP license management' };
}
