import { AppError } from '@vpp/contracts/errors';
import type { CollectionType } from '@vpp/contracts/inventory';
import { Prisma } from '@vpp/db/client';
import type { Db } from '@vpp/db/database';

// Collection membership written set-based: one statement per step whatever the number of members
// (up to 50,000), inside the caller's transaction.

/** Interactive-transaction limits for the bulk paths (the default 5 s is for single-row changes). */
export const BULK_TRANSACTION = { maxWait: 10_000, timeout: 120_000 } as const;

export function memberKind(type: CollectionType): 'device' | 'user' {
  return type === 'DEVICE' ? 'device' : 'user';
}

const tables = {
  DEVICE: {
    members: Prisma.raw('devices'),
    links: Prisma.raw('collection_devices'),
    key: Prisma.raw('device_id'),
  },
  USER: {
    members: Prisma.raw('people'),
    links: Prisma.raw('collection_people'),
    key: Prisma.raw('person_id'),
  },
} as const;

/** Locks the collection against concurrent member changes and deletion; returns its type. */
export async function lockCollection(tx: Db, id: string): Promise<CollectionType> {
  const rows = await tx.$queryRaw<{ type: CollectionType }[]>`
    SELECT type::text AS type FROM collections WHERE id = ${id}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'No such collection.');
  return row.type;
}

/** The ids that are not members of this kind, and why (unknown, or the other kind). */
async function findUnfitIds(tx: Db, type: CollectionType, ids: string[]) {
  const other = type === 'DEVICE' ? tables.USER : tables.DEVICE;
  const rows = await tx.$queryRaw<{ id: string; other_kind: boolean }[]>`
    SELECT DISTINCT w.id::text AS id, EXISTS (SELECT 1 FROM ${other.members} o WHERE o.id = w.id) AS other_kind
      FROM unnest(${ids}::uuid[]) AS w(id)
     WHERE NOT EXISTS (SELECT 1 FROM ${tables[type].members} m WHERE m.id = w.id)`;
  return rows.map((row) => ({
    id: row.id,
    reason: row.other_kind
      ? `is a ${type === 'DEVICE' ? 'person' : 'device'}, not a ${type === 'DEVICE' ? 'device' : 'person'}`
      : `is no ${type === 'DEVICE' ? 'device' : 'person'}`,
  }));
}

// Bad ids listed one by one in `errors`; all of them are in the `badIds` extension.
const FIELD_ERRORS_SHOWN = 100;

/** Refuses the request (400, naming every bad id) unless all ids are members of this kind. */
export async function refuseUnfitIds(
  tx: Db,
  type: CollectionType,
  ids: string[],
  fieldPath: string,
): Promise<void> {
  const unfit = await findUnfitIds(tx, type, ids);
  if (unfit.length === 0) return;
  const indexById = new Map<string, number>();
  ids.forEach((id, index) => {
    if (!indexById.has(id)) indexById.set(id, index);
  });
  throw new AppError(
    'VALIDATION_FAILED',
    `${unfit.length} of the ids are not ${type === 'DEVICE' ? 'devices' : 'people'}: nothing was changed.`,
    {
      errors: unfit.slice(0, FIELD_ERRORS_SHOWN).map((bad) => ({
        path: `${fieldPath}.${indexById.get(bad.id) ?? 0}`,
        message: `${bad.id} ${bad.reason}`,
      })),
      extensions: { badIds: unfit.map((bad) => bad.id) },
    },
  );
}

export interface MemberSetChange {
  added: number;
  removed: number;
  memberCount: number;
}

/**
 * Adds these ids as members (`add`), or makes them the only members (`replace`). Ids must be unique
 * and of the collection's kind; one deleted meanwhile is left out (its row is locked while it is linked).
 */
export async function writeMemberSet(
  tx: Db,
  collectionId: string,
  type: CollectionType,
  ids: string[],
  mode: 'add' | 'replace',
): Promise<MemberSetChange> {
  const { members, links, key } = tables[type];
  let removed = 0;
  if (mode === 'replace') {
    removed = await tx.$executeRaw`
      DELETE FROM ${links} l
       WHERE l.collection_id = ${collectionId}::uuid
         AND NOT EXISTS (SELECT 1 FROM unnest(${ids}::uuid[]) AS w(id) WHERE w.id = l.${key})`;
  }
  const [inserted] = await tx.$queryRaw<{ added: number }[]>`
    WITH linked AS (
      INSERT INTO ${links} (collection_id, ${key})
      SELECT ${collectionId}::uuid, m.id
        FROM ${members} m JOIN unnest(${ids}::uuid[]) AS w(id) ON w.id = m.id
         FOR KEY SHARE OF m
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS added FROM linked`;
  const [counted] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${links} WHERE collection_id = ${collectionId}::uuid`;
  // The collection's own row records when its membership last changed.
  await tx.$executeRaw`UPDATE collections SET updated_at = now() WHERE id = ${collectionId}::uuid`;
  return { added: inserted?.added ?? 0, removed, memberCount: counted?.n ?? 0 };
}

/** Removes these ids from the collection's members; ids that are not members change nothing. */
export async function removeFromMemberSet(
  tx: Db,
  collectionId: string,
  type: CollectionType,
  ids: string[],
): Promise<MemberSetChange> {
  const { links, key } = tables[type];
  const removed = await tx.$executeRaw`
    DELETE FROM ${links} l
     WHERE l.collection_id = ${collectionId}::uuid AND l.${key} = ANY(${ids}::uuid[])`;
  const [counted] = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${links} WHERE collection_id = ${collectionId}::uuid`;
  await tx.$executeRaw`UPDATE collections SET updated_at = now() WHERE id = ${collectionId}::uuid`;
  return { added: 0, removed, memberCount: counted?.n ?? 0 };
}
