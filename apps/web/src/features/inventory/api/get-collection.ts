import { collectionDetailSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { collectionQueryKey } from './inventory-api.ts';

export const { options: collectionQueryOptions, use: useCollection } = apiQuery({
  key: collectionQueryKey,
  get: (id: string, signal) =>
    apiRequest(`/api/collections/${encodeURIComponent(id)}`, collectionDetailSchema, { signal }),
});
