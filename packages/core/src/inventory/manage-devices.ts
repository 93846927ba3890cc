import { AppError } from '@vpp/contracts/errors';
import type {
  CreateDeviceRequest,
  Device,
  DeviceDetail,
  DeviceListQuery,
  UpdateDeviceRequest,
} from '@vpp/contracts/inventory';
import type { Paged } from '@vpp/contracts/paging';
import type { Prisma } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { escapeLike } from '@vpp/db/like-pattern';
import { isForeignKeyViolation, isRecordMissing, isUniqueViolation } from '@vpp/db/prisma-errors';
import { recordAudit } from '../audit-log/record-audit.ts';
import { scheduleDeletedDeviceLicenseReturn } from '../mdm-enrollment/return-checked-out-licenses.ts';
import type { RequestContext } from '../request-context.ts';
import { deviceAuditSnapshot, deviceRowInclude, toDevice } from './inventory-views.ts';

export interface DeviceFilter extends DeviceListQuery {
  /** Only the members of this (device) collection. */
  collectionId?: string;
}

export async function listDevices(db: Db, query: DeviceFilter): Promise<Paged<Device>> {
  const search = query.search || undefined;
  const where: Prisma.DeviceWhereInput = {
    ...(query.collectionId ? { collections: { some: { collectionId: query.collectionId } } } : {}),
    ...(search
      ? {
          OR: [
            { serialNumber: { contains: escapeLike(search), mode: 'insensitive' } },
            { name: { contains: escapeLike(search), mode: 'insensitive' } },
            { model: { contains: escapeLike(search), mode: 'insensitive' } },
            { primaryUser: { email: { contains: escapeLike(search), mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.device.count({ where }),
    db.device.findMany({
      where,
      include: deviceRowInclude,
      orderBy: [{ serialNumber: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toDevice) };
}

export async function getDevice(db: Db, id: string): Promise<DeviceDetail> {
  const row = await db.device.findUnique({
    where: { id },
    include: {
      ...deviceRowInclude,
      collections: {
        select: { collection: { select: { id: true, name: true } } },
        orderBy: { collection: { name: 'asc' } },
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such device.');
  return { ...toDevice(row), memberOf: row.collections.map((link) => link.collection) };
}

/** The primary user by id, or a 400 naming the field: a device cannot point at nobody. */
async function findPrimaryUser(db: Db, id: string | null | undefined) {
  if (!id) return null;
  const person = await db.person.findUnique({ where: { id }, select: { id: true, email: true } });
  if (!person) throw unknownPrimaryUser();
  return person;
}

function unknownPrimaryUser(): AppError {
  return new AppError('VALIDATION_FAILED', 'The primary user does not exist.', {
    errors: [{ path: 'body.primaryUserId', message: 'no person with this id' }],
  });
}

async function serialTaken(db: Db, serialNumber: string): Promise<AppError> {
  const existing = await db.device.findUnique({ where: { serialNumber }, select: { id: true } });
  return new AppError('CONFLICT', `A device with serial number ${serialNumber} exists already.`, {
    extensions: { existingId: existing?.id ?? null },
  });
}

export async function createDevice(
  prisma: DbClient,
  ctx: RequestContext,
  input: CreateDeviceRequest,
): Promise<DeviceDetail> {
  try {
    const id = await prisma.$transaction(async (tx) => {
      const primaryUser = await findPrimaryUser(tx, input.primaryUserId);
      const row = await tx.device.create({
        data: {
          serialNumber: input.serialNumber,
          name: input.name,
          model: input.model,
          primaryUserId: primaryUser?.id ?? null,
        },
      });
      await recordAudit(tx, ctx, {
        action: 'device.create',
        targetType: 'device',
        targetId: row.id,
        summary: `Added device ${row.serialNumber}${row.name ? ` (${row.name})` : ''}`,
        after: deviceAuditSnapshot(row, primaryUser?.email ?? null),
      });
      return row.id;
    });
    return getDevice(prisma, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw await serialTaken(prisma, input.serialNumber);
    if (isForeignKeyViolation(error)) throw unknownPrimaryUser();
    throw error;
  }
}

export async function updateDevice(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  input: UpdateDeviceRequest,
): Promise<DeviceDetail> {
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.device.findUnique({
        where: { id },
        include: { primaryUser: { select: { email: true } } },
      });
      if (!before) throw new AppError('NOT_FOUND', 'No such device.');
      const primaryUser =
        input.primaryUserId === undefined
          ? before.primaryUser
          : await findPrimaryUser(tx, input.primaryUserId);
      const after = await tx.device.update({
        where: { id },
        data: {
          serialNumber: input.serialNumber,
          name: input.name,
          model: input.model,
          primaryUserId: input.primaryUserId,
        },
      });
      await recordAudit(tx, ctx, {
        action: 'device.update',
        targetType: 'device',
        targetId: id,
        summary: `Updated device ${after.serialNumber}: ${Object.keys(input).join(', ') || 'nothing'}`,
        before: deviceAuditSnapshot(before, before.primaryUser?.email ?? null),
        after: deviceAuditSnapshot(after, primaryUser?.email ?? null),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.serialNumber) throw await serialTaken(prisma, input.serialNumber);
    if (isForeignKeyViolation(error)) throw unknownPrimaryUser();
    if (isRecordMissing(error)) throw new AppError('NOT_FOUND', 'No such device.');
    throw error;
  }
  return getDevice(prisma, id);
}

/** Deletes a device; it leaves every collection it was a member of. */
export async function deleteDevice(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.device.findUnique({
        where: { id },
        include: { primaryUser: { select: { email: true } }, _count: { select: { collections: true } } },
      });
      if (!before) throw new AppError('NOT_FOUND', 'No such device.');
      await tx.device.delete({ where: { id } });
      await scheduleDeletedDeviceLicenseReturn(tx, before);
      await recordAudit(tx, ctx, {
        action: 'device.delete',
        targetType: 'device',
        targetId: id,
        summary: `Deleted device ${before.serialNumber}, a member of ${before._count.collections} collections`,
        before: {
          ...deviceAuditSnapshot(before, before.primaryUser?.email ?? null),
          collections: before._count.collections,
        },
      });
    });
  } catch (error) {
    if (isRecordMissing(error)) throw new AppError('NOT_FOUND', 'No such device.');
    throw error;
  }
}
