import { listErrorCodes } from '../apple/apple-errors.ts';
import { ADVERTISED_NOTIFICATION_TYPES, type ServiceLimits } from '../apple/service-limits.ts';

/** Paths under the emulator's base URL that stand in for Apple's other hosts. */
export const API_BASE_PATH = '/mdm/v2';
export const CONTENT_LOOKUP_PATH = '/WebObjects/MZStorePlatform.woa/wa/lookup';
export const INVITATION_PATH = '/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount';
export const ARTWORK_PATH = '/image/thumb';

/** `GET /service/config` (no auth): error codes, limits, notification types and every URL. */
export function serviceConfig(limits: ServiceLimits, baseUrl: string) {
  const api = `${baseUrl}${API_BASE_PATH}`;
  return {
    errorCodes: listErrorCodes(),
    limits: { ...limits },
    notificationTypes: [...ADVERTISED_NOTIFICATION_TYPES],
    urls: {
      invitationEmail: `${baseUrl}${INVITATION_PATH}?inviteCode=%25inviteCode%25&mt=8`,
      clientConfig: `${api}/client/config`,
      createUsers: `${api}/users/create`,
      getAssignments: `${api}/assignments`,
      revokeAssets: `${api}/assets/revoke`,
      contentMetadataLookup: `${baseUrl}${CONTENT_LOOKUP_PATH}`,
      getUsers: `${api}/users`,
      eventStatus: `${api}/status`,
      associateAssets: `${api}/assets/associate`,
      disassociateAssets: `${api}/assets/disassociate`,
      updateUsers: `${api}/users/update`,
      getAssets: `${api}/assets`,
      retireUsers: `${api}/users/retire`,
    },
  };
}
