import { AppError } from '@vpp/contracts/errors';
import type {
  Collection,
  CollectionDetail,
  CollectionListQuery,
  CollectionMembersPage,
  CollectionMembersQuery,
  CollectionType,
  CreateCollectionRequest,
  ReplaceMembersResponse,
  UpdateCollectionRequest,
} from '@vpp/contracts/inventory';
import type { Paged } from '@vpp/contracts/paging';
import type { Prisma } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { collectionAuditSnapshot, collectionRowInclude, toCollection } from './inventory-views.ts';
import { listDevices } from './manage-devices.ts';
import { listPeople } from './manage-people.ts';
import {
  BULK_TRANSACTION,
  lockCollection,
  memberKind,
  refuseUnfitIds,
  writeMemberSet,
} from './member-sets.ts';
import { isRecordMissing, isUniqueViolation } from '@vpp/db/prisma-errors';

/** How many members a collection's page shows with it. */
const FIRST_MEMBERS_PAGE_SIZE = 50;

export async function listCollections(db: Db, query: CollectionListQuery): Promise<Paged<Collection>> {
  const search = query.search || undefined;
  const where: Prisma.CollectionWhereInput = {
    ...(query.type ? { type: query.type } : {}),
    ...(search
      ? {
          OR: [
            { name: { contains: search, mode: 'insensitive' } },
            { description: { contains: search, mode: 'insensitive' } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db.collection.count({ where }),
    db.collection.findMany({
      where,
      include: collectionRowInclude,
      orderBy: [{ name: 'asc' }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
  ]);
  return { total, page: query.page, pageSize: query.pageSize, items: rows.map(toCollection) };
}

async function findCollectionType(db: Db, id: string): Promise<CollectionType> {
  const row = await db.collection.findUnique({ where: { id }, select: { type: true } });
  if (!row) throw new AppError('NOT_FOUND', 'No such collection.');
  return row.type;
}

async function membersPage(
  db: Db,
  id: string,
  type: CollectionType,
  query: CollectionMembersQuery,
): Promise<CollectionMembersPage> {
  const filter = { ...query, collectionId: id };
  return type === 'DEVICE'
    ? { type, ...(await listDevices(db, filter)) }
    : { type, ...(await listPeople(db, filter)) };
}

/** A page of the members: devices for a DEVICE collection, people for a USER one. */
export async function listCollectionMembers(
  db: Db,
  id: string,
  query: CollectionMembersQuery,
): Promise<CollectionMembersPage> {
  return membersPage(db, id, await findCollectionType(db, id), query);
}

export async function getCollection(db: Db, id: string): Promise<CollectionDetail> {
  const row = await db.collection.findUnique({ where: { id }, include: collectionRowInclude });
  if (!row) throw new AppError('NOT_FOUND', 'No such collection.');
  const members = await membersPage(db, id, row.type, { page: 1, pageSize: FIRST_MEMBERS_PAGE_SIZE });
  return { ...toCollection(row), members };
}

function nameTaken(name: string): AppError {
  return new AppError('CONFLICT', `A collection named ${name} exists already.`);
}

export async function createCollection(
  prisma: DbClient,
  ctx: RequestContext,
  input: CreateCollectionRequest,
): Promise<CollectionDetail> {
  try {
    const id = await prisma.$transaction(async (tx) => {
      const row = await tx.collection.create({
        data: { name: input.name, description: input.description, type: input.type },
      });
      await recordAudit(tx, ctx, {
        action: 'collection.create',
        targetType: 'collection',
        targetId: row.id,
        summary: `Created ${row.type === 'DEVICE' ? 'device' : 'user'} collection ${row.name}`,
        after: collectionAuditSnapshot(row),
      });
      return row.id;
    });
    return getCollection(prisma, id);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateCollection(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  input: UpdateCollectionRequest,
): Promise<CollectionDetail> {
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.collection.findUnique({ where: { id } });
      if (!before) throw new AppError('NOT_FOUND', 'No such collection.');
      if (input.type !== undefined && input.type !== before.type) {
        throw new AppError(
          'CONFLICT',
          `A collection's type cannot change: this is a ${before.type} collection. Create a new collection instead.`,
        );
      }
      const after = await tx.collection.update({
        where: { id },
        data: { name: input.name, description: input.description },
      });
      await recordAudit(tx, ctx, {
        action: 'collection.update',
        targetType: 'collection',
        targetId: id,
        summary: `Updated collection ${after.name}: ${Object.keys(input).join(', ') || 'nothing'}`,
        before: collectionAuditSnapshot(before),
        after: collectionAuditSnapshot(after),
      });
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw nameTaken(input.name);
    if (isRecordMissing(error)) throw new AppError('NOT_FOUND', 'No such collection.');
    throw error;
  }
  return getCollection(prisma, id);
}

/** Deletes a collection and its memberships; refused while an active deployment targets it. */
export async function deleteCollection(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const type = await lockCollection(tx, id);
    const before = await tx.collection.findUnique({ where: { id }, include: collectionRowInclude });
    if (!before) throw new AppError('NOT_FOUND', 'No such collection.');
    const activeDeployments = await tx.deployment.count({ where: { collectionId: id, status: 'ACTIVE' } });
    if (activeDeployments > 0) {
      throw new AppError(
        'CONFLICT',
        `${activeDeployments} active deployment${activeDeployments === 1 ? ' targets' : 's target'} this collection: delete ${activeDeployments === 1 ? 'it' : 'them'} first.`,
        { extensions: { activeDeployments } },
      );
    }
    const memberCount = toCollection(before).memberCount;
    await tx.collection.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'collection.delete',
      targetType: 'collection',
      targetId: id,
      summary: `Deleted ${memberKind(type)} collection ${before.name} with ${memberCount} members`,
      before: { ...collectionAuditSnapshot(before), memberCount },
    });
  });
}

/**
 * Makes exactly these ids the collection's members (devices or people, by its type), in one
 * transaction; any id that is not a member of the right kind refuses the whole request.
 */
export async function replaceCollectionMembers(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  memberIds: string[],
): Promise<ReplaceMembersResponse> {
  return prisma.$transaction(async (tx) => {
    const type = await lockCollection(tx, id);
    await refuseUnfitIds(tx, type, memberIds, 'body.memberIds');
    const result = await writeMemberSet(tx, id, type, [...new Set(memberIds)], 'replace');
    const name = (await tx.collection.findUniqueOrThrow({ where: { id }, select: { name: true } })).name;
    await recordAudit(tx, ctx, {
      action: 'collection.members.replace',
      targetType: 'collection',
      targetId: id,
      summary: `Replaced the members of ${name}: ${result.added} added, ${result.removed} removed, ${result.memberCount} now`,
      after: { ...result },
    });
    return result;
  }, BULK_TRANSACTION);
}
