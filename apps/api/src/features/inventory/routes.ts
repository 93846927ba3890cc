import { holdingsSchema } from '@vpp/contracts/holdings';
import {
  changeMembersRequestSchema,
  collectionDetailSchema,
  collectionListQuerySchema,
  collectionMembersPageSchema,
  collectionMembersQuerySchema,
  collectionSchema,
  createCollectionRequestSchema,
  createDeviceRequestSchema,
  createPersonRequestSchema,
  deviceDetailSchema,
  deviceListQuerySchema,
  deviceSchema,
  importReportSchema,
  memberImportQuerySchema,
  memberImportReportSchema,
  personDetailSchema,
  personListQuerySchema,
  personSchema,
  replaceMembersRequestSchema,
  replaceMembersResponseSchema,
  updateCollectionRequestSchema,
  updateDeviceRequestSchema,
  updatePersonRequestSchema,
} from '@vpp/contracts/inventory';
import { pagedSchema } from '@vpp/contracts/paging';
import { getDeviceHoldings, getPersonHoldings } from '@vpp/core/inventory/holdings-store';
import { importCollectionMembers } from '@vpp/core/inventory/import-collection-members';
import { importDevices } from '@vpp/core/inventory/import-devices';
import { importPeople } from '@vpp/core/inventory/import-people';
import {
  changeCollectionMembers,
  createCollection,
  deleteCollection,
  getCollection,
  listCollectionMembers,
  listCollections,
  replaceCollectionMembers,
  updateCollection,
} from '@vpp/core/inventory/manage-collections';
import {
  createDevice,
  deleteDevice,
  getDevice,
  listDevices,
  updateDevice,
} from '@vpp/core/inventory/manage-devices';
import {
  createPerson,
  deletePerson,
  getPerson,
  listPeople,
  updatePerson,
} from '@vpp/core/inventory/manage-people';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.ts';
import { CSV_FILE_HELP, csvImportRoute } from '../../http/csv-import.ts';
import { defineRoute, type Route } from '../../http/route-table.ts';

const idParams = z.object({ id: z.uuid() });

// Replacing a collection's members takes up to 50,000 ids (about 2 MB of JSON) in one request.
const MEMBERS_JSON_LIMIT_BYTES = 4 * 1024 * 1024;

const csvHelp =
  `${CSV_FILE_HELP} ` +
  'Columns the file has set their fields (an empty cell clears one); columns it lacks leave fields as they are.';

