import type { AppleErrorResponse } from '../apple/apple-errors.ts';
import { type NotificationType, UNLIMITED_COUNT } from '../apple/service-limits.ts';
import { AssignmentTable } from './assignment-table.ts';
import type { Platform, ProductType } from './catalog.ts';
import { VersionCounter } from './version-counter.ts';

export type LocationType = 'BUSINESS' | 'EDUCATION';
export type PricingParam = 'STDQ' | 'PLUS';
export type UserStatus = 'Registered' | 'Associated' | 'Retired';

export interface Asset {
  /** Position in `Location.assets`; the assignment table refers to assets by it. */
  readonly index: number;
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly productType: ProductType;
  readonly deviceAssignable: boolean;
  readonly revocable: boolean;
  readonly supportedPlatforms: Platform[];
  /** Free content with Apple's unlimited count (2147483647). */
  unlimited: boolean;
  /** Licences owned (assigned + available); retired licences are outside it. */
  totalCount: number;
  retiredCount: number;
}

export interface AssetSpec {
  adamId: string;
  pricingParam?: PricingParam;
  productType: ProductType;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: Platform[];
  unlimited?: boolean;
  totalCount?: number;
  retiredCount?: number;
}

export interface User {
  readonly clientUserId: string;
  email: string | undefined;
  managedAppleId: string | undefined;
  status: UserStatus;
  inviteCode: string | undefined;
  idHash: string | undefined;
  /** Sequence number of the users data set when this user last changed. */
  version: number;
}

export interface LocationToken {
  /** The `.vpptoken` file content, which is also the Bearer value. */
  readonly vppToken: string;
  expiresAt: Date;
  revoked: boolean;
}

export interface MdmInfo {
  id: string;
  name: string;
  metadata: string;
}

export interface NotificationTarget {
  url: string;
  authToken: string;
}

export type EventType = 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';
export type EventStatus = 'PENDING' | 'COMPLETE' | 'FAILED';

export interface RequestedAsset {
  adamId: string;
  pricingParam: PricingParam | undefined;
}

export interface RequestUser {
  clientUserId: string;
  email?: string | undefined;
  managedAppleId?: string | undefined;
}

/** What an asynchronous request asked for; applied when the event leaves PENDING. */
export type EventRequest =
  | {
      kind: 'manage-assets';
      eventType: 'ASSOCIATE' | 'DISASSOCIATE';
      assets: RequestedAsset[];
      clientUserIds: string[];
      serialNumbers: string[];
    }
  | { kind: 'revoke-assets'; clientUserIds: string[]; serialNumbers: string[] }
  | { kind: 'manage-users'; eventType: 'CREATE' | 'UPDATE' | 'RETIRE'; users: RequestUser[] };

export interface LocationEvent {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly request: EventRequest;
  readonly numRequested: number;
  status: EventStatus;
  numCompleted: number;
  failures: AppleErrorResponse[];
  readonly submittedAt: Date;
  completedAt: Date | undefined;
}

/** Events kept per location for `/status`; older ones are forgotten so a long-running lab stays small. */
const MAX_EVENTS_KEPT = 10_000;

export interface LocationInit {
  id: string;
  uId: string;
  orgName: string;
  locationName: string;
  type: LocationType;
  countryCode: string;
  expectedAssignments?: number;
  expectedSubjects?: number;
}

/** One Apple location (one content token): its inventory, users, assignments, configuration and events. */
export class Location {
  readonly id: string;
  readonly uId: string;
  readonly orgName: string;
  readonly locationName: string;
  readonly type: LocationType;
  readonly countryCode: string;
  readonly tokens: LocationToken[] = [];
  mdmInfo: MdmInfo | undefined;
  notificationTarget: NotificationTarget | undefined;
  subscribedNotificationTypes: NotificationType[] = [];
  readonly assets: Asset[] = [];
  readonly assignments: AssignmentTable;
  readonly users: User[] = [];
  readonly assetsVersion: VersionCounter;
  readonly assignmentsVersion: VersionCounter;
  readonly usersVersion: VersionCounter;
  private readonly assetsByKey = new Map<string, Asset>();
  private readonly usersById = new Map<string, User>();
  private readonly events = new Map<string, LocationEvent>();

