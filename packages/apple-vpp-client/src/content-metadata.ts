import { z } from 'zod';
import { adamIdSchema } from './apple-payloads.ts';

// The store lookup behind `urls.contentMetadataLookup` (Apple's "Getting app and book
// information"). Its items vary a lot: `artwork` is an array of sized images or one object with
// a `{w}x{h}{c}.{f}` template, `id` a number or a string, books have no `bundleId` and no
// `deviceFamilies`, and an unknown id is simply absent from `results` (never a 404).

const artworkImageSchema = z.object({
  url: z.string(),
  width: z.number().optional(),
  height: z.number().optional(),
});

export const contentLookupItemSchema = z.object({
  id: adamIdSchema.optional(),
  name: z.string(),
  bundleId: z.string().nullish(),
  artistName: z.string().nullish(),
  kind: z.string().nullish(),
  deviceFamilies: z.array(z.string()).nullish(),
  artwork: z.union([artworkImageSchema, z.array(artworkImageSchema)]).nullish(),
  url: z.string().nullish(),
});
export type ContentLookupItem = z.infer<typeof contentLookupItemSchema>;

export const contentLookupResponseSchema = z.object({
  results: z.record(z.string(), contentLookupItemSchema).default({}),
});

/** What the console shows for an app or book. */
export interface ContentMetadata {
  adamId: string;
  name: string;
  /** Absent for books. */
  bundleId: string | null;
  /** A concrete image URL (templates filled in), about `ICON_SIZE` pixels square when Apple offers it. */
  iconUrl: string | null;
  /** In the same vocabulary as an asset's `supportedPlatforms`: iOS, macOS, tvOS, watchOS, visionOS. */
  platforms: string[];
  /** Apple's raw device families (iphone, ipad, mac, …), for anything `platforms` folds together. */
  deviceFamilies: string[];
  /** Apple's kind, e.g. iosSoftware, desktopApp, epubBook. */
  kind: string | null;
  artistName: string | null;
  storeUrl: string | null;
}

export const ICON_SIZE = 512;

const PLATFORM_BY_DEVICE_FAMILY: ReadonlyMap<string, string> = new Map([
  ['iphone', 'iOS'],
  ['ipad', 'iOS'],
  ['ipod', 'iOS'],
  ['mac', 'macOS'],
  ['tvos', 'tvOS'],
  ['appletv', 'tvOS'],
  ['watch', 'watchOS'],
  ['realitydevice', 'visionOS'],
  ['vision', 'visionOS'],
]);

const MAC_ONLY_KINDS = new Set(['desktopApp', 'mac-software', 'macSoftware']);

export function toContentMetadata(adamId: string, item: ContentLookupItem): ContentMetadata {
  const deviceFamilies = (item.deviceFamilies ?? []).map((family) => family.trim()).filter(Boolean);
  const platforms = new Set<string>();
  for (const family of deviceFamilies) {
    const platform = PLATFORM_BY_DEVICE_FAMILY.get(family.toLowerCase());
    if (platform) platforms.add(platform);
  }
  if (platforms.size === 0 && item.kind && MAC_ONLY_KINDS.has(item.kind)) platforms.add('macOS');
  return {
    adamId,
    name: item.name.trim(),
    bundleId: item.bundleId ?? null,
    iconUrl: pickIconUrl(item.artwork),
    platforms: [...platforms],
    deviceFamilies,
    kind: item.kind ?? null,
    artistName: item.artistName ?? null,
    storeUrl: item.url ?? null,
  };
}

/**
 * One image URL from either artwork shape: the template filled in at ICON_SIZE, or, from a list,
 * the largest image no wider than ICON_SIZE (else the smallest one).
 */
export function pickIconUrl(artwork: ContentLookupItem['artwork']): string | null {
  if (!artwork) return null;
  if (!Array.isArray(artwork)) return fillArtworkTemplate(artwork.url);
  if (artwork.length === 0) return null;
  const bySize = [...artwork].sort((a, b) => (a.width ?? 0) - (b.width ?? 0));
  const fitting = bySize.filter((image) => (image.width ?? 0) <= ICON_SIZE);
  const chosen = fitting.at(-1) ?? bySize[0];
  return chosen ? fillArtworkTemplate(chosen.url) : null;
}

function fillArtworkTemplate(url: string): string | null {
  const filled = url
    .replaceAll('{w}', String(ICON_SIZE))
    .replaceAll('{h}', String(ICON_SIZE))
    .replaceAll('{c}', 'bb')
    .replaceAll('{f}', 'png');
  // A placeholder we do not know would give a broken image; better no icon.
  return /[{}]/.test(filled) ? null : filled;
}
