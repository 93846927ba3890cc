import {
  type CollectionListQuery,
  type CreateCollectionRequest,
  type CreateDeviceRequest,
  type CreatePersonRequest,
  collectionDetailSchema,
  collectionSchema,
  type DeviceListQuery,
  deviceDetailSchema,
  deviceSchema,
  importReportSchema,
  type MemberImportQuery,
  memberImportReportSchema,
  type PersonListQuery,
  personDetailSchema,
  personSchema,
  replaceMembersResponseSchema,
  type UpdateCollectionRequest,
  type UpdateDeviceRequest,
  type UpdatePersonRequest,
} from '@vpp/contracts/inventory';
import type { z } from 'zod';
import { apiCommand, apiRequest, type QueryValue } from '../../../lib/api-client.ts';
import { pagedList, type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';

export const INVENTORY_PAGE_SIZE = 50;

/**
 * One list of the inventory (`/api/devices`): its pages, the first one, and deleting one of its
 * items. Every page and every item of it lives under `key` (`['devices']`).
 */
function inventoryList<Query extends object, Item extends z.ZodType>(path: string, item: Item) {
  const key = [path.replace('/api/', '')] as const;
  return {
    path,
    key,
    firstPage: { page: 1, pageSize: INVENTORY_PAGE_SIZE } as Query,
    ...pagedList<Query, Item>(path, item, key),
    remove: (id: string) => apiCommand(`${path}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  };
}

export const devices = inventoryList<DeviceListQuery, typeof deviceSchema>('/api/devices', deviceSchema);
export const people = inventoryList<PersonListQuery, typeof personSchema>('/api/people', personSchema);
export const collections = inventoryList<CollectionListQuery, typeof collectionSchema>(
  '/api/collections',
  collectionSchema,
);

export const collectionQueryKey = (id: string) => [...collections.key, 'detail', id] as const;

// What else shows a change: devices show their primary user's email and count their collections,
// people count theirs, collections count and list their members.
const withDevices = [devices.key, collections.key];
const withPeople = [people.key, devices.key, collections.key];

/** The person with exactly this email (the list's search also matches parts of it), if any. */
export async function findPersonByEmail(email: string) {
  const wanted = email.trim().toLowerCase();
  const page = await people.get({ search: wanted, page: 1, pageSize: 20 });
  return page.items.find((person) => person.email.toLowerCase() === wanted);
}

/** Adds a device (no id) or changes one (PATCH with the fields that changed). */
export function useSaveDevice() {
  return useRefreshingMutation(
    (input: SaveInput<CreateDeviceRequest, UpdateDeviceRequest>) =>
      saveRequest(devices.path, deviceDetailSchema, input),
    () => withDevices,
  );
}

/** Adds a person (no id) or changes one (PATCH with the fields that changed). */
export function useSavePerson() {
  return useRefreshingMutation(
    (input: SaveInput<CreatePersonRequest, UpdatePersonRequest>) =>
      saveRequest(people.path, personDetailSchema, input),
    () => withPeople,
  );
}

/** Creates a collection (no id) or renames / describes one; its type is fixed at creation. */
export function useSaveCollection() {
  return useRefreshingMutation(
    (input: SaveInput<CreateCollectionRequest, UpdateCollectionRequest>) =>
      saveRequest(collections.path, collectionDetailSchema, input),
    (collection, _input, queryClient) => {
      queryClient.setQueryData(collectionQueryKey(collection.id), collection);
      return [collections.key];
    },
  );
}

export function useDeleteDevice() {
  return useRefreshingMutation(devices.remove, () => withDevices);
}

export function useDeletePerson() {
  return useRefreshingMutation(people.remove, () => withPeople);
}

/** Deletes a collection (its devices and people stay); refused while an active deployment targets it. */
export function useDeleteCollection() {
  return useRefreshingMutation(collections.remove, (_data, id, queryClient) => {
    queryClient.removeQueries({ queryKey: collectionQueryKey(id) });
    return withPeople;
  });
}

/** Sends a CSV file as the multipart field `file`; the answer says what was refused and why. */
function uploadCsv<T>(
  path: string,
  schema: Parameters<typeof apiRequest<T>>[1],
  file: File,
  query?: Record<string, QueryValue>,
) {
  const body = new FormData();
  body.set('file', file, file.name);
  return apiRequest(path, schema, { method: 'POST', body, query });
}

/** Adds or updates devices from a CSV file. */
export function useImportDevices() {
  return useRefreshingMutation(
    (file: File) => uploadCsv(`${devices.path}/import`, importReportSchema, file),
    () => withDevices,
  );
}

/** Adds or updates people from a CSV file. */
export function useImportPeople() {
  return useRefreshingMutation(
    (file: File) => uploadCsv(`${people.path}/import`, importReportSchema, file),
    () => withPeople,
  );
}

export interface ImportMembersInput {
  collectionId: string;
  file: File;
  /** `add` keeps the current members; `replace` makes the file's accepted rows the only members. */
  mode: MemberImportQuery['mode'];
}

/** Adds members from a CSV file: serial numbers for a device collection, emails for a user collection. */
export function useImportCollectionMembers() {
  return useRefreshingMutation(
    ({ collectionId, file, mode }: ImportMembersInput) =>
      uploadCsv(
        `${collections.path}/${encodeURIComponent(collectionId)}/members/import`,
        memberImportReportSchema,
        file,
        { mode },
      ),
    (_report, { collectionId }) => [collectionQueryKey(collectionId), ...withPeople],
  );
}

export interface MemberChange {
  collectionId: string;
  change: 'add' | 'remove';
  memberIds: string[];
}

/** Adds members to a collection (the picker, "Add to collection"), or takes them out; the others stay. */
export function useChangeCollectionMembers() {
  return useRefreshingMutation(
    ({ collectionId, change, memberIds }: MemberChange) => {
      const base = `${collections.path}/${encodeURIComponent(collectionId)}/members`;
      return apiRequest(change === 'add' ? base : `${base}/remove`, replaceMembersResponseSchema, {
        method: 'POST',
        body: { memberIds },
      });
    },
    () => withPeople,
  );
}
