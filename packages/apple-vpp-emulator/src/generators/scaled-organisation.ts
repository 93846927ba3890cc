import type { CatalogItem, Platform } from '../state/catalog.ts';
import type { Location } from '../state/location.ts';
import { Organisation } from '../state/organisation.ts';
import { SeededRandom } from '../state/seeded-random.ts';
import {
  addGeneratedUser,
  assignFromPool,
  registerSubjects,
  serialNumber,
  serialPrefix,
} from './populate-location.ts';

export interface ScaleParameters {
  /** Locations (one token each). */
  tokens: number;
  /** Assets owned by each location. */
  apps: number;
  /** Assignments in total, spread evenly over the locations. */
  assignments: number;
  seed: number;
}

export const DEFAULT_SCALE: Readonly<ScaleParameters> = Object.freeze({
  tokens: 10,
  apps: 25,
  assignments: 10_000,
  seed: 1,
});

const ADJECTIVES = [
  'Bright',
  'Swift',
  'Clear',
  'Bold',
  'Quiet',
  'Smart',
  'Rapid',
  'Open',
  'True',
  'Blue',
  'Nimble',
  'Solid',
];
const NOUNS = [
  'Notes',
  'Ledger',
  'Canvas',
  'Planner',
  'Reader',
  'Tracker',
  'Studio',
  'Atlas',
  'Forms',
  'Chat',
  'Vault',
  'Scan',
];
const GENRES = ['Productivity', 'Business', 'Education', 'Utilities', 'Reference', 'Graphics & Design'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The kind of content at a catalog position: mostly device-assignable iOS apps, every 10th a book,
 * every 10th a user-only app, every 7th a Mac app, every 13th free with unlimited licences.
 */
function scaledCatalogItem(position: number): CatalogItem & { unlimited: boolean } {
  const isBook = position % 10 === 9;
  const name = `${ADJECTIVES[position % ADJECTIVES.length]} ${NOUNS[Math.floor(position / ADJECTIVES.length) % NOUNS.length]}${
    position >= ADJECTIVES.length * NOUNS.length
      ? ` ${Math.floor(position / (ADJECTIVES.length * NOUNS.length)) + 1}`
      : ''
  }`;
  const platforms: Platform[] = isBook ? ['iOS', 'macOS'] : position % 7 === 6 ? ['macOS'] : ['iOS'];
  const unlimited = !isBook && position % 13 === 12;
  return {
    adamId: String(1_100_000_000 + position * 7919),
    name,
    productType: isBook ? 'Book' : 'App',
    ...(isBook ? {} : { bundleId: `com.example.${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}` }),
    artistName: 'Example Software Ltd.',
    genre: GENRES[position % GENRES.length] ?? 'Productivity',
    supportedPlatforms: platforms,
    deviceAssignable: !isBook && position % 10 !== 8,
    version: `${1 + (position % 5)}.${position % 10}`,
    price: unlimited ? 0 : 2.99,
    unlimited,
  };
}

/**
 * A large organisation for benchmarks (up to thousands of tokens and a million assignments),
 * built straight into the compact state: no per-assignment objects. The same parameters give the
 * same organisation; `now` only moves the token expiry dates.
 */
export function generateScaledOrganisation(
  parameters: Partial<ScaleParameters> = {},
  now = new Date(),
): Organisation {
  const scale = { ...DEFAULT_SCALE, ...parameters };
  for (const [key, value] of Object.entries(scale)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(`scale ${key} must be a whole number ≥ 0`);
  }
  if (scale.tokens < 1 || scale.apps < 1) throw new Error('scale needs at least one token and one app');

  const organisation = new Organisation(`scaled-${scale.seed}`);
  const random = new SeededRandom(`scaled-content-${scale.seed}`);
  const catalogSize = scale.apps + Math.ceil(scale.apps / 2);
  const catalog = Array.from({ length: catalogSize }, (_, position) => scaledCatalogItem(position));
  for (const item of catalog) organisation.catalog.add(item);
  const expiryBase = Math.floor(now.getTime() / DAY_MS) * DAY_MS;

  const perLocation = Math.floor(scale.assignments / scale.tokens);
  const remainder = scale.assignments % scale.tokens;
  for (let index = 0; index < scale.tokens; index++) {
    const assignments = perLocation + (index < remainder ? 1 : 0);
    const location = organisation.createLocation({
      orgName: `Example Organisation ${Math.floor(index / 10) + 1}`,
      locationName: `Location ${String(index + 1).padStart(4, '0')}`,
      type: index % 3 === 2 ? 'EDUCATION' : 'BUSINESS',
      expiresAt: new Date(expiryBase + (180 + (index % 185)) * DAY_MS),
      expectedAssignments: assignments,
      expectedSubjects: Math.ceil(assignments / 2) + 16,
    });
    const start = random.nextInt(0, catalogSize - 1);
    const owned = Array.from({ length: scale.apps }, (_, i) => catalog[(start + i) % catalogSize]);
    populateScaledLocation(
      location,
      owned.filter((item) => item !== undefined),
      assignments,
      random,
    );
  }
  return organisation;
}

function populateScaledLocation(
  location: Location,
  items: (CatalogItem & { unlimited: boolean })[],
  assignments: number,
  random: SeededRandom,
): void {
  // Popular apps get most assignments (1/rank), as in real organisations.
  const weights = items.map((_, rank) => 1 / (rank + 1));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  const perAsset = weights.map((weight) => Math.floor((assignments * weight) / weightSum));
  let left = assignments - perAsset.reduce((sum, count) => sum + count, 0);
  for (let i = 0; left > 0; i = (i + 1) % perAsset.length, left--) perAsset[i] = (perAsset[i] ?? 0) + 1;

  let deviceAssignments = 0;
  let userAssignments = 0;
  let largestDeviceAsset = 0;
  let largestUserAsset = 0;
  items.forEach((item, i) => {
    const count = perAsset[i] ?? 0;
    if (item.deviceAssignable) {
      deviceAssignments += count;
      largestDeviceAsset = Math.max(largestDeviceAsset, count);
    } else {
      userAssignments += count;
      largestUserAsset = Math.max(largestUserAsset, count);
    }
  });
  // About three apps per device and two per user.
  const deviceCount = Math.max(largestDeviceAsset, Math.ceil(deviceAssignments / 3));
  const userCount = Math.max(largestUserAsset, Math.ceil(userAssignments / 2));

  const prefix = serialPrefix(random);
  const devicePool = registerSubjects(location, 'serialNumber', serials(prefix, deviceCount));
  const domain = `${location.id}.example`;
  for (let i = 0; i < userCount; i++) {
    addGeneratedUser(location, random, {
      clientUserId: `user-${String(i + 1).padStart(6, '0')}`,
      email: `user${i + 1}@${domain}`,
      status: i % 8 === 7 ? 'Registered' : 'Associated',
    });
  }
  const userPool = registerSubjects(
    location,
    'clientUserId',
    location.users.map((user) => user.clientUserId),
  );

  items.forEach((item, i) => {
    const count = perAsset[i] ?? 0;
    const asset = location.addAsset({
      adamId: item.adamId,
      productType: item.productType,
      deviceAssignable: item.deviceAssignable,
      revocable: item.productType === 'App',
      supportedPlatforms: item.supportedPlatforms,
      unlimited: item.unlimited,
      // Some licences left over, as an organisation buys ahead.
      totalCount: count + Math.ceil(count * 0.2) + random.nextInt(0, 10),
    });
    assignFromPool(location, asset, item.deviceAssignable ? devicePool : userPool, count, random);
  });
}

function* serials(prefix: string, count: number): Generator<string> {
  for (let i = 0; i < count; i++) yield serialNumber(prefix, i);
}
