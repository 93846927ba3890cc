import type { Account, Locale, Role, SessionUser } from '@vpp/contracts/accounts';
import type { Account as AccountRow } from '@vpp/db/client';

export function roleFromDb(role: AccountRow['role']): Role {
  return role === 'ADMIN' ? 'admin' : 'manager';
}

export function roleToDb(role: Role): AccountRow['role'] {
  return role === 'admin' ? 'ADMIN' : 'MANAGER';
}

function localeFromDb(locale: string): Locale {
  return locale === 'nl-NL' ? 'nl-NL' : 'en';
}

export function toAccount(row: AccountRow): Account {
  return {
    ...toSessionUser(row),
    disabled: row.disabledAt !== null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toSessionUser(row: AccountRow): SessionUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: roleFromDb(row.role),
    locale: localeFromDb(row.locale),
  };
}

/** What the audit log keeps of an account: never its password hash. */
export function accountAuditSnapshot(row: AccountRow) {
  return {
    email: row.email,
    displayName: row.displayName,
    role: roleFromDb(row.role),
    locale: row.locale,
    disabled: row.disabledAt !== null,
  };
}
