import {
  applicationPath,
  collectionPath,
  deploymentPath,
  devicePath,
  paths,
  personPath,
  tokenPath,
} from '../../app/paths.ts';

/** What audit entries are about, as the API records them; each is named in the reader's language. */
export const auditTargetTypes = [
  'token',
  'application',
  'deployment',
  'collection',
  'device',
  'person',
  'apns-certificate',
  'settings',
  'alert-rule',
  'alert-channel',
  'account',
  'api-key',
] as const;
export type AuditTargetType = (typeof auditTargetTypes)[number];

export function isAuditTargetType(type: string): type is AuditTargetType {
  return (auditTargetTypes as readonly string[]).includes(type);
}

/** Where the entry's target can be seen: its own page, or the page that lists it. */
export function auditTargetPath(type: AuditTargetType, id: string | null): string | undefined {
  switch (type) {
    case 'token':
      return id ? tokenPath(id) : undefined;
    case 'application':
      return id ? applicationPath(id) : undefined;
    case 'deployment':
      return id ? deploymentPath(id) : undefined;
    case 'collection':
      return id ? collectionPath(id) : undefined;
    case 'device':
      return id ? devicePath(id) : undefined;
    case 'person':
      return id ? personPath(id) : undefined;
    case 'apns-certificate':
      return paths.apnsCertificate;
    case 'alert-rule':
    case 'alert-channel':
      return paths.alerts;
    case 'account':
      return paths.accounts;
    case 'api-key':
      return paths.apiKeys;
    case 'settings':
      return undefined;
  }
}
