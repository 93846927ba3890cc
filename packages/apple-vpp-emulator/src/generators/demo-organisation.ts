import type { CatalogItem } from '../state/catalog.ts';
import type { LocationType, PricingParam, User } from '../state/location.ts';
import { Organisation } from '../state/organisation.ts';
import { SeededRandom } from '../state/seeded-random.ts';
import { FIRST_NAMES, LAST_NAMES } from './people-names.ts';
import {
  addGeneratedUser,
  assignFromPool,
  registerSubjects,
  serialNumber,
  serialPrefix,
} from './populate-location.ts';
import { WELL_KNOWN_CONTENT as C } from './well-known-content.ts';

interface DemoAsset {
  item: CatalogItem;
  pricingParam?: PricingParam;
  /** Licences owned; omitted for free content with unlimited licences. */
  count?: number;
  /** Share of the licences (or of the devices/users, when unlimited) that is assigned. */
  assigned: number;
}

interface DemoLocation {
  orgName: string;
  locationName: string;
  type: LocationType;
  countryCode: string;
  emailDomain: string;
  /** Token lifetime from `now`; one location expires soon so the console can show a warning. */
  expiresInDays: number;
  devices: number;
  users: number;
  assets: DemoAsset[];
}

const DEMO_LOCATIONS: DemoLocation[] = [
  {
    orgName: 'Northwind Traders',
    locationName: 'Northwind HQ (Seattle)',
    type: 'BUSINESS',
    countryCode: 'US',
    emailDomain: 'northwind.example',
    expiresInDays: 365,
    devices: 60,
    users: 24,
    assets: [
      { item: C.slack, count: 80, assigned: 0.6 },
      { item: C.zoom, count: 100, assigned: 0.5 },
      { item: C.outlook, count: 75, assigned: 0.7 },
      { item: C.teams, count: 75, assigned: 0.5 },
      { item: C.salesforce, count: 20, assigned: 0.8 },
      { item: C.box, count: 40, assigned: 0.25 },
      { item: C.pages, assigned: 0.3 },
      { item: C.keynote, assigned: 0.2 },
      { item: C.numbers, assigned: 0.2 },
      { item: C.fieldService, count: 15, assigned: 0.6 },
      { item: C.finalCutPro, count: 5, assigned: 0.6 },
      { item: C.xcode, assigned: 0.1 },
      { item: C.handbook, count: 30, assigned: 0.5 },
    ],
  },
  {
    orgName: 'Northwind Traders',
    locationName: 'Northwind Warehouse (Berlin)',
    type: 'BUSINESS',
    countryCode: 'DE',
    emailDomain: 'northwind.example',
    expiresInDays: 200,
    devices: 30,
    users: 8,
    assets: [
      { item: C.teams, count: 30, assigned: 0.7 },
      { item: C.outlook, count: 30, assigned: 0.6 },
      { item: C.word, count: 10, assigned: 0.5 },
      { item: C.word, pricingParam: 'PLUS', count: 4, assigned: 0.5 },
      { item: C.fieldService, count: 12, assigned: 1 },
      { item: C.handbook, count: 10, assigned: 0.5 },
    ],
  },
  {
    orgName: 'Springfield Unified School District',
    locationName: 'Lincoln Elementary School',
    type: 'EDUCATION',
    countryCode: 'US',
    emailDomain: 'lincoln.springfield.example',
    expiresInDays: 10,
    devices: 90,
    users: 30,
    assets: [
      { item: C.garageBand, assigned: 0.5 },
      { item: C.iMovie, assigned: 0.4 },
      { item: C.swiftPlaygrounds, assigned: 0.3 },
      { item: C.clips, assigned: 0.2 },
      { item: C.khanAcademy, assigned: 0.6 },
      { item: C.notability, count: 60, assigned: 0.9 },
      { item: C.goodNotes, count: 40, assigned: 0.75 },
      { item: C.explainEverything, count: 25, assigned: 1 },
      { item: C.duolingo, assigned: 0.3 },
      { item: C.swiftBook, assigned: 0.2 },
      { item: C.readingList, count: 30, assigned: 0.8 },
    ],
  },
  {
    orgName: 'Springfield Unified School District',
    locationName: 'Springfield High School',
    type: 'EDUCATION',
    countryCode: 'US',
    emailDomain: 'shs.springfield.example',
    expiresInDays: 330,
    devices: 120,
    users: 40,
    assets: [
      { item: C.pages, assigned: 0.5 },
      { item: C.keynote, assigned: 0.5 },
      { item: C.numbers, assigned: 0.4 },
      { item: C.procreate, count: 35, assigned: 0.9 },
      { item: C.notability, count: 80, assigned: 0.5 },
      { item: C.logicPro, count: 12, assigned: 0.5 },
      { item: C.finalCutPro, count: 12, assigned: 0.75 },
      { item: C.xcode, assigned: 0.1 },
      { item: C.algebra, count: 120, assigned: 0.2 },
      { item: C.swiftBook, assigned: 0.1 },
    ],
  },
];

