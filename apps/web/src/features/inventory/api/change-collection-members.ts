import { replaceMembersResponseSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { collectionsQueryKey } from './get-collections.ts';
import { devicesQueryKey } from './get-devices.ts';
import { peopleQueryKey } from './get-people.ts';

export interface MemberChange {
  collectionId: string;
  change: 'add' | 'remove';
  memberIds: string[];
}

/** Adds members to a collection, or takes them out; the others stay. */
export function changeCollectionMembers({ collectionId, change, memberIds }: MemberChange) {
  const base = `/api/collections/${encodeURIComponent(collectionId)}/members`;
  return apiRequest(change === 'add' ? base : `${base}/remove`, replaceMembersResponseSchema, {
    method: 'POST',
    body: { memberIds },
  });
}

export function useChangeCollectionMembers() {
  // Collections count their members, devices and people the collections they are in.
  return useRefreshingMutation(changeCollectionMembers, () => [
    collectionsQueryKey,
    devicesQueryKey,
    peopleQueryKey,
  ]);
}
