import type { Location } from '../state/location.ts';
import type { Organisation } from '../state/organisation.ts';
import { idHashFor, newInviteCode } from '../state/user-identity.ts';
import { addOwnedAsset } from './add-owned-asset.ts';
import { changeAssignmentsOutside } from './change-assignments-outside.ts';
import { ControlError } from './control-error.ts';
import type { CreateLocationRequest, UserInput } from './control-schemas.ts';

const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** `POST /_emulator/locations`: a new location with a token valid for a year unless `expiresAt` says otherwise. */
export function createLocation(
  organisation: Organisation,
  request: CreateLocationRequest,
  now: Date,
): Location {
  const location = organisation.createLocation({
    orgName: request.orgName,
    locationName: request.locationName,
    type: request.type,
    expiresAt:
      request.expiresAt === undefined ? new Date(now.getTime() + ONE_YEAR_MS) : new Date(request.expiresAt),
    countryCode: request.countryCode?.toUpperCase(),
  });
  if (request.mdmInfo !== undefined) location.mdmInfo = { ...request.mdmInfo };
  for (const asset of request.assets ?? []) {
    if (location.findAsset(asset.adamId, asset.pricingParam ?? 'STDQ') !== undefined) {
      throw new ControlError(400, `asset ${asset.adamId}/${asset.pricingParam ?? 'STDQ'} is listed twice`);
    }
    addOwnedAsset(organisation, location, asset);
  }
  for (const user of request.users ?? []) addUserFromInput(organisation, location, user);
  if (request.assignments !== undefined) changeAssignmentsOutside(location, { add: request.assignments });
  return location;
}

function addUserFromInput(organisation: Organisation, location: Location, input: UserInput): void {
  if (location.findUser(input.clientUserId) !== undefined) {
    throw new ControlError(400, `user ${input.clientUserId} is listed twice`);
  }
  const status = input.status ?? (input.managedAppleId === undefined ? 'Registered' : 'Associated');
  const appleAccount = input.managedAppleId ?? `${input.clientUserId}@appleid.example`;
  location.addUser({
    clientUserId: input.clientUserId,
    email: input.email,
    managedAppleId: input.managedAppleId,
    status,
    inviteCode: status === 'Registered' ? newInviteCode(organisation.random) : undefined,
    idHash: status === 'Registered' ? undefined : idHashFor(location.uId, appleAccount),
    version: location.usersVersion.current,
  });
}
