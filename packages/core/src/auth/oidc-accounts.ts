import type { Role, SessionUser } from '@vpp/contracts/accounts';
import { AppError } from '@vpp/contracts/errors';
import type { Database } from '@vpp/db/database';
import { type Transaction, withTransaction } from '@vpp/db/transaction';
import { recordAuditSql } from '../audit-log/record-audit.ts';
import type { RequestContext } from '../request-context.ts';
import { roleFromDb, roleToDb } from './account-view.ts';

// Single sign-on, the account side: who the identity provider says the person is becomes an account
// here (created just in time, or updated), with the role their groups give, and a session row like a
// password sign-in. The protocol (discovery, PKCE, token and id-token checks) is openid-client's.

/** A password hash no password matches: accounts made by SSO sign in through the identity provider. */
export const NO_PASSWORD = '!sso';

const USER_AGENT_MAX = 256;
const ROLE_RANK: Record<Role, number> = { manager: 1, admin: 2 };

export interface RoleMapping {
  value: string;
  role: Role;
}

/** The highest role any of the claim's values maps to; null when none maps (the person is refused). */
export function roleFromClaim(claim: unknown, roleMap: readonly RoleMapping[]): Role | null {
  const values = Array.isArray(claim) ? claim : claim === undefined || claim === null ? [] : [claim];
  let best: Role | null = null;
  for (const value of values) {
    if (typeof value !== 'string') continue;
    for (const mapping of roleMap) {
      if (mapping.value === value && (best === null || ROLE_RANK[mapping.role] > ROLE_RANK[best])) {
        best = mapping.role;
      }
    }
  }
  return best;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
  name: string | undefined;
  /** The value of the configured role claim (OIDC_ROLE_CLAIM), as the provider sent it. */
  roleClaim: unknown;
}

export interface OidcSignInInput {
  identity: OidcIdentity;
  roleMap: readonly RoleMapping[];
  providerName: string;
  userAgent: string | undefined;
  sessionTtlSeconds: number;
  now: Date;
}

interface AccountRow {
  id: string;
  email: string;
  display_name: string;
  role: 'ADMIN' | 'MANAGER';
  locale: string;
  disabled_at: Date | null;
  oidc_subject: string | null;
}

const ACCOUNT_COLUMNS = 'id, email, display_name, role, locale, disabled_at, oidc_subject';

async function refuse(
  database: Pick<Database, 'pool'>,
  ctx: RequestContext,
  identity: OidcIdentity,
  code: 'OIDC_NO_ROLE' | 'OIDC_EMAIL_MISSING' | 'ACCOUNT_DISABLED',
  detail: string,
): Promise<never> {
  await recordAuditSql(database.pool, ctx, {
    action: 'session.sign-in-refused',
    targetType: 'account',
    targetId: null,
    summary: `Single sign-on refused for ${identity.email ?? identity.subject}: ${code}`,
    after: { method: 'oidc', subject: identity.subject, email: identity.email ?? null, code },
  });
  throw new AppError(code, detail);
}

async function findAccount(
  tx: Transaction,
  identity: OidcIdentity,
  email: string,
): Promise<AccountRow | undefined> {
  const bySubject = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE oidc_subject = $1 FOR UPDATE`,
    [identity.subject],
  );
  if (bySubject.rows[0]) return bySubject.rows[0];
  // An existing account is linked by email only when the provider vouches for the address, and only
  // if it is not linked to another subject already.
  if (!identity.emailVerified) return undefined;
  const byEmail = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE email = $1 AND oidc_subject IS NULL FOR UPDATE`,
    [email],
  );
  return byEmail.rows[0];
}

/**
 * Signs in the person the identity provider vouched for: refuses them when their role claim maps to
 * no role, creates their account the first time (just in time), keeps its role and name in step with
 * the provider afterwards, opens a session and audits it.
 */
