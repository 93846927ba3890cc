import { z } from 'zod';
import { pagedSchema, pageQuerySchema } from './paging.ts';

// Devices, people (managed users) and the collections deployments target.

/** Text PostgreSQL can store: no NUL characters. */
function text() {
  return z.string().refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
}

/** Apple serial numbers: 8 to 14 letters and digits, kept in upper case. */
export const SERIAL_NUMBER_PATTERN = /^[A-Z0-9]{8,14}$/;
export const serialNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .min(1, 'is required')
  .regex(SERIAL_NUMBER_PATTERN, 'must be 8 to 14 letters and digits');

/** Emails are compared and stored trimmed and in lower case. */
export const inventoryEmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'is required')
  .max(254, 'has at most 254 characters')
  .pipe(z.email('is not a valid email address'));

/** Our id for a person at Apple: opaque and stable, never an email (Apple's rule). */
export const clientUserIdSchema = text()
  .trim()
  .min(1, 'is required')
  .max(256, 'has at most 256 characters')
  .regex(/^[^\s@]+$/, 'must be an opaque id without spaces, never an email');

const deviceName = text().trim().max(200, 'has at most 200 characters');
const deviceModel = text().trim().max(100, 'has at most 100 characters');
const displayName = text().trim().max(200, 'has at most 200 characters');
const searchText = text().trim().max(200).optional();

/** At most this many rows per CSV import and ids per member replacement. */
export const MAX_IMPORT_ROWS = 50_000;
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

// ---------------------------------------------------------------- shared pieces

export const personRefSchema = z.object({ id: z.string(), email: z.string(), displayName: z.string() });
export const collectionRefSchema = z.object({ id: z.string(), name: z.string() });

// ---------------------------------------------------------------- devices

/** What the MDM (NanoMDM's webhooks) told about a device. */
export const deviceMdmSchema = z.object({
  /** The MDM's enrollment id of the device. */
  udid: z.string(),
  osVersion: z.string(),
  status: z.enum(['ENROLLED', 'UNENROLLED']),
  lastSeenAt: z.iso.datetime().nullable(),
  unenrolledAt: z.iso.datetime().nullable(),
});
export type DeviceMdm = z.infer<typeof deviceMdmSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  serialNumber: z.string(),
  name: z.string(),
  model: z.string(),
  primaryUserId: z.string().nullable(),
  primaryUser: personRefSchema.nullable(),
  /** How many device collections the device is a member of. */
  collections: z.number().int(),
  /** Null for a device only typed in or imported, never reported by an MDM. */
  mdm: deviceMdmSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Device = z.infer<typeof deviceSchema>;

export const deviceDetailSchema = deviceSchema.extend({ memberOf: z.array(collectionRefSchema) });
export type DeviceDetail = z.infer<typeof deviceDetailSchema>;

export const deviceListQuerySchema = pageQuerySchema.extend({ search: searchText });
export type DeviceListQuery = z.output<typeof deviceListQuerySchema>;

export const createDeviceRequestSchema = z.strictObject({
  serialNumber: serialNumberSchema,
  name: deviceName.default(''),
  model: deviceModel.default(''),
  primaryUserId: z.uuid().nullable().default(null),
});
export type CreateDeviceRequest = z.output<typeof createDeviceRequestSchema>;

export const updateDeviceRequestSchema = z.strictObject({
  serialNumber: serialNumberSchema.optional(),
  name: deviceName.optional(),
  model: deviceModel.optional(),
  primaryUserId: z.uuid().nullable().optional(),
});
export type UpdateDeviceRequest = z.output<typeof updateDeviceRequestSchema>;

// ---------------------------------------------------------------- people

/** A person's registration with Apple, best over every token: ASSOCIATED > REGISTERED > RETIRED. */
export const vppStatusSchema = z.enum(['NOT_REGISTERED', 'REGISTERED', 'ASSOCIATED', 'RETIRED']);
export type VppStatus = z.infer<typeof vppStatusSchema>;

