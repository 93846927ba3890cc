import type { ApiErrorCode } from '../../lib/api-client.ts';

/** Refusals that concern the uploaded `.vpptoken` file, so they are shown at the file field. */
export const tokenFileErrorCodes: ReadonlySet<ApiErrorCode> = new Set<ApiErrorCode>([
  'TOKEN_UNREADABLE',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_ALREADY_ADDED',
  'TOKEN_LOCATION_MISMATCH',
  'PAYLOAD_TOO_LARGE',
]);
