import type { Role } from '@vpp/contracts/accounts';

export const paths = {
  home: '/',
  login: '/login',
  tokens: '/tokens',
  token: '/tokens/:tokenId',
  auditLog: '/audit-log',
  accounts: '/settings/accounts',
  myAccount: '/my-account',
} as const;

export function tokenPath(id: string): string {
  return `${paths.tokens}/${encodeURIComponent(id)}`;
}

/** Where each role starts after signing in (a dashboard takes this place in a later issue). */
export function landingPath(role: Role): string {
  return role === 'admin' ? paths.auditLog : paths.myAccount;
}

/** The sign-in address that brings the reader back to `next` afterwards. */
export function loginPath(next?: string): string {
  if (!next || next === paths.home) return paths.login;
  return `${paths.login}?${new URLSearchParams({ next }).toString()}`;
}

/** Only same-site paths are followed after sign-in, never another origin (`//host`, `https:`). */
export function safeNextPath(next: string | null): string | undefined {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next === paths.login || next.startsWith(`${paths.login}?`)) return undefined;
  return next;
}
