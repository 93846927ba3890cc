import { tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { itemsSchema } from '../../../lib/items-schema.ts';

/** A category is a token's category name, listed once for every name in use. */
const categoriesSchema = itemsSchema(tokenSchema.shape.categories.element);

export const categoriesQueryKey = ['categories'] as const;

export const { options: categoriesQueryOptions, use: useCategories } = apiQuery({
  key: () => categoriesQueryKey,
  get: async (signal) => (await apiRequest('/api/categories', categoriesSchema, { signal })).items,
});
