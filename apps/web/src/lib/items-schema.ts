import { pagedSchema } from '@vpp/contracts/paging';

type ItemSchema = Parameters<typeof pagedSchema>[0];

/**
 * `{ items: [...] }`: the answer of a short list the API does not page (categories, a sync run's
 * changes), built from the shared item schema and the shared list shape.
 */
export function itemsSchema<T extends ItemSchema>(item: T) {
  return pagedSchema(item).pick({ items: true });
}
