import type { DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import { hashPassword } from '../auth/password-hashing.ts';
import { systemContext } from '../request-context.ts';

export type FirstAdminOutcome = { created: false } | { created: true; email: string };

/** On an installation with no account yet, creates the first admin. Safe to call on every start. */
export async function ensureFirstAdmin(
  prisma: DbClient,
  credentials: { email: string; password: string },
): Promise<FirstAdminOutcome> {
  const email = credentials.email.trim().toLowerCase();
  const passwordHash = await hashPassword(credentials.password);
  return prisma.$transaction(async (tx) => {
    // Serialises concurrent starts (several replicas) so only one creates the account.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('vpp-console:first-admin'))`;
    if ((await tx.account.count()) > 0) return { created: false } as const;
    const row = await tx.account.create({
      data: { email, passwordHash, role: 'ADMIN', displayName: 'Administrator' },
    });
    await recordAudit(tx, systemContext('start-up'), {
      action: 'account.create',
      targetType: 'account',
      targetId: row.id,
      summary: `Created the first admin account ${email}`,
    });
    return { created: true, email } as const;
  });
}
