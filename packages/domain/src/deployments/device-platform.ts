// Which platform a device is, from what the inventory or the MDM knows of it (a marketing model
// such as "iPad Air", a model identifier such as "iPad13,1", or the OS name), and whether a store
// app runs there. A store app's `platforms` use Apple's vocabulary: iOS, macOS, tvOS, watchOS,
// visionOS (iOS covers iPhone and iPad, as Apple's `supportedPlatforms` does).

export type DevicePlatform = 'iPhone' | 'iPad' | 'Mac' | 'AppleTV' | 'Vision' | 'Watch';

/** The store platforms each kind of device installs. */
const INSTALLS: Record<DevicePlatform, readonly string[]> = {
  iPhone: ['iOS'],
  iPad: ['iOS', 'iPadOS'],
  Mac: ['macOS'],
  AppleTV: ['tvOS'],
  Vision: ['visionOS'],
  Watch: ['watchOS'],
};

// Order matters: "iPad" before anything else, "Apple TV" before "Mac" is irrelevant but "iMac" is a Mac.
const BY_MODEL: readonly [RegExp, DevicePlatform][] = [
  [/ipad/i, 'iPad'],
  [/iphone|ipod/i, 'iPhone'],
  [/apple\s*tv/i, 'AppleTV'],
  [/vision|realitydevice/i, 'Vision'],
  [/watch/i, 'Watch'],
  [/mac/i, 'Mac'],
];

const BY_OS: Record<string, DevicePlatform> = {
  ipados: 'iPad',
  ios: 'iPhone',
  macos: 'Mac',
  tvos: 'AppleTV',
  visionos: 'Vision',
  watchos: 'Watch',
};

/** The device's platform, or null when neither its model nor its OS tells. */
export function devicePlatform(model: string | null | undefined, os?: string | null): DevicePlatform | null {
  if (model) {
    for (const [pattern, platform] of BY_MODEL) if (pattern.test(model)) return platform;
  }
  if (os) return BY_OS[os.trim().toLowerCase()] ?? null;
  return null;
}

/** True when a store app with these platforms installs on this kind of device. */
export function runsOn(appPlatforms: readonly string[], platform: DevicePlatform): boolean {
  return INSTALLS[platform].some((name) => appPlatforms.includes(name));
}

export interface PlatformFailure {
  code: 'PLATFORM_NOT_SUPPORTED';
  reason: string;
}

/**
 * Whether a target can install the app, judged on what is known. An app without platforms (a book,
 * or metadata not looked up yet) and a target none of whose devices has a known platform pass: the
 * check refuses only what is known to fail. A person passes when at least one of their devices runs
 * the app (the install goes to those devices only).
 */
export function checkPlatform(
  appPlatforms: readonly string[],
  devices: readonly (DevicePlatform | null)[],
  target: { kind: 'device' | 'person'; label: string },
): PlatformFailure | null {
  if (appPlatforms.length === 0) return null;
  const known = devices.filter((platform): platform is DevicePlatform => platform !== null);
  if (known.length === 0) return null;
  if (known.some((platform) => runsOn(appPlatforms, platform))) return null;
  const runs = `The app runs on ${appPlatforms.join(', ')} only`;
  const kinds = [...new Set(known)].map(platformName);
  return {
    code: 'PLATFORM_NOT_SUPPORTED',
    reason:
      target.kind === 'device'
        ? `${runs} and device ${target.label} is ${/^[AEIOU]|^i/.test(kinds[0] ?? '') ? 'an' : 'a'} ${kinds[0]}: no license is claimed for it.`
        : `${runs} and none of the devices of ${target.label} (${kinds.join(', ')}) runs it: no license is claimed for them.`,
  };
}

export function platformName(platform: DevicePlatform): string {
  return {
    iPhone: 'iPhone',
    iPad: 'iPad',
    Mac: 'Mac',
    AppleTV: 'Apple TV',
    Vision: 'Apple Vision',
    Watch: 'Apple Watch',
  }[platform];
}