export async function signInWithOidc(
  database: Pick<Database, 'pool'>,
  ctx: RequestContext,
  input: OidcSignInInput,
): Promise<{ user: SessionUser; sessionId: string }> {
  const { identity } = input;
  const role = roleFromClaim(identity.roleClaim, input.roleMap);
  if (!role) {
    await refuse(
      database,
      ctx,
      identity,
      'OIDC_NO_ROLE',
      'Your groups at the identity provider give you no role in this console. Ask an administrator.',
    );
  }
  const email = identity.email?.trim().toLowerCase();
  if (!email) {
    await refuse(
      database,
      ctx,
      identity,
      'OIDC_EMAIL_MISSING',
      'The identity provider sent no email address.',
    );
  }
  const grantedRole = role as Role;
  const address = email as string;
  const outcome = await withTransaction(database, async (tx) => {
    const existing = await findAccount(tx, identity, address);
    if (existing?.disabled_at) return { disabled: true as const };
    let account: AccountRow;
    let created = false;
    if (existing) {
      const updated = await tx.query<AccountRow>(
        `UPDATE accounts SET oidc_subject = $2, role = $3::"Role",
                display_name = CASE WHEN $4::text IS NULL THEN display_name ELSE $4 END,
                last_sign_in_at = $5, updated_at = $5
          WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
        [
          existing.id,
          identity.subject,
          roleToDb(grantedRole),
          identity.name?.slice(0, 100) ?? null,
          input.now,
        ],
      );
      account = updated.rows[0]!;
    } else {
      const taken = await tx.query('SELECT 1 FROM accounts WHERE email = $1', [address]);
      if (taken.rowCount) {
        throw new AppError(
          'OIDC_FAILED',
          'An account with this email exists, and the identity provider does not vouch for the address.',
        );
      }
      const inserted = await tx.query<AccountRow>(
        `INSERT INTO accounts (id, email, display_name, password_hash, role, oidc_subject, last_sign_in_at, created_at, updated_at)
         VALUES (gen_random_uuid(), $1, $2, $3, $4::"Role", $5, $6, $6, $6)
         RETURNING ${ACCOUNT_COLUMNS}`,
        [
          address,
          identity.name?.slice(0, 100) ?? '',
          NO_PASSWORD,
          roleToDb(grantedRole),
          identity.subject,
          input.now,
        ],
      );
      account = inserted.rows[0]!;
      created = true;
    }
    const session = await tx.query<{ id: string }>(
      `INSERT INTO sessions (id, account_id, ip, user_agent, created_at, expires_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id`,
      [
        account.id,
        ctx.ip,
        input.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
        input.now,
        new Date(input.now.getTime() + input.sessionTtlSeconds * 1000),
      ],
    );
    const actorCtx: RequestContext = {
      ...ctx,
      actor: { id: account.id, email: account.email, role: roleFromDb(account.role) },
    };
    if (created) {
      await recordAuditSql(tx, actorCtx, {
        action: 'account.create-sso',
        targetType: 'account',
        targetId: account.id,
        summary: `${account.email} was created by single sign-on (${input.providerName}) as ${grantedRole}`,
        after: { email: account.email, role: grantedRole, subject: identity.subject },
      });
    } else if (existing && roleFromDb(existing.role) !== grantedRole) {
      await recordAuditSql(tx, actorCtx, {
        action: 'account.role-from-sso',
        targetType: 'account',
        targetId: account.id,
        summary: `${account.email} is ${grantedRole} now, as their groups at ${input.providerName} say`,
        before: { role: roleFromDb(existing.role) },
        after: { role: grantedRole },
      });
    }
    await recordAuditSql(tx, actorCtx, {
      action: 'session.sign-in',
      targetType: 'account',
      targetId: account.id,
      summary: `${account.email} signed in with ${input.providerName}`,
      after: { method: 'oidc' },
    });
    return {
      disabled: false as const,
      sessionId: session.rows[0]!.id,
      user: {
        id: account.id,
        email: account.email,
        displayName: account.display_name,
        role: roleFromDb(account.role),
        locale: account.locale === 'nl-NL' ? ('nl-NL' as const) : ('en' as const),
      },
    };
  });
  if (outcome.disabled) {
    return refuse(database, ctx, identity, 'ACCOUNT_DISABLED', 'Your account in this console is disabled.');
  }
  return { user: outcome.user, sessionId: outcome.sessionId };
}

/** Whether the account signed in through the identity provider (sign-out then ends that session too). */
export async function isSsoAccount(database: Pick<Database, 'pool'>, accountId: string): Promise<boolean> {
  const result = await database.pool.query(
    'SELECT 1 FROM accounts WHERE id = $1 AND oidc_subject IS NOT NULL',
    [accountId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** LOCAL_PASSWORDS=off: only the break-glass admin may sign in with a password. */
export function assertPasswordSignInAllowed(
  policy: { open: true } | { open: false; breakGlass: string | null },
  email: string,
): void {
  if (policy.open) return;
  if (policy.breakGlass !== null && email.trim().toLowerCase() === policy.breakGlass) return;
  throw new AppError(
    'PASSWORD_SIGN_IN_DISABLED',
    'Password sign-in is switched off here. Sign in with your organisation account.',
  );
}
