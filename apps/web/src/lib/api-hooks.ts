import {
  keepPreviousData,
  type QueryClient,
  type QueryKey,
  type QueryMeta,
  queryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { pagedSchema } from '@vpp/contracts/paging';
import type { z } from 'zod';
import { apiRequest, type RequestOptions } from './api-client.ts';

/**
 * A mutation that refreshes what it changed once it succeeded: `changed` names the queries to ask
 * for again (and may first put the answer in the cache, or forget what is gone).
 */
export function useRefreshingMutation<Input, Output>(
  mutationFn: (input: Input) => Promise<Output>,
  changed: (output: Output, input: Input, queryClient: QueryClient) => readonly QueryKey[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (output, input) =>
      Promise.all(
        changed(output, input, queryClient).map((queryKey) => queryClient.invalidateQueries({ queryKey })),
      ),
  });
}

/**
 * A mutation whose answer is the thing as it now is (a setting saved or reset): the answer
 * replaces what the cache holds under `key`, and `onSaved` may refresh what depends on it.
 */
export function useReplacingMutation<Input, Output>(
  mutationFn: (input: Input) => Promise<Output>,
  key: QueryKey,
  onSaved?: (output: Output, queryClient: QueryClient) => unknown,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (output) => {
      queryClient.setQueryData(key, output);
      return onSaved?.(output, queryClient);
    },
  });
}

type ListQuery = NonNullable<RequestOptions['query']>;

/**
 * One paged list of the API: fetching a page, its query options under `key` (a page keeps
 * showing the previous one while the next loads), and the hook that reads it.
 */
export function pagedList<Query extends object, Item extends z.ZodType>(
  path: string,
  item: Item,
  key: QueryKey,
) {
  const schema = pagedSchema(item);
  const get = (query: Query, signal?: AbortSignal) =>
    apiRequest(path, schema, { query: { ...query } as ListQuery, signal });
  const options = (query: Query) =>
    queryOptions({
      queryKey: [...key, 'list', query],
      queryFn: ({ signal }) => get(query, signal),
      placeholderData: keepPreviousData,
    });
  return { get, options, useList: (query: Query) => useQuery(options(query)) };
}

interface QuerySpec<Args extends unknown[], Data> {
  /** The query's key for these arguments. */
  key: (...args: Args) => QueryKey;
  /** Fetches it; the query's abort signal comes after the arguments. */
  get: (...args: [...Args, AbortSignal | undefined]) => Promise<Data>;
  refetchInterval?: number;
  staleTime?: number;
  meta?: QueryMeta;
}

/**
 * One thing the API answers (a token, the settings, a collection's sessions): its query options
 * for the arguments (`prefetchQuery`, `useQuery` with more options) and the hook that reads it.
 */
export function apiQuery<Args extends unknown[], Data>({ key, get, ...extras }: QuerySpec<Args, Data>) {
  const options = (...args: Args) =>
    queryOptions({ queryKey: key(...args), queryFn: ({ signal }) => get(...args, signal), ...extras });
  return { options, use: (...args: Args) => useQuery(options(...args)) };
}

/** What a form saves: a new one (no id) or the changes to one. */
export type SaveInput<Create, Update> = { id?: undefined; body: Create } | { id: string; body: Update };

/** The body of a PATCH: the fields among `keys` whose value in `next` differs from `current`. */
export function changedFields<T extends object, K extends keyof T>(
  next: T,
  current: { [P in K]: unknown },
  keys: readonly K[],
): Pick<T, K> {
  const body: Partial<Pick<T, K>> = {};
  for (const key of keys) if (next[key] !== current[key]) body[key] = next[key];
  return body as Pick<T, K>;
}

/** Adds one (no id: POST to `path`) or changes one (PATCH `path/id` with what changed). */
export function saveRequest<T>(
  path: string,
  schema: Parameters<typeof apiRequest<T>>[1],
  input: { id?: string | undefined; body: object },
) {
  if (input.id === undefined) return apiRequest(path, schema, { method: 'POST', body: input.body });
  return apiRequest(`${path}/${encodeURIComponent(input.id)}`, schema, { method: 'PATCH', body: input.body });
}
