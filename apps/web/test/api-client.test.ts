import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiCommand, databaseOutage, isDatabaseUnavailableError } from '../src/lib/api-client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function answer(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

describe('apiCommand', () => {
  it('sends a FormData as multipart, leaving the Content-Type (and its boundary) to the browser', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    const body = new FormData();
    body.set('name', 'Northwind HQ');
    await apiCommand('/api/tokens', { method: 'POST', body });
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.body).toBe(body);
    expect(init?.headers).not.toHaveProperty('Content-Type');
  });

  it('keeps the members a problem adds, such as the other MDM of TOKEN_IN_USE_ELSEWHERE', async () => {
    vi.stubGlobal('fetch', async () =>
      answer(409, {
        type: 'https://vpp-console.dev/problems/token-in-use-elsewhere',
        title: 'The token is used by another MDM',
        status: 409,
        detail: 'This location is managed by another MDM (Contoso MDM).',
        code: 'TOKEN_IN_USE_ELSEWHERE',
        requestId: 'r-1',
        mdmName: 'Contoso MDM',
      }),
    );
    const error = await apiCommand('/api/tokens', { method: 'POST' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'TOKEN_IN_USE_ELSEWHERE', extensions: { mdmName: 'Contoso MDM' } });
  });
});

describe('databaseOutage', () => {
  it('waits from a 503 DATABASE_UNAVAILABLE (keeping its Retry-After) until the next successful answer', async () => {
    const seen: boolean[] = [];
    const unsubscribe = databaseOutage.subscribe(() => seen.push(databaseOutage.isWaiting()));
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({
            type: 'https://vpp-console.dev/problems/database-unavailable',
            title: 'The database cannot be reached right now',
            status: 503,
            detail: 'The database cannot be reached right now. Try again in a few seconds.',
            code: 'DATABASE_UNAVAILABLE',
            retryAfterSeconds: 7,
          }),
          { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '7' } },
        ),
    );
    const error = await apiCommand('/api/tokens').catch((caught: unknown) => caught);
    expect(isDatabaseUnavailableError(error)).toBe(true);
    expect(databaseOutage.isWaiting()).toBe(true);
    expect(databaseOutage.retryAfterSeconds()).toBe(7);

    // Another error (a 409) says nothing about the database: still waiting.
    vi.stubGlobal('fetch', async () =>
      answer(409, { type: 't', title: 't', status: 409, detail: 'd', code: 'CONFLICT' }),
    );
    await apiCommand('/api/tokens').catch(() => {});
    expect(databaseOutage.isWaiting()).toBe(true);

    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    await apiCommand('/api/tokens');
    expect(databaseOutage.isWaiting()).toBe(false);
    expect(seen).toEqual([true, false]);
    unsubscribe();
  });
});
