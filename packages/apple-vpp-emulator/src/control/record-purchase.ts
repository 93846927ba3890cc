import type { NotificationDraft } from '../notifications/notification-drafts.ts';
import type { Location, PricingParam } from '../state/location.ts';
import type { Organisation } from '../state/organisation.ts';
import { addOwnedAsset } from './add-owned-asset.ts';
import { ControlError } from './control-error.ts';
import type { AssetInput } from './control-schemas.ts';

/**
 * A purchase (positive count) or a refund (negative count) made in Apple Business/School Manager.
 * Refunded licences move to `retiredCount` (inferred from Apple's legacy example); a refund can
 * only take licences that are not assigned. Returns the ASSET_COUNT notification to send.
 */
export function recordPurchase(
  organisation: Organisation,
  location: Location,
  input: Omit<AssetInput, 'count'> & { count: number },
): NotificationDraft {
  const pricingParam: PricingParam = input.pricingParam ?? 'STDQ';
  let asset = location.findAsset(input.adamId, pricingParam);
  if (asset === undefined) {
    if (input.count < 0)
      throw new ControlError(404, `location ${location.id} owns no asset ${input.adamId}/${pricingParam}`);
    asset = addOwnedAsset(organisation, location, { ...input, pricingParam, count: 0 });
  }
  if (asset.unlimited) throw new ControlError(409, `asset ${input.adamId} is free with unlimited licences`);
  if (input.count < 0 && -input.count > location.availableCount(asset)) {
    throw new ControlError(
      409,
      `only ${location.availableCount(asset)} licences of ${input.adamId} are unassigned`,
    );
  }
  asset.totalCount += input.count;
  if (input.count < 0) asset.retiredCount += -input.count;
  location.assetsVersion.bump();
  return {
    notificationType: 'ASSET_COUNT',
    notification: { adamId: asset.adamId, countDelta: input.count, pricingParam: asset.pricingParam },
  };
}
