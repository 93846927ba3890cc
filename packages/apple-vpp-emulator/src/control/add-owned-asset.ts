import type { CatalogItem } from '../state/catalog.ts';
import type { Asset, Location } from '../state/location.ts';
import type { Organisation } from '../state/organisation.ts';
import type { AssetInput } from './control-schemas.ts';

/**
 * Adds an asset to a location, taking what the request leaves out from the store catalog (or
 * plain defaults: an iOS app, device-assignable and revocable), and records it in the catalog.
 */
export function addOwnedAsset(organisation: Organisation, location: Location, input: AssetInput): Asset {
  const known = organisation.catalog.get(input.adamId);
  const productType = input.productType ?? known?.productType ?? 'App';
  const item: CatalogItem = organisation.catalog.add({
    adamId: input.adamId,
    name: input.name ?? known?.name ?? `${productType === 'Book' ? 'Book' : 'App'} ${input.adamId}`,
    productType,
    ...(productType === 'App'
      ? { bundleId: input.bundleId ?? known?.bundleId ?? `com.example.app${input.adamId}` }
      : {}),
    artistName: known?.artistName ?? 'Example Developer',
    genre: known?.genre ?? (productType === 'Book' ? 'Reference' : 'Productivity'),
    supportedPlatforms: input.supportedPlatforms ?? known?.supportedPlatforms ?? ['iOS'],
    deviceAssignable: input.deviceAssignable ?? known?.deviceAssignable ?? productType === 'App',
    version: known?.version ?? '1.0',
    price: known?.price ?? (input.unlimited ? 0 : 4.99),
  });
  return location.addAsset({
    adamId: input.adamId,
    pricingParam: input.pricingParam ?? 'STDQ',
    productType: item.productType,
    deviceAssignable: input.deviceAssignable ?? item.deviceAssignable,
    revocable: input.revocable ?? item.productType === 'App',
    supportedPlatforms: input.supportedPlatforms ?? item.supportedPlatforms,
    unlimited: input.unlimited ?? false,
    totalCount: input.count ?? 0,
    retiredCount: input.retiredCount ?? 0,
  });
}
