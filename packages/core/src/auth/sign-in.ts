import type { SessionUser, UpdateMeRequest } from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import type { Account as AccountRow } from '@vpp/db/client';
import type { Database, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { accountAuditSnapshot, roleFromDb, toSessionUser } from './account-view.ts';
import type { PasswordCheckPool } from './password-check-pool.ts';
import { DECOY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hashing.ts';
import { createSession, endSessionsOf } from './sessions.ts';
import { type Reservation, releaseSignInAttempt, reserveSignInAttempt } from './sign-in-attempts.ts';

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | undefined;
  failedAttemptLimit: number;
  sessionTtlSeconds: number;
  now: Date;
}

export interface SignInDeps {
  database: Pick<Database, 'prisma' | 'pool'>;
  passwordChecks: PasswordCheckPool;
}

// An address may fail for several accounts (a shared office NAT) before it is blocked as a whole.
const FAILURES_PER_ADDRESS_FACTOR = 10;

function tooManyAttempts(retryAfterSeconds: number, detail: string): AppError {
  return new AppError('RATE_LIMITED', detail, { extensions: { retryAfterSeconds } });
}

/**
 * Checks the credentials and opens a session. First a place in the password-check pool (none left
 * for this email or at all: 429 at once, no database work); then the attempt is reserved against a
 * per-email and a (higher) per-address budget in the database, before the password is looked at, so
 * parallel attempts (on any number of replicas) cannot all be evaluated. A failure keeps its
 * reservation; a success, or an attempt that never ran, gives it back.
 */
export async function signIn(
  deps: SignInDeps,
  ctx: RequestContext,
  input: SignInInput,
): Promise<{ account: AccountRow; sessionId: string }> {
  const { prisma, pool } = deps.database;
  const emailKey = `sign-in:email:${input.email}`;
  const place = deps.passwordChecks.admit(emailKey);
  if (!place) throw tooManyAttempts(1, 'Too many sign-ins at once. Try again in a moment.');
  const limits = [{ key: emailKey, limit: input.failedAttemptLimit }];
  if (input.ip)
    limits.push({
      key: `sign-in:ip:${input.ip}`,
      limit: input.failedAttemptLimit * FAILURES_PER_ADDRESS_FACTOR,
    });
  let reservation: Reservation;
  try {
    reservation = await reserveSignInAttempt(deps.database, limits, input.now);
  } catch (error) {
    place.release();
    throw error;
  }
  if (!reservation.granted) {
    place.release();
    throw tooManyAttempts(reservation.retryAfterSeconds, 'Too many failed sign-ins. Try again later.');
  }
  let failed = false;
  try {
    const account = await prisma.account.findUnique({ where: { email: input.email } });
    const passwordMatches = await place.run(() =>
      verifyPassword(input.password, account?.passwordHash ?? DECOY_PASSWORD_HASH),
    );
    if (!account || !passwordMatches || account.disabledAt) {
      failed = true;
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The email or password is wrong, or the account is disabled.',
      );
    }
    return await prisma.$transaction(async (tx) => {
      const updated = await tx.account.update({
        where: { id: account.id },
        data: { lastSignInAt: input.now },
      });
      const session = await createSession(tx, {
        accountId: account.id,
        ip: input.ip,
        userAgent: input.userAgent,
        ttlSeconds: input.sessionTtlSeconds,
        now: input.now,
      });
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
      return { account: updated, sessionId: session.id };
    });
  } finally {
    place.release();
    // Only a wrong password (or unknown email, or disabled account) is charged.
    if (!failed) await releaseSignInAttempt(pool, reservation.keys, input.now);
  }
}

export async function updateMe(
  prisma: DbClient,
  ctx: RequestContext,
  accountId: string,
  input: UpdateMeRequest,
): Promise<SessionUser> {
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
      },
    });
    // A new password ends every other session of the account; this one carries on.
    if (passwordHash) await endSessionsOf(tx, accountId, ctx.actor?.sessionId);
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
    return toSessionUser(updated);
  });
}
