import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiCommand } from '../src/lib/api-client.ts';

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
