import type { SessionUser, UpdateMeRequest } from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import type { Account as AccountRow } from '@vpp/db/client';
import type { DbClient } from '@vpp/db/database';
import type pg from 'pg';
import { accountAuditSnapshot, roleFromDb, toSessionUser } from '../accounts/account-view.ts';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hashing.ts';
import { checkSignInAllowed, countFailedSignIn } from './sign-in-attempts.ts';

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  failedAttemptLimit: number;
  now: Date;
}

// An address may fail for several accounts (a shared office NAT) before it is blocked as a whole.
const FAILURES_PER_ADDRESS_FACTOR = 10;

/** Checks the credentials; failures count towards a per-email and a (higher) per-address limit. */
export async function signIn(prisma: DbClient, ctx: RequestContext, input: SignInInput): Promise<AccountRow> {
  const limits = new Map([[`sign-in:email:${input.email}`, input.failedAttemptLimit]]);
  if (input.ip) limits.set(`sign-in:ip:${input.ip}`, input.failedAttemptLimit * FAILURES_PER_ADDRESS_FACTOR);
  const keys = [...limits.keys()];
  const check = await checkSignInAllowed(prisma, limits, input.now);
  if (!check.allowed) {
    throw new AppError('RATE_LIMITED', 'Too many failed sign-ins. Try again later.', {
      extensions: { retryAfterSeconds: check.retryAfterSeconds },
    });
  }
  const account = await prisma.account.findUnique({ where: { email: input.email } });
  const passwordMatches = await verifyPassword(input.password, account?.passwordHash ?? DECOY_PASSWORD_HASH);
  if (!account || !passwordMatches || account.disabledAt) {
    for (const key of keys) await countFailedSignIn(prisma, key, input.now);
    throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong, or the account is disabled.');
  }
  return prisma.$transaction(async (tx) => {
    const updated = await tx.account.update({ where: { id: account.id }, data: { lastSignInAt: input.now } });
    await recordAudit(
      tx,
      { ...ctx, actor: { id: account.id, email: account.email, role: roleFromDb(account.role) } },
      {
        action: 'session.sign-in',
        targetType: 'account',
        targetId: account.id,
        summary: `${account.email} signed in`,
      },
    );
    return updated;
  });
}

export interface SessionAccount {
  id: string;
  email: string;
  role: AccountRow['role'];
}

/**
 * The account behind a session, if the session is still good (not disabled, epoch unchanged). Runs on
 * every request, so it is one indexed read with plain SQL.
 */
export async function findSessionAccount(
  pool: Pick<pg.Pool, 'query'>,
  accountId: string,
  epoch: number,
): Promise<SessionAccount | null> {
  const result = await pool.query<SessionAccount>(
    `SELECT id, email, role FROM accounts WHERE id = $1 AND session_epoch = $2 AND disabled_at IS NULL`,
    [accountId, epoch],
  );
  return result.rows[0] ?? null;
}

export async function signOut(prisma: DbClient, ctx: RequestContext): Promise<void> {
  if (!ctx.actor) return;
  await recordAudit(prisma, ctx, {
    action: 'session.sign-out',
    targetType: 'account',
    targetId: ctx.actor.id,
    summary: `${ctx.actor.email} signed out`,
  });
}

export async function updateMe(
  prisma: DbClient,
  ctx: RequestContext,
  accountId: string,
  input: UpdateMeRequest,
): Promise<{ user: SessionUser; sessionEpoch: number }> {
  const current = await prisma.account.findUnique({ where: { id: accountId } });
  if (!current) throw new AppError('UNAUTHENTICATED', 'Sign in again.');
  if (input.newPassword) {
    const ok = await verifyPassword(input.currentPassword ?? '', current.passwordHash);
    if (!ok) throw new AppError('INVALID_CREDENTIALS', 'The current password is wrong.');
  }
  const passwordHash = input.newPassword ? await hashPassword(input.newPassword) : undefined;
  return prisma.$transaction(async (tx) => {
    const updated = await tx.account.update({
      where: { id: accountId },
      data: {
        displayName: input.displayName,
        locale: input.locale,
        passwordHash,
        // A new password ends every other session; the caller re-issues this one.
        sessionEpoch: passwordHash ? { increment: 1 } : undefined,
      },
    });
    await recordAudit(tx, ctx, {
      action: 'account.update-self',
      targetType: 'account',
      targetId: accountId,
      summary: `${updated.email} updated their own ${[
        ...(input.displayName !== undefined ? ['name'] : []),
        ...(input.locale ? ['language'] : []),
        ...(passwordHash ? ['password'] : []),
      ].join(', ')}`,
      before: accountAuditSnapshot(current),
      after: accountAuditSnapshot(updated),
    });
    return { user: toSessionUser(updated), sessionEpoch: updated.sessionEpoch };
  });
}
