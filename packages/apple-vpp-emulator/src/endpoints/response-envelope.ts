import { formatAppleDate } from '../apple/apple-date.ts';
import type { Location, LocationToken, MdmInfo } from '../state/location.ts';

export interface ResponseEnvelope {
  tokenExpirationDate: string;
  uId: string;
  mdmInfo?: MdmInfo;
}

/** The fields every authenticated answer carries: token expiry, location id, and `mdmInfo` once set. */
export function responseEnvelope(location: Location, token: LocationToken): ResponseEnvelope {
  const envelope: ResponseEnvelope = {
    tokenExpirationDate: formatAppleDate(token.expiresAt),
    uId: location.uId,
  };
  if (location.mdmInfo !== undefined) envelope.mdmInfo = { ...location.mdmInfo };
  return envelope;
}
