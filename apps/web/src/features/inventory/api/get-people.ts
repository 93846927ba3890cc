import { type PersonListQuery, personSchema } from '@vpp/contracts/inventory';
import { pagedList } from '../../../lib/api-hooks.ts';

export const PEOPLE_PAGE_SIZE = 50;

export type PeopleQuery = PersonListQuery;

/** Every people list and person lives under this key. */
export const peopleQueryKey = ['people'] as const;

export const firstPeoplePage: PeopleQuery = { page: 1, pageSize: PEOPLE_PAGE_SIZE };

export const {
  get: getPeople,
  options: peopleQueryOptions,
  useList: usePeople,
} = pagedList<PeopleQuery, typeof personSchema>('/api/people', personSchema, peopleQueryKey);

/** The person with exactly this email (the list's search also matches parts of it), if any. */
export async function findPersonByEmail(email: string) {
  const wanted = email.trim().toLowerCase();
  const page = await getPeople({ search: wanted, page: 1, pageSize: 20 });
  return page.items.find((person) => person.email.toLowerCase() === wanted);
}
