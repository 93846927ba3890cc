import {
  deviceImportColumns,
  deviceImportRowSchema,
  type ImportReport,
  type RefusedRow,
} from '@vpp/contracts/inventory';
import type { DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { lockPeople, resolvePeopleByEmail } from './manage-people.ts';
import { BULK_TRANSACTION } from './member-sets.ts';
import { describeRowIssue, FirstLineByKey, readCsvTable } from './read-csv-table.ts';

// CSV import of devices: an upsert by serial number, set-based (one statement for all rows) in one
// transaction with its audit entry. A column the file has sets that field, an empty cell clearing
// it; a column it lacks leaves the field as it is.

interface DeviceImportRow {
  line: number;
  /** The serial number as written. */
  value: string;
  serialNumber: string;
  name: string;
  model: string;
  primaryUserEmail?: string | undefined;
}

export async function importDevices(
  prisma: DbClient,
  ctx: RequestContext,
  content: Buffer,
): Promise<ImportReport> {
  const table = readCsvTable(content, deviceImportColumns);
  const refused: RefusedRow[] = [...table.refused];
  const accepted: DeviceImportRow[] = [];
  const firstLines = new FirstLineByKey();
  for (const row of table.rows) {
    const value = row.get('serialNumber');
    const parsed = deviceImportRowSchema.safeParse({
      serialNumber: value,
      name: row.get('name'),
      model: row.get('model'),
      primaryUserEmail: row.get('primaryUserEmail'),
    });
    if (!parsed.success) {
      refused.push({ line: row.line, value, reason: describeRowIssue(parsed.error) });
      continue;
    }
    const firstLine = firstLines.claim(parsed.data.serialNumber, row.line);
    if (firstLine !== undefined) {
      refused.push({ line: row.line, value, reason: `duplicate of line ${firstLine}` });
      continue;
    }
    accepted.push({ line: row.line, value, ...parsed.data });
  }

  const hasName = table.present.has('name');
  const hasModel = table.present.has('model');
  const hasPrimaryUser = table.present.has('primaryUserEmail');

  return prisma.$transaction(async (tx) => {
    // People cannot be deleted or renamed between looking them up and linking them.
    await lockPeople(tx);
    const emails = [
      ...new Set(accepted.map((row) => row.primaryUserEmail).filter((email) => email !== undefined)),
    ];
    const people = await resolvePeopleByEmail(tx, emails);
    const serialNumbers: string[] = [];
    const names: string[] = [];
    const models: string[] = [];
    const primaryUserIds: (string | null)[] = [];
    for (const row of accepted) {
      let primaryUserId: string | null = null;
      if (row.primaryUserEmail !== undefined) {
        const person = people.get(row.primaryUserEmail);
        if (!person || 'problem' in person) {
          refused.push({
            line: row.line,
            value: row.value,
            reason: person
              ? `primaryUserEmail names no single person: ${person.problem}`
              : `primaryUserEmail ${row.primaryUserEmail} is no person: add the person first`,
          });
          continue;
        }
        primaryUserId = person.id;
      }
      serialNumbers.push(row.serialNumber);
      names.push(row.name);
      models.push(row.model);
      primaryUserIds.push(primaryUserId);
    }

    const [counts] = await tx.$queryRaw<{ created: number; updated: number }[]>`
      WITH input AS (
        SELECT * FROM unnest(${serialNumbers}::text[], ${names}::text[], ${models}::text[],
                             ${primaryUserIds}::uuid[]) AS i(serial_number, name, model, primary_user_id)
      ), upserted AS (
        INSERT INTO devices AS d (id, serial_number, name, model, primary_user_id, updated_at)
        SELECT gen_random_uuid(), i.serial_number, i.name, i.model, i.primary_user_id, now() FROM input i
        ON CONFLICT (serial_number) DO UPDATE SET
          name = CASE WHEN ${hasName}::boolean THEN EXCLUDED.name ELSE d.name END,
          model = CASE WHEN ${hasModel}::boolean THEN EXCLUDED.model ELSE d.model END,
          primary_user_id = CASE WHEN ${hasPrimaryUser}::boolean THEN EXCLUDED.primary_user_id
                                 ELSE d.primary_user_id END,
          updated_at = now()
        WHERE (d.name, d.model, d.primary_user_id) IS DISTINCT FROM (
          CASE WHEN ${hasName}::boolean THEN EXCLUDED.name ELSE d.name END,
          CASE WHEN ${hasModel}::boolean THEN EXCLUDED.model ELSE d.model END,
          CASE WHEN ${hasPrimaryUser}::boolean THEN EXCLUDED.primary_user_id ELSE d.primary_user_id END)
        RETURNING (xmax = 0) AS inserted
      )
      SELECT count(*) FILTER (WHERE inserted)::int AS created,
             count(*) FILTER (WHERE NOT inserted)::int AS updated
        FROM upserted`;
    const created = counts?.created ?? 0;
    const updated = counts?.updated ?? 0;
    const report: ImportReport = {
      created,
      updated,
      unchanged: serialNumbers.length - created - updated,
      refused: refused.sort((a, b) => a.line - b.line),
      ignoredColumns: table.ignoredColumns,
    };
    await recordAudit(tx, ctx, {
      action: 'device.import',
      targetType: 'device',
      summary: `Imported devices from a CSV file: ${created} created, ${updated} updated, ${report.unchanged} unchanged, ${refused.length} rows refused`,
      after: {
        rows: table.rows.length + table.refused.length,
        created,
        updated,
        unchanged: report.unchanged,
        refused: refused.length,
      },
    });
    return report;
  }, BULK_TRANSACTION);
}
