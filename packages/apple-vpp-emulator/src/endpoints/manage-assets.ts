import { z } from 'zod';
import { AppleError, type AssetRef } from '../apple/apple-errors.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Location, LocationEvent, RequestedAsset } from '../state/location.ts';

const idList = z.array(z.string().min(1)).optional();

const manageAssetsRequest = z.object({
  assets: z
    .array(
      z.object({
        // Apple's adamIds are numbers written as strings; a number is accepted too.
        adamId: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String),
        pricingParam: z.enum(['STDQ', 'PLUS']).optional(),
      }),
    )
    .optional(),
  clientUserIds: idList,
  serialNumbers: idList,
});

const revokeAssetsRequest = z.object({ clientUserIds: idList, serialNumbers: idList });

function hasDuplicates(values: readonly string[]): boolean {
  return new Set(values).size !== values.length;
}

/**
 * `POST /assets/associate` and `/assets/disassociate`: every synchronous check Apple documents
 * (9718, 9719, 9700–9705, 9707, 9706), then a PENDING event.
 */
export function submitManageAssets(
  context: EmulatorContext,
  location: Location,
  eventType: 'ASSOCIATE' | 'DISASSOCIATE',
  body: unknown,
): LocationEvent {
  const parsed = manageAssetsRequest.safeParse(body);
  if (!parsed.success) throw new AppleError(9602);
  const assets = parsed.data.assets ?? [];
  const clientUserIds = parsed.data.clientUserIds ?? [];
  const serialNumbers = parsed.data.serialNumbers ?? [];
  const limits = context.limits;

  if (assets.length === 0) throw new AppleError(9718);
  if (clientUserIds.length === 0 && serialNumbers.length === 0) throw new AppleError(9719);
  if (assets.length > limits.maxAssets) throw new AppleError(9700);
  if (clientUserIds.length > limits.maxClientUserIds) throw new AppleError(9701);
  if (serialNumbers.length > limits.maxSerialNumbers) throw new AppleError(9702);

  // Without a pricing param Apple picks the location's asset; duplicates compare the resolved pair.
  const resolved: RequestedAsset[] = assets.map((requested) => ({
    adamId: requested.adamId,
    pricingParam: requested.pricingParam ?? location.findAsset(requested.adamId)?.pricingParam,
  }));
  if (hasDuplicates(resolved.map((asset) => `${asset.adamId}/${asset.pricingParam ?? 'STDQ'}`))) {
    throw new AppleError(9703);
  }
  if (hasDuplicates(clientUserIds)) throw new AppleError(9704);
  if (hasDuplicates(serialNumbers)) throw new AppleError(9705);
  if (context.quirks.rejectMixedUsersAndDevices && clientUserIds.length > 0 && serialNumbers.length > 0) {
    throw new AppleError(9602);
  }

  const owned = resolved.flatMap((requested) => {
    const asset = location.findAsset(requested.adamId, requested.pricingParam);
    return asset === undefined ? [] : [asset];
  });
  const toRef = (asset: AssetRef): AssetRef => ({ adamId: asset.adamId, pricingParam: asset.pricingParam });
  if (serialNumbers.length > 0) {
    const notDeviceAssignable = owned.filter((asset) => !asset.deviceAssignable);
    if (notDeviceAssignable.length > 0)
      throw new AppleError(9707, { errorInfo: { assets: notDeviceAssignable.map(toRef) } });
  }
  if (eventType === 'DISASSOCIATE') {
    const notRevocable = owned.filter((asset) => !asset.revocable);
    if (notRevocable.length > 0)
      throw new AppleError(9706, { errorInfo: { assets: notRevocable.map(toRef) } });
  }

  return context.events.submit(location, {
    kind: 'manage-assets',
    eventType,
    assets: resolved,
    clientUserIds,
    serialNumbers,
  });
}

/** `POST /assets/revoke`: every revocable assignment of the given users and devices goes. */
export function submitRevokeAssets(
  context: EmulatorContext,
  location: Location,
  body: unknown,
): LocationEvent {
  const parsed = revokeAssetsRequest.safeParse(body);
  if (!parsed.success) throw new AppleError(9602);
  const clientUserIds = parsed.data.clientUserIds ?? [];
  const serialNumbers = parsed.data.serialNumbers ?? [];
  if (clientUserIds.length === 0 && serialNumbers.length === 0) throw new AppleError(9719);
  if (clientUserIds.length > context.limits.maxRevokeClientUserIds) throw new AppleError(9701);
  if (serialNumbers.length > context.limits.maxRevokeSerialNumbers) throw new AppleError(9702);
  if (hasDuplicates(clientUserIds)) throw new AppleError(9704);
  if (hasDuplicates(serialNumbers)) throw new AppleError(9705);
  return context.events.submit(location, { kind: 'revoke-assets', clientUserIds, serialNumbers });
}