/** Apple's user status at one token's location. */
export const vppRegistrationStatusSchema = z.enum(['REGISTERED', 'ASSOCIATED', 'RETIRED', 'DELETED']);
export type VppRegistrationStatus = z.infer<typeof vppRegistrationStatusSchema>;

export const vppRegistrationSchema = z.object({
  tokenId: z.string(),
  tokenName: z.string(),
  status: vppRegistrationStatusSchema,
  /** Present while REGISTERED: the invitation the person accepts to associate an Apple Account. */
  inviteCode: z.string().nullable(),
  /** The invitation link to send the person (Apple's template with the code), while REGISTERED. */
  inviteUrl: z.string().nullable(),
});
export type VppRegistration = z.infer<typeof vppRegistrationSchema>;

export const personSchema = z.object({
  id: z.string(),
  clientUserId: z.string(),
  email: z.string(),
  displayName: z.string(),
  managedAppleId: z.string().nullable(),
  vppStatus: vppStatusSchema,
  vppRegistrations: z.array(vppRegistrationSchema),
  /** How many user collections the person is a member of. */
  collections: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Person = z.infer<typeof personSchema>;

export const personDetailSchema = personSchema.extend({
  memberOf: z.array(collectionRefSchema),
  /** Devices whose primary user the person is. */
  devices: z.array(
    z.object({ id: z.string(), serialNumber: z.string(), name: z.string(), model: z.string() }),
  ),
});
export type PersonDetail = z.infer<typeof personDetailSchema>;

export const personListQuerySchema = pageQuerySchema.extend({ search: searchText });
export type PersonListQuery = z.output<typeof personListQuerySchema>;

export const createPersonRequestSchema = z.strictObject({
  clientUserId: clientUserIdSchema.optional(),
  email: inventoryEmailSchema,
  displayName: displayName.default(''),
  managedAppleId: inventoryEmailSchema.nullable().default(null),
});
export type CreatePersonRequest = z.output<typeof createPersonRequestSchema>;

export const updatePersonRequestSchema = z.strictObject({
  /** Accepted only when unchanged: Apple knows the person by it. */
  clientUserId: clientUserIdSchema.optional(),
  email: inventoryEmailSchema.optional(),
  displayName: displayName.optional(),
  managedAppleId: inventoryEmailSchema.nullable().optional(),
});
export type UpdatePersonRequest = z.output<typeof updatePersonRequestSchema>;

// ---------------------------------------------------------------- collections

export const collectionTypeSchema = z.enum(['USER', 'DEVICE']);
export type CollectionType = z.infer<typeof collectionTypeSchema>;

export const collectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  type: collectionTypeSchema,
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type Collection = z.infer<typeof collectionSchema>;

/** A page of a collection's members: devices for a DEVICE collection, people for a USER one. */
export const collectionMembersPageSchema = z.discriminatedUnion('type', [
  pagedSchema(deviceSchema).extend({ type: z.literal('DEVICE') }),
  pagedSchema(personSchema).extend({ type: z.literal('USER') }),
]);
export type CollectionMembersPage = z.infer<typeof collectionMembersPageSchema>;

export const collectionDetailSchema = collectionSchema.extend({ members: collectionMembersPageSchema });
export type CollectionDetail = z.infer<typeof collectionDetailSchema>;

export const collectionListQuerySchema = pageQuerySchema.extend({
  type: collectionTypeSchema.optional(),
  search: searchText,
});
export type CollectionListQuery = z.output<typeof collectionListQuerySchema>;

export const collectionMembersQuerySchema = pageQuerySchema.extend({ search: searchText });
export type CollectionMembersQuery = z.output<typeof collectionMembersQuerySchema>;

const collectionName = text().trim().min(1, 'is required').max(100, 'has at most 100 characters');
const collectionDescription = text().trim().max(1000, 'has at most 1000 characters');

export const createCollectionRequestSchema = z.strictObject({
  name: collectionName,
  description: collectionDescription.default(''),
  type: collectionTypeSchema,
});
export type CreateCollectionRequest = z.output<typeof createCollectionRequestSchema>;

export const updateCollectionRequestSchema = z.strictObject({
  name: collectionName.optional(),
  description: collectionDescription.optional(),
  /** Accepted only when unchanged: a collection's type is fixed at creation. */
  type: collectionTypeSchema.optional(),
});
export type UpdateCollectionRequest = z.output<typeof updateCollectionRequestSchema>;

export const replaceMembersRequestSchema = z.strictObject({
  memberIds: z
    .array(z.uuid('must be a device or person id'))
    .max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} members`),
});
export type ReplaceMembersRequest = z.output<typeof replaceMembersRequestSchema>;

export const replaceMembersResponseSchema = z.object({
  memberCount: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
});
export type ReplaceMembersResponse = z.infer<typeof replaceMembersResponseSchema>;

/** Members to add to or remove from a collection, by id; ids of the other kind refuse the request. */
export const changeMembersRequestSchema = z.strictObject({
  memberIds: z
    .array(z.uuid('must be a device or person id'))
    .min(1, 'name at least one member')
    .max(MAX_IMPORT_ROWS, `at most ${MAX_IMPORT_ROWS} members`),
});
export type ChangeMembersRequest = z.output<typeof changeMembersRequestSchema>;

// ---------------------------------------------------------------- CSV imports

/** One row of a CSV import that was not imported, and why. */
export const refusedRowSchema = z.object({
  /** The row's line in the file (the header is line 1). */
  line: z.number().int(),
  /** The row's key as written: serial number or email. */
  value: z.string(),
  reason: z.string(),
});
export type RefusedRow = z.infer<typeof refusedRowSchema>;

export const importReportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Rows that matched an existing record with the same values. */
  unchanged: z.number().int(),
  refused: z.array(refusedRowSchema),
  /** Header columns this import does not read. */
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const memberImportQuerySchema = z.object({
  /** `add` (default) keeps the current members; `replace` makes the file's rows the members. */
  mode: z.enum(['add', 'replace']).default('add'),
});
export type MemberImportQuery = z.output<typeof memberImportQuerySchema>;

export const memberImportReportSchema = z.object({
  added: z.number().int(),
  alreadyMembers: z.number().int(),
  removed: z.number().int(),
  memberCount: z.number().int(),
  refused: z.array(refusedRowSchema),
  ignoredColumns: z.array(z.string()),
});
export type MemberImportReport = z.infer<typeof memberImportReportSchema>;

/** A CSV cell that may be empty: '' reads as absent, anything else must pass the schema. */
function optionalCell<T extends z.ZodType<unknown, string>>(schema: T) {
  return z
    .string()
    .trim()
    .transform((value) => value || undefined)
    .pipe(schema.optional());
}

/** One row of a device import, as read from the file. */
export const deviceImportRowSchema = z.object({
  serialNumber: serialNumberSchema,
  name: deviceName,
  model: deviceModel,
  primaryUserEmail: optionalCell(inventoryEmailSchema),
});

/** One row of a people import, as read from the file. */
export const personImportRowSchema = z.object({
  email: inventoryEmailSchema,
  displayName,
  managedAppleId: optionalCell(inventoryEmailSchema),
  clientUserId: optionalCell(clientUserIdSchema),
});

/** The CSV columns each import reads (header names match case-insensitively, ignoring spaces and `_`). */
export const deviceImportColumns = {
  required: ['serialNumber'],
  optional: ['name', 'model', 'primaryUserEmail'],
} as const;
export const personImportColumns = {
  required: ['email'],
  optional: ['displayName', 'managedAppleId', 'clientUserId'],
} as const;
export const deviceMemberImportColumns = { required: ['serialNumber'], optional: [] } as const;
export const personMemberImportColumns = { required: ['email'], optional: [] } as const;
