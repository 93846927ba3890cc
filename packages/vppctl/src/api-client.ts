import { problemSchema } from '@vpp/contracts/problem';
import type { z } from 'zod';

// The console's public REST API, as a script sees it: a bearer API key, problem+json errors with a
// stable code, and answers checked against the same zod schemas the API serialises with.

/** The API answered with a problem (exit code 1). */
export class ApiRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'ApiRefusal';
  }
}

/** The API could not be reached, or answered with something that is not the API (exit code 3). */
export class Unreachable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Unreachable';
  }
}

export interface ApiClient {
  baseUrl: string;
  get<S extends z.ZodType>(
    path: string,
    schema: S,
    query?: Record<string, string | number | undefined>,
  ): Promise<z.output<S>>;
  send<S extends z.ZodType>(
    method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    path: string,
    schema: S | null,
    body?: unknown,
  ): Promise<z.output<S>>;
  upload<S extends z.ZodType>(
    method: 'POST' | 'PATCH',
    path: string,
    schema: S,
    form: FormData,
  ): Promise<z.output<S>>;
  text(path: string, query?: Record<string, string | number | undefined>): Promise<string>;
}

export function createApiClient(baseUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch): ApiClient {
  const root = baseUrl.replace(/\/+$/, '');
  const url = (path: string, query: Record<string, string | number | undefined> = {}) => {
    const target = new URL(`${root}${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) target.searchParams.set(key, String(value));
    return target.href;
  };

  async function call(target: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(target, {
        ...init,
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...init.headers },
      });
    } catch (error) {
      throw new Unreachable(`Cannot reach ${root}: ${(error as Error).cause ?? (error as Error).message}`, {
        cause: error,
      });
    }
    if (response.ok) return response;
    const text = await response.text();
    let problem: z.infer<typeof problemSchema> | undefined;
    try {
      const parsed = problemSchema.safeParse(JSON.parse(text));
      if (parsed.success) problem = parsed.data;
    } catch {
      // not JSON
    }
    if (!problem)
      throw new Unreachable(
        `${root} answered ${response.status} without a problem document: is it the VPP Console?`,
      );
    const fields = (problem.errors ?? []).map((error) => `\n  ${error.path}: ${error.message}`).join('');
    throw new ApiRefusal(response.status, problem.code, `${problem.detail ?? problem.title}${fields}`);
  }

  async function parse<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
    const body = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new Unreachable(`${root} answered in a shape this vppctl does not know (a different version?)`);
    return parsed.data;
  }

  return {
    baseUrl: root,
    async get(path, schema, query) {
      return parse(await call(url(path, query), { method: 'GET' }), schema);
    },
    async send(method, path, schema, body) {
      const response = await call(url(path), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!schema) return undefined as never;
      return parse(response, schema);
    },
    async upload(method, path, schema, form) {
      return parse(await call(url(path), { method, body: form }), schema);
    },
    async text(path, query) {
      return (await call(url(path, query), { method: 'GET', headers: { accept: 'text/csv' } })).text();
    },
  };
}

/** Every item of a paged list (`page`/`pageSize`), page by page. */
export async function allPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const pageSize = 500;
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const result = await fetchPage(page, pageSize);
    items.push(...result.items);
    if (result.items.length < pageSize || items.length >= result.total) return items;
  }
}