  constructor(init: LocationInit) {
    this.id = init.id;
    this.uId = init.uId;
    this.orgName = init.orgName;
    this.locationName = init.locationName;
    this.type = init.type;
    this.countryCode = init.countryCode;
    this.assignments = new AssignmentTable(init.expectedAssignments, init.expectedSubjects);
    this.assetsVersion = new VersionCounter(`${init.uId}/assets`);
    this.assignmentsVersion = new VersionCounter(`${init.uId}/assignments`);
    this.usersVersion = new VersionCounter(`${init.uId}/users`);
  }

  get defaultPlatform(): 'volumestore' | 'enterprisestore' {
    return this.type === 'EDUCATION' ? 'volumestore' : 'enterprisestore';
  }

  get websiteUrl(): string {
    return this.type === 'EDUCATION' ? 'https://school.apple.com' : 'https://business.apple.com';
  }

  // Assets ---------------------------------------------------------------------------------

  addAsset(spec: AssetSpec): Asset {
    const pricingParam = spec.pricingParam ?? 'STDQ';
    const key = assetKey(spec.adamId, pricingParam);
    if (this.assetsByKey.has(key)) throw new Error(`asset ${key} already exists in location ${this.id}`);
    const unlimited = spec.unlimited ?? false;
    const asset: Asset = {
      index: this.assets.length,
      adamId: spec.adamId,
      pricingParam,
      productType: spec.productType,
      // Books are never device-assignable or revocable.
      deviceAssignable: spec.productType === 'Book' ? false : spec.deviceAssignable,
      revocable: spec.productType === 'Book' ? false : spec.revocable,
      supportedPlatforms: spec.supportedPlatforms,
      unlimited,
      totalCount: unlimited ? UNLIMITED_COUNT : (spec.totalCount ?? 0),
      retiredCount: spec.retiredCount ?? 0,
    };
    this.assets.push(asset);
    this.assetsByKey.set(key, asset);
    return asset;
  }

  /** Finds an asset; without a pricing param, STDQ is preferred, then PLUS. */
  findAsset(adamId: string, pricingParam?: PricingParam): Asset | undefined {
    if (pricingParam !== undefined) return this.assetsByKey.get(assetKey(adamId, pricingParam));
    return this.assetsByKey.get(assetKey(adamId, 'STDQ')) ?? this.assetsByKey.get(assetKey(adamId, 'PLUS'));
  }

  assignedCount(asset: Asset): number {
    return this.assignments.countForAsset(asset.index);
  }

  availableCount(asset: Asset): number {
    return Math.max(0, asset.totalCount - this.assignedCount(asset));
  }

  // Users ----------------------------------------------------------------------------------

  addUser(user: User): User {
    if (this.usersById.has(user.clientUserId)) {
      throw new Error(`user ${user.clientUserId} already exists in location ${this.id}`);
    }
    this.users.push(user);
    this.usersById.set(user.clientUserId, user);
    return user;
  }

  findUser(clientUserId: string): User | undefined {
    return this.usersById.get(clientUserId);
  }

  // Events ---------------------------------------------------------------------------------

  addEvent(event: LocationEvent): void {
    this.events.set(event.eventId, event);
    if (this.events.size > MAX_EVENTS_KEPT) {
      const oldest = this.events.keys().next().value;
      if (oldest !== undefined) this.events.delete(oldest);
    }
  }

  findEvent(eventId: string): LocationEvent | undefined {
    return this.events.get(eventId);
  }

  pendingEvents(): LocationEvent[] {
    return [...this.events.values()].filter((event) => event.status === 'PENDING');
  }

  // Tokens ---------------------------------------------------------------------------------

  /** The newest token; its expiry is the location's. */
  get currentToken(): LocationToken {
    const token = this.tokens[this.tokens.length - 1];
    if (token === undefined) throw new Error(`location ${this.id} has no token`);
    return token;
  }
}

export function assetKey(adamId: string, pricingParam: PricingParam): string {
  return `${adamId}/${pricingParam}`;
}
