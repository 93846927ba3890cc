import type { Db } from '@vpp/db/database';
import { isUniqueViolation } from '@vpp/db/prisma-errors';
import type { DeviceFacts, NanoMdmWebhookEvent } from '@vpp/nanomdm-client/webhook';

// Devices learned from the MDM. NanoMDM reports every check-in by webhook: Authenticate names the
// serial number (what Apple licenses by) and the UDID (what NanoMDM addresses), TokenUpdate
// confirms the enrolment, CheckOut says the MDM profile is gone, and every command report shows the
// device is alive (a DeviceInformation answer also refreshes its name, model and OS). Devices keep
// their manual and CSV path: these only fill in and update what the MDM knows.
// Command results for deployments are applied by the deployment lifecycle, not here.

export type NanoMdmWebhookOutcome =
  /** Authenticate of a serial number not known yet: a new device. */
  | 'device-enrolled'
  /** Authenticate, TokenUpdate or a DeviceInformation answer of a known device. */
  | 'device-updated'
  | 'device-checked-out'
  /** Any other report: only the last-seen time moved. */
  | 'device-seen'
  /** A device channel event for a UDID no Authenticate has introduced (yet). */
  | 'unknown-device'
  /** User channel events, and check-ins without anything for the device record. */
  | 'not-applied';

export interface NanoMdmWebhookResult {
  outcome: NanoMdmWebhookOutcome;
  deviceId?: string;
}

/** Enrollment types that stand for the device itself (not a user channel on it). */
const DEVICE_CHANNELS = new Set(['Device', 'User Enrollment (Device)']);

function deviceUdid(event: NanoMdmWebhookEvent): string | undefined {
  if (event.enrollmentType !== undefined && !DEVICE_CHANNELS.has(event.enrollmentType)) return undefined;
  return event.udid ?? event.enrollmentId;
}

function modelOf(facts: DeviceFacts): string | undefined {
  return facts.modelName ?? facts.productName ?? facts.model;
}

export async function applyNanoMdmWebhook(
  db: Db,
  event: NanoMdmWebhookEvent,
  now: Date,
): Promise<NanoMdmWebhookResult> {
  const udid = deviceUdid(event);
  if (udid === undefined) return { outcome: 'not-applied' };

  if (event.type === 'checkin') {
    switch (event.messageType) {
      case 'Authenticate':
        return event.device?.serialNumber === undefined
          ? { outcome: 'not-applied' }
          : authenticate(db, udid, event.device.serialNumber, event.device, now);
      case 'TokenUpdate':
        return touch(
          db,
          udid,
          { mdmStatus: 'ENROLLED', unenrolledAt: null, lastSeenAt: now },
          'device-updated',
        );
      case 'CheckOut':
        return touch(
          db,
          udid,
          { mdmStatus: 'UNENROLLED', unenrolledAt: now, lastSeenAt: now },
          'device-checked-out',
        );
      default:
        return touch(db, udid, { lastSeenAt: now }, 'device-seen');
    }
  }
  const facts = event.deviceInformation;
  if (facts === undefined) return touch(db, udid, { lastSeenAt: now }, 'device-seen');
  const device = await db.device.findUnique({ where: { udid }, select: { id: true, model: true } });
  if (device === null) return { outcome: 'unknown-device' };
  await db.device.update({
    where: { id: device.id },
    data: {
      lastSeenAt: now,
      ...(facts.deviceName === undefined ? {} : { name: facts.deviceName }),
      ...(facts.osVersion === undefined ? {} : { osVersion: facts.osVersion }),
      ...(device.model === '' && modelOf(facts) !== undefined ? { model: modelOf(facts) } : {}),
    },
  });
  return { outcome: 'device-updated', deviceId: device.id };
}

async function touch(
  db: Db,
  udid: string,
  data: { mdmStatus?: 'ENROLLED' | 'UNENROLLED'; unenrolledAt?: Date | null; lastSeenAt: Date },
  outcome: NanoMdmWebhookOutcome,
): Promise<NanoMdmWebhookResult> {
  const device = await db.device.findUnique({ where: { udid }, select: { id: true } });
  if (device === null) return { outcome: 'unknown-device' };
  await db.device.update({ where: { id: device.id }, data });
  return { outcome, deviceId: device.id };
}

async function authenticate(
  db: Db,
  udid: string,
  serialNumber: string,
  facts: DeviceFacts,
  now: Date,
  attempt = 1,
): Promise<NanoMdmWebhookResult> {
  // A UDID names one device: a record that held it under another serial number gives it up.
  await db.device.updateMany({ where: { udid, NOT: { serialNumber } }, data: { udid: null } });
  const existing = await db.device.findUnique({ where: { serialNumber }, select: { id: true, model: true } });
  const model = modelOf(facts);
  const enrolled = { udid, mdmStatus: 'ENROLLED' as const, unenrolledAt: null, lastSeenAt: now };
  try {
    if (existing === null) {
      const created = await db.device.create({
        data: {
          serialNumber,
          name: facts.deviceName ?? '',
          model: model ?? '',
          osVersion: facts.osVersion ?? '',
          ...enrolled,
        },
        select: { id: true },
      });
      return { outcome: 'device-enrolled', deviceId: created.id };
    }
    await db.device.update({
      where: { id: existing.id },
      data: {
        ...enrolled,
        ...(facts.deviceName === undefined ? {} : { name: facts.deviceName }),
        ...(facts.osVersion === undefined ? {} : { osVersion: facts.osVersion }),
        ...(existing.model === '' && model !== undefined ? { model } : {}),
      },
    });
    return { outcome: 'device-updated', deviceId: existing.id };
  } catch (error) {
    // The same Authenticate delivered twice at once: the other delivery created the device.
    if (attempt === 1 && isUniqueViolation(error)) return authenticate(db, udid, serialNumber, facts, now, 2);
    throw error;
  }
}
