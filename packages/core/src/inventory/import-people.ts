import {
  type ImportReport,
  personImportColumns,
  personImportRowSchema,
  type RefusedRow,
} from '@vpp/contracts/inventory';
import type { DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { lockPeople, newClientUserId } from './manage-people.ts';
import { BULK_TRANSACTION } from './member-sets.ts';
import { describeRowIssue, FirstLineByKey, readCsvTable } from './read-csv-table.ts';

// CSV import of people: a row with a clientUserId updates the person Apple knows by it (or adds
// them); a row without one updates the person with its email (or adds them with a new clientUserId).
// One email is one person. Set-based: one lookup, one insert and one update for all rows, in one
// transaction with its audit entry. A column the file has sets that field (an empty cell clears
// managedAppleId and displayName); a column it lacks leaves the field as it is.

interface PersonImportRow {
  line: number;
  /** The email as written. */
  value: string;
  email: string;
  displayName: string;
  managedAppleId?: string | undefined;
  clientUserId?: string | undefined;
}

interface ExistingPerson {
  id: string;
  client_user_id: string;
  email: string;
  display_name: string;
  managed_apple_id: string | null;
}

export async function importPeople(
  prisma: DbClient,
  ctx: RequestContext,
  content: Buffer,
): Promise<ImportReport> {
  const table = readCsvTable(content, personImportColumns);
  const refused: RefusedRow[] = [...table.refused];
  const accepted: PersonImportRow[] = [];
  const emailLines = new FirstLineByKey();
  const clientUserIdLines = new FirstLineByKey();
  for (const row of table.rows) {
    const value = row.get('email');
    const parsed = personImportRowSchema.safeParse({
      email: value,
      displayName: row.get('displayName'),
      managedAppleId: row.get('managedAppleId'),
      clientUserId: row.get('clientUserId'),
    });
    if (!parsed.success) {
      refused.push({ line: row.line, value, reason: describeRowIssue(parsed.error) });
      continue;
    }
    const sameEmail = emailLines.claim(parsed.data.email, row.line);
    if (sameEmail !== undefined) {
      refused.push({ line: row.line, value, reason: `duplicate of line ${sameEmail}` });
      continue;
    }
    const { clientUserId } = parsed.data;
    const sameClientUserId =
      clientUserId === undefined ? undefined : clientUserIdLines.claim(clientUserId, row.line);
    if (sameClientUserId !== undefined) {
      refused.push({
        line: row.line,
        value,
        reason: `clientUserId ${clientUserId} is on line ${sameClientUserId} too`,
      });
      continue;
    }
    accepted.push({ line: row.line, value, ...parsed.data });
  }

  const hasDisplayName = table.present.has('displayName');
  const hasManagedAppleId = table.present.has('managedAppleId');

  return prisma.$transaction(async (tx) => {
    await lockPeople(tx);
    const emails = accepted.map((row) => row.email);
    const clientUserIds = accepted.flatMap((row) => (row.clientUserId ? [row.clientUserId] : []));
    const existing = await tx.$queryRaw<ExistingPerson[]>`
      SELECT p.id::text AS id, p.client_user_id, p.email, p.display_name, p.managed_apple_id
        FROM people p JOIN unnest(${emails}::text[]) AS e(email) ON e.email = p.email
      UNION
      SELECT p.id::text, p.client_user_id, p.email, p.display_name, p.managed_apple_id
        FROM people p JOIN unnest(${clientUserIds}::text[]) AS c(id) ON c.id = p.client_user_id`;
    const byClientUserId = new Map(existing.map((person) => [person.client_user_id, person]));
    const byEmail = new Map<string, ExistingPerson[]>();
    for (const person of existing) byEmail.set(person.email, [...(byEmail.get(person.email) ?? []), person]);

    const creates: {
      clientUserId: string;
      email: string;
      displayName: string;
      managedAppleId: string | null;
    }[] = [];
    const updates: { id: string; email: string; displayName: string; managedAppleId: string | null }[] = [];
    let unchanged = 0;
    const claimedBy = new Map<string, number>();
    for (const row of accepted) {
      const holders = byEmail.get(row.email) ?? [];
      let target: ExistingPerson | undefined;
      if (row.clientUserId) {
        target = byClientUserId.get(row.clientUserId);
      } else if (holders.length > 1) {
        refused.push({
          line: row.line,
          value: row.value,
          reason: `${holders.length} people have this email`,
        });
        continue;
      } else {
        target = holders[0];
      }
      const otherHolder = holders.find((holder) => holder.id !== target?.id);
      if (otherHolder) {
        refused.push({
          line: row.line,
          value: row.value,
          reason: `the email belongs to another person (clientUserId ${otherHolder.client_user_id})`,
        });
        continue;
      }
      if (target) {
        const firstLine = claimedBy.get(target.id);
        if (firstLine !== undefined) {
          refused.push({ line: row.line, value: row.value, reason: `the same person as line ${firstLine}` });
          continue;
        }
        claimedBy.set(target.id, row.line);
        const next = {
          id: target.id,
          email: row.email,
          displayName: hasDisplayName ? row.displayName : target.display_name,
          managedAppleId: hasManagedAppleId ? (row.managedAppleId ?? null) : target.managed_apple_id,
        };
        const same =
          next.email === target.email &&
          next.displayName === target.display_name &&
          next.managedAppleId === target.managed_apple_id;
        if (same) unchanged += 1;
        else updates.push(next);
        continue;
      }
      creates.push({
        clientUserId: row.clientUserId ?? newClientUserId(),
        email: row.email,
        displayName: row.displayName,
        managedAppleId: row.managedAppleId ?? null,
      });
    }

    if (creates.length > 0) {
      await tx.$executeRaw`
        INSERT INTO people (id, client_user_id, email, display_name, managed_apple_id, updated_at)
        SELECT gen_random_uuid(), i.client_user_id, i.email, i.display_name, i.managed_apple_id, now()
          FROM unnest(${creates.map((row) => row.clientUserId)}::text[], ${creates.map((row) => row.email)}::text[],
                      ${creates.map((row) => row.displayName)}::text[],
                      ${creates.map((row) => row.managedAppleId)}::text[])
               AS i(client_user_id, email, display_name, managed_apple_id)`;
    }
    if (updates.length > 0) {
      await tx.$executeRaw`
        UPDATE people p
           SET email = u.email, display_name = u.display_name, managed_apple_id = u.managed_apple_id,
               updated_at = now()
          FROM unnest(${updates.map((row) => row.id)}::uuid[], ${updates.map((row) => row.email)}::text[],
                      ${updates.map((row) => row.displayName)}::text[],
                      ${updates.map((row) => row.managedAppleId)}::text[])
               AS u(id, email, display_name, managed_apple_id)
         WHERE p.id = u.id`;
    }
    const report: ImportReport = {
      created: creates.length,
      updated: updates.length,
      unchanged,
      refused: refused.sort((a, b) => a.line - b.line),
      ignoredColumns: table.ignoredColumns,
    };
    await recordAudit(tx, ctx, {
      action: 'person.import',
      targetType: 'person',
      summary: `Imported people from a CSV file: ${report.created} created, ${report.updated} updated, ${unchanged} unchanged, ${refused.length} rows refused`,
      after: {
        rows: table.rows.length + table.refused.length,
        created: report.created,
        updated: report.updated,
        unchanged,
        refused: refused.length,
      },
    });
    return report;
  }, BULK_TRANSACTION);
}
