export const paths = {
  home: '/',
  login: '/login',
  tokens: '/tokens',
  token: '/tokens/:tokenId',
  storeApps: '/store-apps',
  applications: '/applications',
  application: '/applications/:applicationId',
  deployment: '/deployments/:deploymentId',
  devices: '/devices',
  device: '/devices/:deviceId',
  people: '/people',
  person: '/people/:personId',
  collections: '/collections',
  collection: '/collections/:collectionId',
  apnsCertificate: '/settings/apns-certificate',
  auditLog: '/audit-log',
  accounts: '/settings/accounts',
  apiKeys: '/settings/api-keys',
  myAccount: '/my-account',
  licenseReport: '/reports/license-counts',
  licenseSettings: '/settings/licenses',
  deviceManagement: '/settings/device-management',
  licenseReturns: '/license-returns',
  alerts: '/alerts',
  reclaim: '/reclaim',
} as const;

/**
 * The license report narrowed and sorted as given (the parameters the report reads from its
 * address: tokenId, category, tokenType, search, sort); what is not set is left out.
 */
export function licenseReportPath(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1]));
  const search = new URLSearchParams(set).toString();
  return search ? `${paths.licenseReport}?${search}` : paths.licenseReport;
}

export function tokenPath(id: string): string {
  return `${paths.tokens}/${encodeURIComponent(id)}`;
}

export function applicationPath(id: string): string {
  return `${paths.applications}/${encodeURIComponent(id)}`;
}

export function deploymentPath(id: string): string {
  return `/deployments/${encodeURIComponent(id)}`;
}

export function devicePath(id: string): string {
  return `${paths.devices}/${encodeURIComponent(id)}`;
}

export function personPath(id: string): string {
  return `${paths.people}/${encodeURIComponent(id)}`;
}

export function collectionPath(id: string): string {
  return `${paths.collections}/${encodeURIComponent(id)}`;
}

/** Where everyone, admin or manager, starts after signing in: the dashboard. */
export function landingPath(): string {
  return paths.home;
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
