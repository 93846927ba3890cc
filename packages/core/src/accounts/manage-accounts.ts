import type { Account, CreateAccountRequest, UpdateAccountRequest } from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import type { Paged, PageQuery } from '@vpp/contracts/paging';
import type { Db, DbClient } from '@vpp/db/database';
import { recordAudit } from '../audit-log/record-audit.ts';
import { accountAuditSnapshot, roleToDb, toAccount } from '../auth/account-view.ts';
import { hashPassword } from '../auth/password-hashing.ts';
import { endSessionsOf } from '../auth/sessions.ts';
import type { RequestContext } from '../request-context.ts';

type CreateAccountInput = Required<Omit<CreateAccountRequest, 'displayName' | 'locale'>> &
  Pick<Required<CreateAccountRequest>, 'displayName' | 'locale'>;

export async function listAccounts(db: Db, page: Required<PageQuery>): Promise<Paged<Account>> {
  const [total, rows] = await Promise.all([
    db.account.count(),
    db.account.findMany({
      orderBy: [{ email: 'asc' }],
      skip: (page.page - 1) * page.pageSize,
      take: page.pageSize,
    }),
  ]);
  return { total, page: page.page, pageSize: page.pageSize, items: rows.map(toAccount) };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === 'P2002';
}

export async function createAccount(
  prisma: DbClient,
  ctx: RequestContext,
  input: CreateAccountInput,
): Promise<Account> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.account.create({
        data: {
          email: input.email,
          displayName: input.displayName,
          passwordHash,
          role: roleToDb(input.role),
          locale: input.locale,
        },
      });
      await recordAudit(tx, ctx, {
        action: 'account.create',
        targetType: 'account',
        targetId: row.id,
        summary: `Created ${input.role} account ${row.email}`,
        after: accountAuditSnapshot(row),
      });
      return toAccount(row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('EMAIL_TAKEN', `An account with ${input.email} exists already.`);
    throw error;
  }
}

/** Locks the active admins so two concurrent changes cannot both remove "the other" last admin. */
async function lockActiveAdminIds(tx: Db): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM accounts WHERE role = 'ADMIN' AND disabled_at IS NULL ORDER BY id FOR UPDATE`;
  return rows.map((row) => row.id);
}

export async function updateAccount(
  prisma: DbClient,
  ctx: RequestContext,
  id: string,
  input: UpdateAccountRequest,
): Promise<Account> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return prisma.$transaction(async (tx) => {
    const admins = await lockActiveAdminIds(tx);
    const before = await tx.account.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such account.');
    const losesAdmin = (input.role === 'manager' || input.disabled === true) && admins.includes(id);
    if (losesAdmin && admins.length <= 1) {
      throw new AppError('LAST_ADMIN', 'This is the last active admin: make another admin first.');
    }
    const endsSessions =
      passwordHash !== undefined ||
      (input.role !== undefined && roleToDb(input.role) !== before.role) ||
      input.disabled === true;
    const after = await tx.account.update({
      where: { id },
      data: {
        displayName: input.displayName,
        locale: input.locale,
        role: input.role ? roleToDb(input.role) : undefined,
        passwordHash,
        disabledAt: input.disabled === undefined ? undefined : input.disabled ? new Date() : null,
      },
    });
    if (endsSessions) await endSessionsOf(tx, id);
    const changed = Object.keys(input).filter((key) => key !== 'password');
    await recordAudit(tx, ctx, {
      action: 'account.update',
      targetType: 'account',
      targetId: id,
      summary: `Updated account ${after.email}: ${[...changed, ...(passwordHash ? ['password reset'] : [])].join(', ')}`,
      before: accountAuditSnapshot(before),
      after: accountAuditSnapshot(after),
    });
    return toAccount(after);
  });
}

export async function deleteAccount(prisma: DbClient, ctx: RequestContext, id: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const admins = await lockActiveAdminIds(tx);
    const before = await tx.account.findUnique({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such account.');
    if (admins.includes(id) && admins.length <= 1) {
      throw new AppError('LAST_ADMIN', 'This is the last active admin: make another admin first.');
    }
    await tx.account.delete({ where: { id } });
    await recordAudit(tx, ctx, {
      action: 'account.delete',
      targetType: 'account',
      targetId: id,
      summary: `Deleted account ${before.email}`,
      before: accountAuditSnapshot(before),
    });
  });
}
