import type { VppClientFactory } from '@vpp/apple-vpp-client';
import type { Database, Db } from '@vpp/db/database';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import { releaseCheckedOutDeviceJob } from '../jobs/jobs.ts';
import { systemContext } from '../request-context.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';

// Licenses come back when a device leaves the MDM: after NanoMDM's CheckOut (the MDM profile was
// removed, and the apps installed with ManagementFlags 1 went with it) the device's device licenses
// are released at Apple, each one recorded in the audit log. The next sync records Apple's counts.
// Today this happens at once; a device that enrolled again before the job ran keeps its licenses.

export interface ReturnLicensesDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  logger: { info(obj: object, msg: string): void };
}

/** Queues the release for a device that just checked out. */
export async function scheduleLicenseReturn(db: Db, deviceId: string): Promise<void> {
  await releaseCheckedOutDeviceJob.enqueue(db, { deviceId });
}

/** Releases at Apple the device licenses of a checked-out device; returns how many were released. */
export async function returnCheckedOutDeviceLicenses(
  deps: ReturnLicensesDeps,
  deviceId: string,
): Promise<number> {
  const { pool } = deps.database;
  const device = await deps.database.prisma.device.findUnique({
    where: { id: deviceId },
    select: { serialNumber: true, mdmStatus: true },
  });
  if (device === null || device.mdmStatus !== 'UNENROLLED') return 0;
  const held = await pool.query<{
    token_id: string;
    adam_id: string;
    pricing_param: string;
    s_token_encrypted: Buffer;
  }>(
    `SELECT la.token_id, la.adam_id, la.pricing_param, t.s_token_encrypted
       FROM license_assignments la JOIN vpp_tokens t ON t.id = la.token_id
      WHERE la.license_type = 'DEVICE' AND la.assignee = $1
      ORDER BY la.token_id, la.adam_id, la.pricing_param`,
    [device.serialNumber],
  );
  let released = 0;
  for (const row of held.rows) {
    const client = deps.appleClients.forToken(deps.cipher.decrypt(row.s_token_encrypted));
    const submission = await client.disassociateAssets({
      assets: [{ adamId: row.adam_id, pricingParam: row.pricing_param as 'STDQ' | 'PLUS' }],
      serialNumbers: [device.serialNumber],
    });
    await recordAuditSql(pool, systemContext('mdm-checkout'), {
      action: 'license.released-after-checkout',
      targetType: 'device',
      targetId: deviceId,
      summary: `Released the license of app ${row.adam_id} from device ${device.serialNumber}: it checked out of the MDM`,
      after: {
        serialNumber: device.serialNumber,
        adamId: row.adam_id,
        pricingParam: row.pricing_param,
        tokenId: row.token_id,
        appleEventIds: submission.batches.map((batch) => batch.eventId),
      },
    });
    released += 1;
  }
  if (released > 0) {
    deps.logger.info({ deviceId, released }, 'released the licenses of a checked-out device');
  }
  return released;
}
