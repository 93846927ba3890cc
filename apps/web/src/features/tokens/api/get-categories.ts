import { queryOptions, useQuery } from '@tanstack/react-query';
import { tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { itemsSchema } from '../../../lib/items-schema.ts';

/** A category is a token's category name, listed once for every name in use. */
const categoriesSchema = itemsSchema(tokenSchema.shape.categories.element);

export const categoriesQueryKey = ['categories'] as const;

export function getCategories(signal?: AbortSignal) {
  return apiRequest('/api/categories', categoriesSchema, { signal });
}

export const categoriesQueryOptions = () =>
  queryOptions({
    queryKey: categoriesQueryKey,
    queryFn: ({ signal }) => getCategories(signal),
    select: (data) => data.items,
  });

export function useCategories() {
  return useQuery(categoriesQueryOptions());
}
