import type { Catalog, CatalogItem, Platform } from '../state/catalog.ts';
import { readText } from './query-parameters.ts';
import { ARTWORK_PATH } from './service-config.ts';

const DEVICE_FAMILIES: Record<Platform, string[]> = {
  iOS: ['iphone', 'ipad', 'ipod'],
  macOS: ['mac'],
  tvOS: ['tvos'],
  watchOS: ['watch'],
  visionOS: ['realityDevice'],
};

function kindOf(item: CatalogItem): string {
  if (item.productType === 'Book') return 'ebook';
  return item.supportedPlatforms.includes('iOS') || !item.supportedPlatforms.includes('macOS')
    ? 'iosSoftware'
    : 'macSoftware';
}

/** One result of Apple's legacy content metadata lookup (`p=mdm-lockup`), with the fields MDMs read. */
function lookupResult(item: CatalogItem, baseUrl: string, countryCode: string) {
  const result: Record<string, unknown> = {
    id: item.adamId,
    name: item.name,
    nameRaw: item.name,
    nameSortValue: item.name,
    artistName: item.artistName,
    kind: kindOf(item),
    artwork: {
      url: `${baseUrl}${ARTWORK_PATH}/${item.adamId}/{w}x{h}bb.{f}`,
      width: 1024,
      height: 1024,
    },
    deviceFamilies: item.supportedPlatforms.flatMap((platform) => DEVICE_FAMILIES[platform]),
    genreNames: [item.genre],
    isVppDeviceBasedLicensingEnabled: item.deviceAssignable,
    url: `https://apps.apple.com/${countryCode.toLowerCase()}/${item.productType === 'Book' ? 'book' : 'app'}/id${item.adamId}`,
    offers: [
      {
        type: item.price === 0 ? 'get' : 'buy',
        price: item.price,
        priceFormatted: `$${item.price.toFixed(2)}`,
        version: { display: item.version },
      },
    ],
  };
  if (item.bundleId !== undefined) result.bundleId = item.bundleId;
  return result;
}

/**
 * `GET …/MZStorePlatform.woa/wa/lookup?version=2&id=1,2&p=mdm-lockup&caller=MDM&platform=…&cc=us&l=en`.
 * Unknown ids are left out of `results`, as Apple does; `isAuthenticated` is always false.
 */
export function contentLookup(catalog: Catalog, query: Record<string, unknown>, baseUrl: string) {
  const ids = (readText(query, 'id') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const countryCode = (readText(query, 'cc') ?? 'us').toUpperCase();
  const results: Record<string, unknown> = {};
  for (const id of ids) {
    const item = catalog.get(id);
    if (item !== undefined) results[id] = lookupResult(item, baseUrl, countryCode);
  }
  return {
    isAuthenticated: false,
    meta: { language: { tag: 'en-us' }, storefront: { cc: countryCode, id: '143441' } },
    results,
    version: 2,
  };
}