const DAY_MS = 24 * 60 * 60 * 1000;

export interface DemoOrganisationOptions {
  /** Token expiry dates count from this day (UTC midnight). Default today. */
  now?: Date;
}

/**
 * A small, realistic organisation: two Business and two Education locations with known apps
 * (some device-assignable, one user-only custom app, macOS apps, free apps with unlimited
 * licences, books), devices, users in every state, and assignments. The same day gives the same
 * organisation, tokens included.
 */
export function generateDemoOrganisation(options: DemoOrganisationOptions = {}): Organisation {
  const today = Math.floor((options.now ?? new Date()).getTime() / DAY_MS) * DAY_MS;
  const organisation = new Organisation('demo-organisation');
  const random = new SeededRandom('demo-content');

  for (const spec of DEMO_LOCATIONS) {
    const location = organisation.createLocation({
      orgName: spec.orgName,
      locationName: spec.locationName,
      type: spec.type,
      countryCode: spec.countryCode,
      expiresAt: new Date(today + spec.expiresInDays * DAY_MS + 12 * 60 * 60 * 1000),
    });

    const prefix = serialPrefix(random);
    const devicePool = registerSubjects(
      location,
      'serialNumber',
      Array.from({ length: spec.devices }, (_, i) => serialNumber(prefix, i * 7919 + 17)),
    );

    const users: User[] = [];
    for (let i = 0; i < spec.users; i++) {
      const first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length] ?? 'Alex';
      const last = LAST_NAMES[(i * 3 + spec.devices) % LAST_NAMES.length] ?? 'Smith';
      const email = `${first}.${last}${i}@${spec.emailDomain}`.toLowerCase();
      // Mostly associated, a quarter still invited, the last one retired.
      const status: User['status'] =
        i === spec.users - 1 ? 'Retired' : i % 4 === 3 ? 'Registered' : 'Associated';
      const managedAppleId = spec.type === 'EDUCATION' && status === 'Associated' ? email : undefined;
      users.push(
        addGeneratedUser(location, random, {
          clientUserId: `user-${String(i + 1).padStart(4, '0')}`,
          email,
          status,
          ...(managedAppleId ? { managedAppleId } : {}),
        }),
      );
    }
    const activeUsers = users.filter((user) => user.status !== 'Retired');
    const userPool = registerSubjects(
      location,
      'clientUserId',
      activeUsers.map((user) => user.clientUserId),
    );

    for (const demoAsset of spec.assets) {
      organisation.catalog.add(demoAsset.item);
      const unlimited = demoAsset.count === undefined;
      const asset = location.addAsset({
        adamId: demoAsset.item.adamId,
        pricingParam: demoAsset.pricingParam ?? 'STDQ',
        productType: demoAsset.item.productType,
        deviceAssignable: demoAsset.item.deviceAssignable,
        revocable: demoAsset.item.productType === 'App',
        supportedPlatforms: demoAsset.item.supportedPlatforms,
        unlimited,
        totalCount: demoAsset.count ?? 0,
      });
      const pool = asset.deviceAssignable ? devicePool : userPool;
      const wanted = Math.round((demoAsset.count ?? pool.size) * demoAsset.assigned);
      assignFromPool(location, asset, pool, Math.min(wanted, pool.size), random);
    }
  }
  return organisation;
}
