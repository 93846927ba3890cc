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
import { escapeLike } from '@vpp/db/like-pattern';
import { isRecordMissing, isUniqueViolation } from '@vpp/db/prisma-errors';
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
  removeFromMemberSet,
  writeMemberSet,
} from './member-sets.ts';

/** How many members a collection's page shows with it. */
const FIRST_MEMBERS_PAGE_SIZE = 50;

export async function listCollections(db: Db, query: CollectionListQuery): Promise<Paged<Collection>> {
  const search = query.search || undefined;
  const where: Prisma.CollectionWhereInput = {
    ...(query.type ? { type: query.type } : {}),
    ...(search
      ? {
          OR: [
            { name: { contains: escapeLike(search), mode: 'insensitive' } },
            { description: { contains: escapeLike(search), mode: 'insensitive' } },
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
    const activeDeployments = await tx.deployment.count({
      // A finished deployment still stands for the apps it put on the members: only stopped ones go.
      where: { collectionId: id, status: { not: 'STOPPED' } },
    });
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

type MemberChange = 'replace' | 'add' | 'remove';

const memberChangeSummary: Record<MemberChange, (name: string, change: ReplaceMembersResponse) => string> = {
  replace: (name, c) =>
    `Replaced the members of ${name}: ${c.added} added, ${c.removed} removed, ${c.memberCount} now`,
  add: (name, c) => `Added ${c.added} members to ${name}, ${c.memberCount} now`,
  remove: (name, c) => `Removed ${c.removed} members from ${name}, ${c.memberCount} now`,
};

/**
 * Changes a collection's members (devices or people, by its type) in one transaction: `replace`
 * makes exactly these ids the members, `add` adds them, `remove` takes them out. Any id that is not
 * a member of the right kind refuses the whole request. Deployments are snapshots: a member taken out
 * keeps what earlier deployments gave it.
 */
export async function changeCollectionMembers(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  change: MemberChange,
  memberIds: string[],
): Promise<ReplaceMembersResponse> {
  return prisma.$transaction(async (tx) => {
    const type = await lockCollection(tx, id);
    await refuseUnfitIds(tx, type, memberIds, 'body.memberIds');
    const ids = [...new Set(memberIds)];
    const result =
      change === 'remove'
        ? await removeFromMemberSet(tx, id, type, ids)
        : await writeMemberSet(tx, id, type, ids, change);
    const name = (await tx.collection.findUniqueOrThrow({ where: { id }, select: { name: true } })).name;
    await recordAudit(tx, ctx, {
      action: `collection.members.${change}`,
      targetType: 'collection',
      targetId: id,
      summary: memberChangeSummary[change](name, result),
      after: { ...result },
    });
    return result;
  }, BULK_TRANSACTION);
}

/** Makes exactly these ids the collection's members. */
export function replaceCollectionMembers(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  memberIds: string[],
): Promise<ReplaceMembersResponse> {
  return changeCollectionMembers(prisma, ctx, id, 'replace', memberIds);
}
