import type { VppClientFactory } from '@vpp/apple-vpp-client';
import { AppError } from '@vpp/contracts/errors';
import type { CheckOutLicenses } from '@vpp/contracts/settings';
import type { Database, Db } from '@vpp/db/database';
import { type Sql, withTransaction } from '@vpp/db/transaction';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import { releaseCheckedOutDeviceJob, releaseDeletedDeviceJob } from '../jobs/jobs.ts';
import { type RequestContext, systemContext } from '../request-context.ts';
import { readCheckOutLicenses } from '../settings/check-out-licenses.ts';
import type { TokenCipher } from '../tokens/token-cipher.ts';

// Licenses come back when a device leaves: after NanoMDM's CheckOut (the MDM profile was removed,
// and the apps installed with ManagementFlags 1 went with it) or when the device is deleted here,
// its device licenses are released at Apple, per the setting (Settings → Licenses):
// - IMMEDIATELY: a job releases them right after the CheckOut (or the deletion);
// - AFTER_DAYS: an hourly job releases those of devices unenrolled for at least N days and still
//   unenrolled (a deleted device's go back at once: deleting is the admin's explicit act);
// - SUGGEST_ONLY: nothing is released; checked-out devices still holding licenses are listed as
//   suggestions, released with one click.
// Each release is recorded in the audit log and in the "licenses returned" list (returned_licenses),
// which the dashboard counts. Apple's counts arrive with the next sync; until then a license
// recorded as returned is not returned again.

export type LicenseReturnReason = 'CHECKED_OUT' | 'DEVICE_DELETED' | 'SUGGESTION_ACCEPTED';

export interface ReturnLicensesDeps {
  database: Database;
  cipher: TokenCipher;
  appleClients: VppClientFactory;
  logger: { info(obj: object, msg: string): void };
}

/** Device licenses held for `serial` that were not returned since Apple assigned them. */
const HELD_NOT_RETURNED = `
  FROM license_assignments la
  LEFT JOIN store_apps s ON s.token_id = la.token_id AND s.adam_id = la.adam_id AND s.pricing_param = la.pricing_param
 WHERE la.license_type = 'DEVICE'
   AND NOT EXISTS (SELECT 1 FROM returned_licenses r
                    WHERE r.token_id = la.token_id AND r.adam_id = la.adam_id AND r.pricing_param = la.pricing_param
                      AND r.serial_number = la.assignee AND r.returned_at >= la.first_seen_at)`;

/** After a CheckOut: queues the release when the setting says IMMEDIATELY. */
export async function scheduleLicenseReturn(db: Db, deviceId: string): Promise<CheckOutLicenses['mode']> {
  const setting = await readCheckOutLicenses(db);
  if (setting.mode === 'IMMEDIATELY') await releaseCheckedOutDeviceJob.enqueue(db, { deviceId });
  return setting.mode;
}

/** A device is being deleted: unless the setting only suggests, its licenses go back at once. */
export async function scheduleDeletedDeviceLicenseReturn(
  db: Db,
  device: { serialNumber: string; name: string },
): Promise<void> {
  const setting = await readCheckOutLicenses(db);
  if (setting.mode === 'SUGGEST_ONLY') return;
  await releaseDeletedDeviceJob.enqueue(db, { serialNumber: device.serialNumber, deviceName: device.name });
}

/**
 * Releases at Apple every device license still held for the serial number, one request per app,
 * each recorded in the audit log and the returned-licenses list. Returns how many were released.
 */