export function inventoryRoutes(deps: AppDeps): Route[] {
  const { prisma } = deps.database;
  return [
    // ------------------------------------------------------------ devices
    defineRoute({
      method: 'get',
      path: '/api/devices',
      access: 'signedIn',
      tag: 'Inventory',
      summary: 'List devices; search matches serial number, name, model and primary user email',
      query: deviceListQuerySchema,
      success: { status: 200, schema: pagedSchema(deviceSchema) },
      handler: ({ query }) => listDevices(prisma, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/devices',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Add a device',
      body: createDeviceRequestSchema,
      success: { status: 201, schema: deviceDetailSchema },
      errors: ['CONFLICT'],
      handler: ({ body, ctx }) => createDevice(prisma, ctx, body),
    }),
    csvImportRoute({
      path: '/api/devices/import',
      tag: 'Inventory',
      summary: `Add or update devices from a CSV file with the columns serialNumber (required), name, model, primaryUserEmail. ${csvHelp}`,
      report: importReportSchema,
      description: 'What was imported, and the rows refused',
      handler: ({ ctx }, csv) => importDevices(prisma, ctx, csv),
    }),
    defineRoute({
      method: 'get',
      path: '/api/devices/:id',
      access: 'signedIn',
      tag: 'Inventory',
      summary: 'One device, with the collections it is a member of',
      params: idParams,
      success: { status: 200, schema: deviceDetailSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getDevice(prisma, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/devices/:id/holdings',
      access: 'signedIn',
      tag: 'Inventory',
      summary:
        "The device licenses Apple holds for the device, and every deployment that targeted it with the target's state",
      params: idParams,
      success: { status: 200, schema: holdingsSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getDeviceHoldings(deps.database.pool, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/devices/:id',
      access: 'admin',
      tag: 'Inventory',
      summary: "Change a device's serial number, name, model or primary user",
      params: idParams,
      body: updateDeviceRequestSchema,
      success: { status: 200, schema: deviceDetailSchema },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: ({ params, body, ctx }) => updateDevice(prisma, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/devices/:id',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Delete a device; it leaves its collections',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => deleteDevice(prisma, ctx, params.id),
    }),

    // ------------------------------------------------------------ people
    defineRoute({
      method: 'get',
      path: '/api/people',
      access: 'signedIn',
      tag: 'Inventory',
      summary:
        'List people (managed users) with their VPP registration; search matches email, name, clientUserId and Managed Apple ID',
      query: personListQuerySchema,
      success: { status: 200, schema: pagedSchema(personSchema) },
      handler: ({ query }) => listPeople(prisma, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/people',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Add a person; without a clientUserId one is generated (an opaque id, never the email)',
      body: createPersonRequestSchema,
      success: { status: 201, schema: personDetailSchema },
      errors: ['CONFLICT'],
      handler: ({ body, ctx }) => createPerson(prisma, ctx, body),
    }),
    csvImportRoute({
      path: '/api/people/import',
      tag: 'Inventory',
      summary: `Add or update people from a CSV file with the columns email (required), displayName, managedAppleId, clientUserId; a row with a clientUserId updates that person, one without updates the person with the email. ${csvHelp}`,
      report: importReportSchema,
      description: 'What was imported, and the rows refused',
      handler: ({ ctx }, csv) => importPeople(prisma, ctx, csv),
    }),
    defineRoute({
      method: 'get',
      path: '/api/people/:id',
      access: 'signedIn',
      tag: 'Inventory',
      summary: 'One person, with their collections, devices and VPP registrations',
      params: idParams,
      success: { status: 200, schema: personDetailSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getPerson(prisma, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/people/:id/holdings',
      access: 'signedIn',
      tag: 'Inventory',
      summary:
        "The user licenses Apple holds for the person, and every deployment that targeted them with the target's state",
      params: idParams,
      success: { status: 200, schema: holdingsSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getPersonHoldings(deps.database.pool, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/people/:id',
      access: 'admin',
      tag: 'Inventory',
      summary: "Change a person's email, name or Managed Apple ID (their clientUserId cannot change)",
      params: idParams,
      body: updatePersonRequestSchema,
      success: { status: 200, schema: personDetailSchema },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: ({ params, body, ctx }) => updatePerson(prisma, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/people/:id',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Delete a person; they leave their collections and their devices keep no primary user',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND'],
      handler: ({ params, ctx }) => deletePerson(prisma, ctx, params.id),
    }),

    // ------------------------------------------------------------ collections
    defineRoute({
      method: 'get',
      path: '/api/collections',
      access: 'signedIn',
      tag: 'Inventory',
      summary: 'List user and device collections with their member counts',
      query: collectionListQuerySchema,
      success: { status: 200, schema: pagedSchema(collectionSchema) },
      handler: ({ query }) => listCollections(prisma, query),
    }),
    defineRoute({
      method: 'post',
      path: '/api/collections',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Create a user or device collection',
      body: createCollectionRequestSchema,
      success: { status: 201, schema: collectionDetailSchema },
      errors: ['CONFLICT'],
      handler: ({ body, ctx }) => createCollection(prisma, ctx, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/collections/:id',
      access: 'signedIn',
      tag: 'Inventory',
      summary: 'One collection with its member count and the first page of its members',
      params: idParams,
      success: { status: 200, schema: collectionDetailSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params }) => getCollection(prisma, params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/collections/:id',
      access: 'admin',
      tag: 'Inventory',
      summary: 'Rename a collection or change its description (its type cannot change: 409)',
      params: idParams,
      body: updateCollectionRequestSchema,
      success: { status: 200, schema: collectionDetailSchema },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: ({ params, body, ctx }) => updateCollection(prisma, ctx, params.id, body),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/collections/:id',
      access: 'admin',
      tag: 'Inventory',
      summary:
        'Delete a collection (its devices and people stay); refused while an active deployment targets it',
      params: idParams,
      success: { status: 204 },
      errors: ['NOT_FOUND', 'CONFLICT'],
      handler: ({ params, ctx }) => deleteCollection(prisma, ctx, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/api/collections/:id/members',
      access: 'signedIn',
      tag: 'Inventory',
      summary: "A page of a collection's members: devices or people, by the collection's type",
      params: idParams,
      query: collectionMembersQuerySchema,
      success: { status: 200, schema: collectionMembersPageSchema },
      errors: ['NOT_FOUND'],
      handler: ({ params, query }) => listCollectionMembers(prisma, params.id, query),
    }),
    defineRoute({
      method: 'put',
      path: '/api/collections/:id/members',
      access: 'admin',
      tag: 'Inventory',
      summary:
        "Replace a collection's members with these device or person ids (by its type, up to 50,000); any id that is not of that kind refuses the request (400, listing them)",
      params: idParams,
      body: replaceMembersRequestSchema,
      accepts: { json: { limitBytes: MEMBERS_JSON_LIMIT_BYTES } },
      success: { status: 200, schema: replaceMembersResponseSchema },
      errors: ['NOT_FOUND', 'PAYLOAD_TOO_LARGE'],
      handler: ({ params, body, ctx }) => replaceCollectionMembers(prisma, ctx, params.id, body.memberIds),
    }),
    // Adding and taking out members by id: the console's picker and "Add to collection".
    ...(
      [
        [
          'add',
          '/api/collections/:id/members',
          'Add these device or person ids to the collection (by its type); members already in it stay.',
        ],
        [
          'remove',
          '/api/collections/:id/members/remove',
          'Take these device or person ids out of the collection; what earlier deployments gave them stays.',
        ],
      ] as const
    ).map(([change, path, summary]) =>
      defineRoute({
        method: 'post',
        path,
        access: 'admin',
        tag: 'Inventory',
        summary: `${summary} Any id that is not of that kind refuses the request (400, listing them)`,
        params: idParams,
        body: changeMembersRequestSchema,
        accepts: { json: { limitBytes: MEMBERS_JSON_LIMIT_BYTES } },
        success: { status: 200, schema: replaceMembersResponseSchema },
        errors: ['NOT_FOUND', 'PAYLOAD_TOO_LARGE'],
        handler: ({ params, body, ctx }) =>
          changeCollectionMembers(prisma, ctx, params.id, change, body.memberIds),
      }),
    ),
    csvImportRoute({
      path: '/api/collections/:id/members/import',
      tag: 'Inventory',
      summary:
        'Add members from a CSV file: a serialNumber column for a device collection, an email column for a user collection; mode=replace makes the accepted rows the only members. ' +
        CSV_FILE_HELP,
      params: idParams,
      query: memberImportQuerySchema,
      report: memberImportReportSchema,
      description: 'What changed, and the rows refused',
      errors: ['NOT_FOUND'],
      handler: ({ params, query, ctx }, csv) => importCollectionMembers(prisma, ctx, params.id, query, csv),
    }),
  ];
}
