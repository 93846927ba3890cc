import { encodeVppToken } from '../apple/vpp-token.ts';
import { Catalog } from './catalog.ts';
import { Location, type LocationToken, type LocationType } from './location.ts';
import { SeededRandom } from './seeded-random.ts';

export interface NewLocation {
  orgName: string;
  locationName: string;
  type: LocationType;
  expiresAt: Date;
  countryCode?: string;
  /** Sizing hints for the assignment table (generators building large locations). */
  expectedAssignments?: number;
  expectedSubjects?: number;
}

/**
 * Everything an emulator serves: the locations (one per token), the store catalog, and the token
 * index. Generators build one; `createEmulator` serves one. Ids and tokens come from a seeded
 * generator, so the same seed gives the same tokens.
 */
export class Organisation {
  readonly catalog = new Catalog();
  readonly locations: Location[] = [];
  /** Source of ids, tokens, invite codes and hashes invented while serving. */
  readonly random: SeededRandom;
  private readonly locationsById = new Map<string, Location>();
  private readonly tokensByValue = new Map<string, { location: Location; token: LocationToken }>();

  constructor(seed: number | string = 'vpp-emulator') {
    this.random = new SeededRandom(seed);
  }

  createLocation(input: NewLocation): Location {
    const location = new Location({
      id: `loc-${this.locations.length + 1}`,
      uId: this.random.digits(16),
      orgName: input.orgName,
      locationName: input.locationName,
      type: input.type,
      countryCode: input.countryCode ?? 'US',
      expectedAssignments: input.expectedAssignments,
      expectedSubjects: input.expectedSubjects,
    });
    this.locations.push(location);
    this.locationsById.set(location.id, location);
    this.issueToken(location, input.expiresAt);
    return location;
  }

  /** Issues a new token for a location (a fresh download from Apple Business/School Manager). */
  issueToken(location: Location, expiresAt: Date): LocationToken {
    const token: LocationToken = {
      vppToken: encodeVppToken({ token: this.randomTokenSecret(), expiresAt, orgName: location.orgName }),
      expiresAt,
      revoked: false,
    };
    location.tokens.push(token);
    this.tokensByValue.set(token.vppToken, { location, token });
    return token;
  }

  findLocation(locationId: string): Location | undefined {
    return this.locationsById.get(locationId);
  }

  findByToken(vppToken: string): { location: Location; token: LocationToken } | undefined {
    return this.tokensByValue.get(vppToken);
  }

  private randomTokenSecret(): string {
    const bytes = Buffer.alloc(48);
    for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32LE(this.random.nextUint32(), i);
    return bytes.toString('base64');
  }
}
