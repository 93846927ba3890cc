import { z } from 'zod';
import { AppleError } from '../apple/apple-errors.ts';
import { NOTIFICATION_TYPES, type NotificationType } from '../apple/service-limits.ts';
import type { EmulatorContext, HttpNotificationUrls } from '../emulator-context.ts';
import type { Location } from '../state/location.ts';

/** Apple's `ClientConfigResponse` without the envelope fields. */
export function readClientConfig(location: Location) {
  const body: Record<string, unknown> = {
    countryISO2ACode: location.countryCode,
    defaultPlatform: location.defaultPlatform,
    locationName: location.locationName,
  };
  if (location.notificationTarget !== undefined) {
    body.notificationUrl = location.notificationTarget.url;
    body.notificationAuthToken = location.notificationTarget.authToken;
  }
  body.subscribedNotificationTypes = [...location.subscribedNotificationTypes];
  body.websiteURL = location.websiteUrl;
  return body;
}

const clientConfigRequest = z.object({
  mdmInfo: z
    .object({ id: z.string().optional(), name: z.string().optional(), metadata: z.string().optional() })
    .nullable()
    .optional(),
  notificationUrl: z.string().nullable().optional(),
  notificationAuthToken: z.string().nullable().optional(),
  notificationTypes: z.array(z.enum(NOTIFICATION_TYPES)).optional(),
});

/**
 * `POST /client/config`. Everything is checked before anything is written; a notification URL must
 * accept a TEST_NOTIFICATION, else 9728 and the configuration is rejected. `mdmInfo: null` and an
 * empty URL and token clear them (what an MDM does before handing a location on).
 */
export async function writeClientConfig(context: EmulatorContext, location: Location, body: unknown) {
  const parsed = clientConfigRequest.safeParse(body);
  if (!parsed.success) throw new AppleError(9602);
  const request = parsed.data;
  const limits = context.limits;

  if (request.mdmInfo) {
    const { id, name, metadata } = request.mdmInfo;
    if (!id || !name || metadata === undefined) throw new AppleError(9723);
    if (id.length > limits.maxMdmIdLength) throw new AppleError(9724);
    if (name.length > limits.maxMdmNameLength) throw new AppleError(9725);
    if (metadata.length > limits.maxMdmMetadataLength) throw new AppleError(9713);
  }

  let notificationTarget: { url: string; authToken: string } | null | undefined;
  if (request.notificationUrl !== undefined || request.notificationAuthToken !== undefined) {
    const url = request.notificationUrl ?? '';
    const authToken = request.notificationAuthToken ?? '';
    if (url === '' && authToken === '') notificationTarget = null;
    else if (url === '' || authToken === '') throw new AppleError(9710);
    else {
      if (url.length > limits.maxNotificationLength || authToken.length > limits.maxNotificationLength) {
        throw new AppleError(9711);
      }
      if (!isAcceptedNotificationUrl(url, context.httpNotificationUrls)) throw new AppleError(9712);
      if (!(await context.notifications.sendTestNotification(location, url, authToken)))
        throw new AppleError(9728);
      notificationTarget = { url, authToken };
    }
  }

  if (request.mdmInfo === null) location.mdmInfo = undefined;
  else if (request.mdmInfo) {
    location.mdmInfo = {
      id: request.mdmInfo.id ?? '',
      name: request.mdmInfo.name ?? '',
      metadata: request.mdmInfo.metadata ?? '',
    };
  }
  if (notificationTarget === null) location.notificationTarget = undefined;
  else if (notificationTarget !== undefined) location.notificationTarget = notificationTarget;
  if (request.notificationTypes !== undefined) {
    location.subscribedNotificationTypes = [...new Set<NotificationType>(request.notificationTypes)];
  }
  return readClientConfig(location);
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isAcceptedNotificationUrl(text: string, httpPolicy: HttpNotificationUrls): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  if (url.protocol !== 'http:') return false;
  if (httpPolicy === 'allow') return true;
  return httpPolicy === 'loopback' && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.'));
}
