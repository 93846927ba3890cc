export type ProductType = 'App' | 'Book';
export type Platform = 'iOS' | 'macOS' | 'tvOS' | 'watchOS' | 'visionOS';

/** Store metadata of one app or book, served by the content metadata lookup. */
export interface CatalogItem {
  adamId: string;
  name: string;
  productType: ProductType;
  /** Apps only. */
  bundleId?: string;
  artistName: string;
  genre: string;
  supportedPlatforms: Platform[];
  /** Apple's `isVppDeviceBasedLicensingEnabled`: the app can be assigned to a serial number. */
  deviceAssignable: boolean;
  version: string;
  /** Price in US dollars; 0 for free content. */
  price: number;
}

/** The store as far as the emulator knows it: every app and book any location owns. */
export class Catalog {
  private readonly items = new Map<string, CatalogItem>();

  add(item: CatalogItem): CatalogItem {
    const existing = this.items.get(item.adamId);
    if (existing !== undefined) return existing;
    this.items.set(item.adamId, item);
    return item;
  }

  get(adamId: string): CatalogItem | undefined {
    return this.items.get(adamId);
  }
}
