import { AppError } from '@vpp/contracts/errors';
import {
  deviceMemberImportColumns,
  inventoryEmailSchema,
  type MemberImportQuery,
  type MemberImportReport,
  personMemberImportColumns,
  type RefusedRow,
  serialNumberSchema,
} from '@vpp/contracts/inventory';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { lockPeople, resolvePeopleByEmail } from './manage-people.ts';
import { BULK_TRANSACTION, lockCollection, memberKind, writeMemberSet } from './member-sets.ts';
import { describeRowIssue, FirstLineByKey, readCsvTable } from './read-csv-table.ts';

// CSV import of a collection's members: devices by serial number, or people by email. Rows naming
// nobody, duplicates and bad values are refused and reported; the others are added (or, with
// mode=replace, become the members) in one transaction.

interface KeyedRow {
  line: number;
  value: string;
  key: string;
}

async function devicesBySerial(tx: Db, serialNumbers: string[]) {
  const rows = await tx.$queryRaw<{ serial_number: string; id: string }[]>`
    SELECT d.serial_number, d.id::text AS id
      FROM devices d JOIN unnest(${serialNumbers}::text[]) AS s(serial_number) ON s.serial_number = d.serial_number`;
  return new Map(rows.map((row) => [row.serial_number, { id: row.id }]));
}

export async function importCollectionMembers(
  prisma: DbClient,
  ctx: RequestContext,
  collectionId: string,
  options: MemberImportQuery,
  content: Buffer,
): Promise<MemberImportReport> {
  // A collection's type never changes: read it, and the file, before the transaction.
  const collection = await prisma.collection.findUnique({
    where: { id: collectionId },
    select: { type: true },
  });
  if (!collection) throw new AppError('NOT_FOUND', 'No such collection.');
  const type = collection.type;
  const isDevice = type === 'DEVICE';
  const column = isDevice ? 'serialNumber' : 'email';
  const table = readCsvTable(content, isDevice ? deviceMemberImportColumns : personMemberImportColumns);
  const refused: RefusedRow[] = [...table.refused];
  const keyed: KeyedRow[] = [];
  const firstLines = new FirstLineByKey();
  const keySchema = isDevice ? serialNumberSchema : inventoryEmailSchema;
  for (const row of table.rows) {
    const value = row.get(column);
    const parsed = keySchema.safeParse(value);
    if (!parsed.success) {
      refused.push({
        line: row.line,
        value,
        reason: describeRowIssue({
          issues: parsed.error.issues.map((issue) => ({ ...issue, path: [column, ...issue.path] })),
        }),
      });
      continue;
    }
    const firstLine = firstLines.claim(parsed.data, row.line);
    if (firstLine !== undefined) {
      refused.push({ line: row.line, value, reason: `duplicate of line ${firstLine}` });
      continue;
    }
    keyed.push({ line: row.line, value, key: parsed.data });
  }

  return prisma.$transaction(async (tx) => {
    await lockCollection(tx, collectionId);
    const keys = keyed.map((row) => row.key);
    let found: Map<string, { id: string } | { problem: string }>;
    if (isDevice) {
      found = await devicesBySerial(tx, keys);
    } else {
      await lockPeople(tx);
      found = await resolvePeopleByEmail(tx, keys);
    }
    const ids: string[] = [];
    for (const row of keyed) {
      const member = found.get(row.key);
      if (member && 'id' in member) {
        ids.push(member.id);
        continue;
      }
      refused.push({
        line: row.line,
        value: row.value,
        reason: member
          ? member.problem
          : isDevice
            ? `no device has serial number ${row.key}`
            : `no person has the email ${row.key}`,
      });
    }

    const change = await writeMemberSet(tx, collectionId, type, ids, options.mode);
    const report: MemberImportReport = {
      added: change.added,
      alreadyMembers: ids.length - change.added,
      removed: change.removed,
      memberCount: change.memberCount,
      refused: refused.sort((a, b) => a.line - b.line),
      ignoredColumns: table.ignoredColumns,
    };
    const name = (
      await tx.collection.findUniqueOrThrow({ where: { id: collectionId }, select: { name: true } })
    ).name;
    await recordAudit(tx, ctx, {
      action: 'collection.members.import',
      targetType: 'collection',
      targetId: collectionId,
      summary: `Imported ${memberKind(type)} members of ${name} from a CSV file (${options.mode}): ${change.added} added, ${change.removed} removed, ${refused.length} rows refused, ${change.memberCount} members now`,
      after: {
        mode: options.mode,
        rows: table.rows.length + table.refused.length,
        added: change.added,
        alreadyMembers: report.alreadyMembers,
        removed: change.removed,
        refused: refused.length,
        memberCount: change.memberCount,
      },
    });
    return report;
  }, BULK_TRANSACTION);
}
