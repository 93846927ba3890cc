import type { AccountSessionList } from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import type { Account as AccountRow } from '@vpp/db/client';
import type { Db, DbClient } from '@vpp/db/database';
import type { Sql } from '@vpp/db/transaction';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';

// A browser stays signed in while its row in `sessions` exists and has not expired. The cookie is a
// signed token naming the row; deleting the row ends the session at the next request.

const USER_AGENT_MAX = 256;

export interface NewSession {
  accountId: string;
  ip: string | null;
  userAgent: string | undefined;
  ttlSeconds: number;
  now: Date;
}

export async function createSession(db: Db, input: NewSession): Promise<{ id: string; expiresAt: Date }> {
  const row = await db.session.create({
    data: {
      accountId: input.accountId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      createdAt: input.now,
      expiresAt: new Date(input.now.getTime() + input.ttlSeconds * 1000),
    },
    select: { id: true, expiresAt: true },
  });
  return row;
}

export interface SessionAccount {
  id: string;
  email: string;
  role: AccountRow['role'];
}

/**
 * The account behind a session, if the session still exists, has not expired and its account is
 * not disabled. Runs on every request, so it is one statement over two primary-key lookups.
 */
export async function findSessionAccount(
  sql: Sql,
  sessionId: string,
  accountId: string,
): Promise<SessionAccount | null> {
  const result = await sql.query<SessionAccount>(
    `SELECT a.id, a.email, a.role
       FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.id = $1 AND s.account_id = $2 AND s.expires_at > now() AND a.disabled_at IS NULL`,
    [sessionId, accountId],
  );
  return result.rows[0] ?? null;
}

/** Ends every session of the account but `keep` (the caller's own, when they changed their password). */
export async function endSessionsOf(db: Db, accountId: string, keep?: string): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { accountId, ...(keep ? { id: { not: keep } } : {}) },
  });
  return count;
}

/** Sign-out: ends the caller's own session. */
export async function signOut(prisma: DbClient, ctx: RequestContext): Promise<void> {
  const actor = ctx.actor;
  if (!actor) return;
  await prisma.$transaction(async (tx) => {
    if (actor.sessionId) await tx.session.deleteMany({ where: { id: actor.sessionId, accountId: actor.id } });
    await recordAudit(tx, ctx, {
      action: 'session.sign-out',
      targetType: 'account',
      targetId: actor.id,
      summary: `${actor.email} signed out`,
    });
  });
}

async function accountOrFail(db: Db, accountId: string) {
  const account = await db.account.findUnique({ where: { id: accountId }, select: { email: true } });
  if (!account) throw new AppError('NOT_FOUND', 'No such account.');
  return account;
}

export async function listAccountSessions(
  db: Db,
  ctx: RequestContext,
  accountId: string,
  now: Date,
): Promise<AccountSessionList> {
  await accountOrFail(db, accountId);
  const rows = await db.session.findMany({
    where: { accountId, expiresAt: { gt: now } },
    orderBy: [{ createdAt: 'desc' }],
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      expiresAt: row.expiresAt.toISOString(),
      ip: row.ip,
      userAgent: row.userAgent,
      current: row.id === ctx.actor?.sessionId,
    })),
  };
}

/** An admin ends one session of an account, or all of them (`sessionId` undefined). */
export async function endAccountSessions(
  prisma: DbClient,
  ctx: RequestContext,
  accountId: string,
  sessionId?: string,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const account = await accountOrFail(tx, accountId);
    const { count } = await tx.session.deleteMany({
      where: { accountId, ...(sessionId ? { id: sessionId } : {}) },
    });
    if (sessionId && count === 0) throw new AppError('NOT_FOUND', 'No such session.');
    await recordAudit(tx, ctx, {
      action: 'session.end',
      targetType: 'account',
      targetId: accountId,
      summary: sessionId
        ? `Ended a session of ${account.email}`
        : `Ended ${count} session${count === 1 ? '' : 's'} of ${account.email}`,
      ...(sessionId ? { after: { sessionId } } : {}),
    });
  });
}

export async function pruneExpiredSessions(db: Db, now: Date): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}
