// Payloads shaped like Apple's documented examples, with overrides per test.

export const UID = '2049025000431439';
export const TOKEN_EXPIRATION = '2030-11-08T22:33:22+0000';

/** A `.vpptoken` file content: base64 of {token, expDate, orgName}. */
export function makeSToken(
  fields: Record<string, unknown> = {
    token: 'inner-location-token-7f3a9b',
    expDate: TOKEN_EXPIRATION,
    orgName: 'Example School',
  },
): string {
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64');
}

export const S_TOKEN = makeSToken();

export function serviceConfigBody(limits: Record<string, number> = {}, urls: Record<string, string> = {}) {
  return {
    errorCodes: [
      { errorNumber: 9601, errorMessage: 'Login required.' },
      { errorNumber: 9621, errorMessage: 'The token has expired.' },
    ],
    limits: {
      maxAssets: 25,
      maxUsers: 100,
      maxNotificationLength: 512,
      maxRevokeClientUserIds: 100,
      maxClientUserIds: 1000,
      maxSerialNumbers: 1000,
      maxRevokeSerialNumbers: 100,
      maxRequestPerSecond: 15,
      maxSubscriptions: 25,
      maxSubscriptionClientUserIds: 1000,
      maxMdmNameLength: 100,
      maxMdmMetadataLength: 255,
      maxMdmIdLength: 100,
      ...limits,
    },
    notificationTypes: ['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT'],
    urls: {
      invitationEmail:
        'https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=%25inviteCode%25&mt=8',
      contentMetadataLookup: 'https://uclient-api.itunes.apple.com/WebObjects/MZStorePlatform.woa/wa/lookup',
      getAssets: 'https://vpp.itunes.apple.com/mdm/v2/assets',
      ...urls,
    },
  };
}

export function clientConfigBody(overrides: Record<string, unknown> = {}) {
  return {
    countryISO2ACode: 'US',
    defaultPlatform: 'volumestore',
    locationName: 'PS01',
    mdmInfo: { id: '522d5c43-44ca-4f7e-ba7a-53570cf60765', name: 'VPP Console', metadata: '1.0.0' },
    notificationAuthToken: 'SUp3rS3Cr3t',
    notificationUrl: 'https://console.example.com/notification',
    subscribedNotificationTypes: ['ASSET_COUNT', 'ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED'],
    tokenExpirationDate: TOKEN_EXPIRATION,
    uId: UID,
    websiteURL: 'https://school.apple.com',
    ...overrides,
  };
}

export function asset(adamId: string, overrides: Record<string, unknown> = {}) {
  return {
    adamId,
    pricingParam: 'STDQ',
    productType: 'App',
    deviceAssignable: true,
    revocable: true,
    supportedPlatforms: ['iOS'],
    assignedCount: 5000,
    availableCount: 10000,
    retiredCount: 0,
    totalCount: 15000,
    ...overrides,
  };
}

export function deviceAssignment(adamId: string, serialNumber: string) {
  return { adamId, pricingParam: 'STDQ', serialNumber };
}

export function registeredUser(clientUserId: string) {
  return {
    clientUserId,
    email: `${clientUserId}@example.com`,
    inviteCode: `invite-${clientUserId}`,
    status: 'Registered',
  };
}

/** One page of a paginated answer, as Apple shapes it: no nextPageIndex on the last page. */
export function page<Item>(
  itemsKey: string,
  items: Item[],
  pageIndex: number,
  totalPages: number,
  versionId = 'version-1',
  extra: Record<string, unknown> = {},
) {
  return {
    [itemsKey]: items,
    currentPageIndex: pageIndex,
    ...(pageIndex < totalPages - 1 ? { nextPageIndex: pageIndex + 1 } : {}),
    size: items.length,
    totalPages,
    versionId,
    tokenExpirationDate: TOKEN_EXPIRATION,
    uId: UID,
    ...extra,
  };
}

export function eventResponseBody(eventId: string) {
  return { eventId, tokenExpirationDate: TOKEN_EXPIRATION, uId: UID };
}

export function range(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}
