import { UNLIMITED_COUNT } from '../apple/service-limits.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { Asset, Location } from '../state/location.ts';
import { pageFields, pageWindow } from './pagination.ts';
import { readBoolean, readCount, readEnum, readText } from './query-parameters.ts';

/** Apple's `ResponseAsset`. Unlimited (free) assets report 2147483647 as their total. */
export function responseAsset(location: Location, asset: Asset) {
  const assignedCount = location.assignedCount(asset);
  return {
    ...unlimitedResponseAsset(location, asset),
    availableCount: asset.unlimited ? UNLIMITED_COUNT - assignedCount : location.availableCount(asset),
    retiredCount: asset.retiredCount,
    totalCount: asset.unlimited ? UNLIMITED_COUNT : asset.totalCount,
  };
}

/** Apple's `UnlimitedResponseAsset` (in `unlimitedAssets[]` when `unlimited=true`): no counts but assigned. */
function unlimitedResponseAsset(location: Location, asset: Asset) {
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    supportedPlatforms: [...asset.supportedPlatforms],
    assignedCount: location.assignedCount(asset),
  };
}

/** `GET /assets`: filters, then one page. Assets have a versionId but no `sinceVersionId`. */
export function listAssets(context: EmulatorContext, location: Location, query: Record<string, unknown>) {
  const adamId = readText(query, 'adamId');
  const productType = readEnum(query, 'productType', ['App', 'Book'] as const);
  const pricingParam = readEnum(query, 'pricingParam', ['STDQ', 'PLUS'] as const);
  const revocable = readBoolean(query, 'revocable');
  const deviceAssignable = readBoolean(query, 'deviceAssignable');
  const unlimited = readBoolean(query, 'unlimited');
  const minAvailable = readCount(query, 'minAvailableCount');
  const maxAvailable = readCount(query, 'maxAvailableCount');
  const minAssigned = readCount(query, 'minAssignedCount');
  const maxAssigned = readCount(query, 'maxAssignedCount');

  const matching = location.assets.filter((asset) => {
    if (adamId !== undefined && adamId !== '' && asset.adamId !== adamId) return false;
    if (productType !== undefined && asset.productType !== productType) return false;
    if (pricingParam !== undefined && asset.pricingParam !== pricingParam) return false;
    if (revocable !== undefined && asset.revocable !== revocable) return false;
    if (deviceAssignable !== undefined && asset.deviceAssignable !== deviceAssignable) return false;
    if (unlimited === false && asset.unlimited) return false;
    const assigned = location.assignedCount(asset);
    const available = asset.unlimited ? UNLIMITED_COUNT - assigned : location.availableCount(asset);
    if (minAvailable !== undefined && available < minAvailable) return false;
    if (maxAvailable !== undefined && available > maxAvailable) return false;
    if (minAssigned !== undefined && assigned < minAssigned) return false;
    if (maxAssigned !== undefined && assigned > maxAssigned) return false;
    return true;
  });

  const window = pageWindow(
    query,
    matching.length,
    context.pageSizes.assets,
    context.quirks.emptyListTotalPages,
  );
  const page = matching.slice(window.start, window.end);
  const body: Record<string, unknown> = {
    assets: page
      .filter((asset) => unlimited !== true || !asset.unlimited)
      .map((asset) => responseAsset(location, asset)),
  };
  if (unlimited === true) {
    body.unlimitedAssets = page
      .filter((asset) => asset.unlimited)
      .map((asset) => unlimitedResponseAsset(location, asset));
  }
  return { ...body, ...pageFields(window), versionId: location.assetsVersion.currentVersionId };
}