export async function releaseDeviceLicenses(
  deps: ReturnLicensesDeps,
  input: {
    serialNumber: string;
    deviceId: string | null;
    deviceName: string;
    reason: LicenseReturnReason;
    ctx: RequestContext;
  },
): Promise<number> {
  const { pool } = deps.database;
  const held = await pool.query<{
    token_id: string;
    adam_id: string;
    pricing_param: string;
    app_name: string;
    s_token_encrypted: Buffer;
  }>(
    `SELECT la.token_id, la.adam_id, la.pricing_param, coalesce(s.name, '') AS app_name, t.s_token_encrypted
       ${HELD_NOT_RETURNED.replace('FROM license_assignments la', 'FROM license_assignments la JOIN vpp_tokens t ON t.id = la.token_id')}
        AND la.assignee = $1
      ORDER BY la.token_id, la.adam_id, la.pricing_param`,
    [input.serialNumber],
  );
  const why = {
    CHECKED_OUT: 'it checked out of the MDM',
    DEVICE_DELETED: 'it was deleted',
    SUGGESTION_ACCEPTED: 'it checked out of the MDM (released by an admin)',
  }[input.reason];
  let released = 0;
  for (const row of held.rows) {
    const client = deps.appleClients.forToken(deps.cipher.decrypt(row.s_token_encrypted));
    const submission = await client.disassociateAssets({
      assets: [{ adamId: row.adam_id, pricingParam: row.pricing_param as 'STDQ' | 'PLUS' }],
      serialNumbers: [input.serialNumber],
    });
    const eventIds = submission.batches.map((batch) => batch.eventId);
    await withTransaction(deps.database, async (tx) => {
      await tx.query(
        `INSERT INTO returned_licenses (reason, serial_number, device_id, device_name, token_id, adam_id, pricing_param,
                                        app_name, apple_event_ids, actor_email)
         VALUES ($1::"LicenseReturnReason", $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          input.reason,
          input.serialNumber,
          input.deviceId,
          input.deviceName,
          row.token_id,
          row.adam_id,
          row.pricing_param,
          row.app_name,
          eventIds,
          input.ctx.actor?.email ?? null,
        ],
      );
      await recordAuditSql(tx, input.ctx, {
        action:
          input.reason === 'DEVICE_DELETED'
            ? 'license.released-after-deletion'
            : 'license.released-after-checkout',
        targetType: 'device',
        targetId: input.deviceId,
        summary: `Released the license of ${row.app_name || `app ${row.adam_id}`} from device ${input.serialNumber}: ${why}`,
        after: {
          serialNumber: input.serialNumber,
          adamId: row.adam_id,
          pricingParam: row.pricing_param,
          tokenId: row.token_id,
          appleEventIds: eventIds,
        },
      });
    });
    released += 1;
  }
  if (released > 0) {
    deps.logger.info(
      { serialNumber: input.serialNumber, released, reason: input.reason },
      'returned device licenses',
    );
  }
  return released;
}

/** The device licenses of a device that checked out; nothing when it enrolled again meanwhile. */
export async function returnCheckedOutDeviceLicenses(
  deps: ReturnLicensesDeps,
  deviceId: string,
  reason: 'CHECKED_OUT' | 'SUGGESTION_ACCEPTED' = 'CHECKED_OUT',
  ctx: RequestContext = systemContext('mdm-checkout'),
): Promise<number> {
  const device = await deps.database.prisma.device.findUnique({
    where: { id: deviceId },
    select: { serialNumber: true, name: true, mdmStatus: true },
  });
  if (device === null || device.mdmStatus !== 'UNENROLLED') return 0;
  return releaseDeviceLicenses(deps, {
    serialNumber: device.serialNumber,
    deviceId,
    deviceName: device.name,
    reason,
    ctx,
  });
}

/** AFTER_DAYS: releases the licenses of devices unenrolled for at least N days and still unenrolled. */
export async function returnLicensesOfLongUnenrolledDevices(
  deps: ReturnLicensesDeps,
  now: Date,
): Promise<number> {
  const setting = await readCheckOutLicenses(deps.database.prisma);
  if (setting.mode !== 'AFTER_DAYS') return 0;
  const due = await devicesHoldingLicenses(
    deps.database.pool,
    new Date(now.getTime() - setting.days * 86_400_000),
  );
  let released = 0;
  for (const device of due) released += await returnCheckedOutDeviceLicenses(deps, device.device_id);
  return released;
}

interface HoldingDevice {
  device_id: string;
  serial_number: string;
  name: string;
  unenrolled_at: Date | null;
  apps: { adamId: string; name: string }[];
}

/** Checked-out devices (unenrolled before `before`, when given) still holding device licenses. */
async function devicesHoldingLicenses(sql: Sql, before?: Date): Promise<HoldingDevice[]> {
  const result = await sql.query<HoldingDevice>(
    `SELECT d.id AS device_id, d.serial_number, d.name, d.unenrolled_at,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('adamId', la.adam_id, 'name', coalesce(s.name, ''))
                                       ORDER BY s.name, la.adam_id), '[]'::jsonb)
               ${HELD_NOT_RETURNED} AND la.assignee = d.serial_number) AS apps
       FROM devices d
      WHERE d.mdm_status = 'UNENROLLED' AND ($1::timestamptz IS NULL OR d.unenrolled_at <= $1)
        AND EXISTS (SELECT 1 ${HELD_NOT_RETURNED} AND la.assignee = d.serial_number)
      ORDER BY d.unenrolled_at NULLS FIRST, d.serial_number
      LIMIT 1000`,
    [before ?? null],
  );
  return result.rows;
}

export async function listLicenseReturnSuggestions(deps: { database: Database }) {
  const setting = await readCheckOutLicenses(deps.database.prisma);
  const devices = await devicesHoldingLicenses(deps.database.pool);
  return {
    items: devices.map((device) => ({
      deviceId: device.device_id,
      serialNumber: device.serial_number,
      deviceName: device.name,
      unenrolledAt: device.unenrolled_at?.toISOString() ?? null,
      releaseDueAt:
        setting.mode === 'AFTER_DAYS' && device.unenrolled_at
          ? new Date(device.unenrolled_at.getTime() + setting.days * 86_400_000).toISOString()
          : null,
      apps: device.apps,
    })),
  };
}

export async function licenseReturnSummary(deps: { database: Database }, now: Date) {
  const since = new Date(now.getTime() - 30 * 86_400_000);
  const [returned, suggestions] = await Promise.all([
    deps.database.prisma.returnedLicense.count({ where: { returnedAt: { gte: since } } }),
    devicesHoldingLicenses(deps.database.pool),
  ]);
  return { returnedLast30Days: returned, suggestions: suggestions.length };
}

export async function listReturnedLicenses(
  deps: { database: Database },
  query: { page: number; pageSize: number },
) {
  const prisma = deps.database.prisma;
  const [rows, total] = await Promise.all([
    prisma.returnedLicense.findMany({
      orderBy: [{ returnedAt: 'desc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.returnedLicense.count(),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      returnedAt: row.returnedAt.toISOString(),
      reason: row.reason,
      serialNumber: row.serialNumber,
      deviceId: row.deviceId,
      deviceName: row.deviceName,
      adamId: row.adamId,
      appName: row.appName,
      pricingParam: row.pricingParam,
      actorEmail: row.actorEmail,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** An admin accepts a suggestion: the checked-out device's licenses go back now. */
export async function acceptLicenseReturnSuggestion(
  deps: ReturnLicensesDeps,
  ctx: RequestContext,
  deviceId: string,
): Promise<{ released: number }> {
  const device = await deps.database.prisma.device.findUnique({
    where: { id: deviceId },
    select: { mdmStatus: true },
  });
  if (device === null) throw new AppError('NOT_FOUND', 'No such device.');
  if (device.mdmStatus !== 'UNENROLLED') {
    throw new AppError('CONFLICT', 'The device is enrolled in the MDM: its licenses stay with it.');
  }
  return { released: await returnCheckedOutDeviceLicenses(deps, deviceId, 'SUGGESTION_ACCEPTED', ctx) };
}
