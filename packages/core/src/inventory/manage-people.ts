import { randomUUID } from 'node:crypto';
import { AppError } from '@vpp/contracts/errors';
import type {
  CreatePersonRequest,
  Person,
  PersonDetail,
  PersonListQuery,
  UpdatePersonRequest,
} from '@vpp/contracts/inventory';
import type { Paged } from '@vpp/contracts/paging';
import type { Prisma } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import {
  loadRegistrations,
  personAuditSnapshot,
  personRowInclude,
  toPeople,
  toPerson,
} from './inventory-views.ts';
import { isRecordMissing, isUniqueViolation } from '@vpp/db/prisma-errors';

/** Devices of one person listed on their page; a person rarely has more. */
const PERSON_DEVICES_SHOWN = 200;

export interface PersonFilter extends PersonListQuery {
  /** Only the members of this (user) collection. */
  collectionId?: string;
}

/**
 * Serialises writes to people: one email is one person (device imports and user collections find
 * people by email), which the table does not enforce by itself.
 */
export async function lockPeople(tx: Db): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('vpp-console:people'))`;
}

/** A new person's clientUserId when none is given: opaque, stable, never derived from the email. */
export function newClientUserId(): string {
  return randomUUID();
}

/** People by email among these, as id or why the email names no single person. */
export async function resolvePeopleByEmail(
  tx: Db,
  emails: string[],
): Promise<Map<string, { id: string } | { problem: string }>> {
  const rows = await tx.$queryRaw<{ email: string; ids: string[] }[]>`
    SELECT p.email, array_agg(p.id::text) AS ids
      FROM people p JOIN (SELECT DISTINCT unnest(${emails}::text[]) AS email) e ON e.email = p.email
     GROUP BY p.email`;
  const found = new Map<string, { id: string } | { problem: string }>();
  for (const row of rows) {
    const [first] = row.ids;
    found.set(
      row.email,
      first && row.ids.length === 1
        ? { id: first }
        : { problem: `${row.ids.length} people have the email ${row.email}` },
    );
  }
  return found;
}

export async function listPeople(db: Db, query: PersonFilter): Promise<Paged<Person>> {
  const search = query.search || undefined;
  const where: Prisma.PersonWhereInput = {
    ...(query.collectionId ? { collections: { some: { collectionId: query.collectionId } } } : {}),
    ...(search
      ? {
          OR: [
            { email: { contains: search, mode: 'insensitive' } },
            { displayName: { contains: search, mode: 'insensitive' } },
            { clientUserId: { contains: search, mode: 'insensitive' } },
            { managedAppleId: { contains: search, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.person.count({ where }),
    db.person.findMany({
      where,
      include: personRowInclude,
      orderBy: [{ email: 'asc' }, { id: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { total, page: query.page, pageSize: query.pageSize, items: await toPeople(db, rows) };
}

export async function getPerson(db: Db, id: string): Promise<PersonDetail> {
  const row = await db.person.findUnique({
    where: { id },
    include: {
      ...personRowInclude,
      collections: {
        select: { collection: { select: { id: true, name: true } } },
        orderBy: { collection: { name: 'asc' } },
      },
      devices: {
        select: { id: true, serialNumber: true, name: true, model: true },
        orderBy: { serialNumber: 'asc' },
        take: PERSON_DEVICES_SHOWN,
      },
    },
  });
  if (!row) throw new AppError('NOT_FOUND', 'No such person.');
  const registrations = await loadRegistrations(db, [row.clientUserId]);
  return {
    ...toPerson(row, registrations.get(row.clientUserId) ?? []),
    memberOf: row.collections.map((link) => link.collection),
    devices: row.devices,
  };
}

async function refuseTakenEmail(tx: Db, email: string, exceptId: string | null): Promise<void> {
  const holder = await tx.person.findFirst({
    where: { email, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (holder) {
    throw new AppError('CONFLICT', `A person with email ${email} exists already.`, {
      extensions: { existingId: holder.id },
    });
  }
}

function clientUserIdTaken(clientUserId: string): AppError {
  return new AppError('CONFLICT', `A person with clientUserId ${clientUserId} exists already.`);
}

export async function createPerson(
  prisma: DbClient,
  ctx: RequestContext,
  input: CreatePersonRequest,
): Promise<PersonDetail> {
  const clientUserId = input.clientUserId ?? newClientUserId();
  try {
    const id = await prisma.$transaction(async (tx) => {
      await lockPeople(tx);
      await refuseTakenEmail(tx, input.email, null);
      if (await tx.person.findUnique({ where: { clientUserId }, select: { id: true } })) {
        throw clientUserIdTaken(clientUserId);
      }
      const row = await tx.person.create({
        data: {
          clientUserId,
          email: input.email,
          displayName: input.displayName,
          managedAppleId: input.managedAppleId,
        },
      });
      await recordAudit(tx, ctx, {
        action: 'person.create',
        targetType: 'person',
        targetId: row.id,
        summary: `Added person ${row.email}`,
        after: personAuditSnapshot(row),
      });
      return row.id;
    });
    return getPerson(prisma, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw clientUserIdTaken(clientUserId);
    throw error;
  }
}

export async function updatePerson(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  input: UpdatePersonRequest,
): Promise<PersonDetail> {
  try {
    await prisma.$transaction(async (tx) => {
      await lockPeople(tx);
      const before = await tx.person.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', 'No such person.');
      if (input.clientUserId !== undefined && input.clientUserId !== before.clientUserId) {
        throw new AppError(
          'CONFLICT',
          "A person's clientUserId cannot change: Apple knows the person by it. Add a new person instead.",
        );
      }
      if (input.email !== undefined && input.email !== before.email) {
        await refuseTakenEmail(tx, input.email, id);
      }
      const after = await tx.person.update({
        where: { id },
        data: { email: input.email, displayName: input.displayName, managedAppleId: input.managedAppleId },
      });
      await recordAudit(tx, ctx, {
        action: 'person.update',
        targetType: 'person',
        targetId: id,
        summary: `Updated person ${after.email}: ${Object.keys(input).join(', ') || 'nothing'}`,
        before: personAuditSnapshot(before),
        after: personAuditSnapshot(after),
      });
    });
  } catch (error) {
    if (isRecordMissing(error)) throw new AppError('NOT_FOUND', 'No such person.');
    throw error;
  }
  return getPerson(prisma, id);
}

/**
 * Deletes a person: they leave their collections and their devices keep no primary user. Apple's
 * record of them (per token) stays as Apple has it.
 */
export async function deletePerson(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      await lockPeople(tx);
      const before = await tx.person.findUnique({
        where: { id },
        include: { _count: { select: { collections: true, devices: true } } },
      });
      if (!before) throw new AppError('NOT_FOUND', 'No such person.');
      await tx.person.delete({ where: { id } });
      await recordAudit(tx, ctx, {
        action: 'person.delete',
        targetType: 'person',
        targetId: id,
        summary: `Deleted person ${before.email}, a member of ${before._count.collections} collections and primary user of ${before._count.devices} devices`,
        before: {
          ...personAuditSnapshot(before),
          collections: before._count.collections,
          devices: before._count.devices,
        },
      });
    });
  } catch (error) {
    if (isRecordMissing(error)) throw new AppError('NOT_FOUND', 'No such person.');
    throw error;
  }
}
