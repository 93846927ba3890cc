import { type MemberImportQuery, memberImportReportSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionQueryKey } from './get-collection.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

export interface ImportMembersInput {
  collectionId: string;
  file: File;
  /** `add` keeps the current members; `replace` makes the file's accepted rows the only members. */
  mode: MemberImportQuery['mode'];
}

/** Adds members from a CSV file: serial numbers for a device collection, emails for a user collection. */
export function importCollectionMembers({ collectionId, file, mode }: ImportMembersInput) {
  const body = new FormData();
  body.set('file', file, file.name);
  return apiRequest(
    `/api/collections/${encodeURIComponent(collectionId)}/members/import`,
    memberImportReportSchema,
    { method: 'POST', body, query: { mode } },
  );
}

export function useImportCollectionMembers() {
  return useRefreshingMutation(importCollectionMembers, (_report, { collectionId }) => [
    collectionQueryKey(collectionId),
    collectionsQueryKey,
    devicesQueryKey,
    peopleQueryKey,
  ]);
}
