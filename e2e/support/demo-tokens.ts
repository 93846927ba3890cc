import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type APIRequestContext, expect } from '@playwright/test';

// scripts/e2e-server.ts copies the emulator's demo `.vpptoken` files here, with a manifest.
const DEMO_TOKENS_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '.demo-tokens',
  process.env.E2E_PORT ?? '8181',
);

export interface DemoLocation {
  file: string;
  locationId: string;
  locationName: string;
}

interface DemoManifest {
  controlUrl: string;
  locations: DemoLocation[];
}

/** The demo organisation's locations; the server writes them just after it answers /readyz. */
async function manifest(): Promise<DemoManifest> {
  const file = path.join(DEMO_TOKENS_DIR, 'manifest.json');
  let text = '';
  await expect
    .poll(
      async () => {
        text = await readFile(file, 'utf8').catch(() => '');
        return text.length > 0;
      },
      { message: `the e2e server writes ${file}`, timeout: 15_000 },
    )
    .toBe(true);
  return JSON.parse(text) as DemoManifest;
}

export interface DemoToken extends DemoLocation {
  /** The `.vpptoken` file to upload. */
  path: string;
  /** What the file holds, decoded as Apple writes it; only the test reads `token`. */
  content: { token: string; expDate: string; orgName: string };
}

/** One demo location's token file, by the location's name (e.g. "Northwind HQ (Seattle)"). */
export async function demoToken(locationName: string): Promise<DemoToken> {
  const location = (await manifest()).locations.find((entry) => entry.locationName === locationName);
  if (!location) throw new Error(`The demo organisation has no location named ${locationName}`);
  const file = path.join(DEMO_TOKENS_DIR, location.file);
  const base64 = (await readFile(file, 'utf8')).trim();
  const content = JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as DemoToken['content'];
  return { ...location, path: file, content };
}

/** The expiry a token file states, as the console shows a date in the tests' locale and time zone. */
export function shownDate(appleDate: string): string {
  const date = new Date(appleDate.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'Europe/Amsterdam' }).format(date);
}

/** The emulator's control API: what Apple, Apple Business Manager or another MDM would do. */
async function control(
  request: APIRequestContext,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  route: string,
  data?: unknown,
) {
  const { controlUrl } = await manifest();
  const response = await request.fetch(`${controlUrl}${route}`, {
    method,
    ...(data === undefined ? {} : { data }),
  });
  expect(response.ok(), `${method} ${route} on the emulator`).toBe(true);
  return response;
}

/** How many apps (assets) a location owns at Apple. */
export async function appCount(request: APIRequestContext, location: DemoLocation): Promise<number> {
  const response = await control(request, 'GET', `/locations/${location.locationId}`);
  const summary = (await response.json()) as { counts: { assets: number } };
  return summary.counts.assets;
}

/** Another MDM writes its mdmInfo on the location, as if it had taken the token. */
export async function claimByAnotherMdm(request: APIRequestContext, location: DemoLocation, mdmName: string) {
  await control(request, 'POST', `/locations/${location.locationId}/claim`, {
    mdmInfo: { id: `e2e-${Date.now()}`, name: mdmName, metadata: '1.0' },
  });
}

/** Every answer of Apple's API waits this long, so a sync takes a few seconds to watch. */
export async function slowDownApple(request: APIRequestContext, latencyMs: number) {
  await control(request, 'PUT', '/faults', { latencyMs });
}

export async function restoreAppleSpeed(request: APIRequestContext) {
  await control(request, 'DELETE', '/faults');
}

interface ListedToken {
  id: string;
  name: string;
  locationName: string;
}

/**
 * Deletes the console's tokens of these demo locations through the API (signed in as an admin), so
 * a test can add them again on a server that kept the data of an earlier run.
 */
export async function removeTokens(request: APIRequestContext, locations: DemoLocation[]): Promise<void> {
  const response = await request.get('/api/tokens', { params: { pageSize: 500 } });
  expect(response.ok()).toBe(true);
  const { items } = (await response.json()) as { items: ListedToken[] };
  const names = new Set(locations.map((location) => location.locationName));
  for (const token of items.filter((item) => names.has(item.locationName))) {
    expect((await request.delete(`/api/tokens/${token.id}`)).status()).toBe(204);
  }
}

export interface UploadFields {
  name: string;
  appleId: string;
  type: 'BUSINESS' | 'EDUCATION';
  categories?: string;
  takeOver?: boolean;
}

/** Adds a token through the API, as automation would; answers the token's id. */
export async function uploadToken(request: APIRequestContext, token: DemoToken, fields: UploadFields) {
  const response = await request.post('/api/tokens', {
    multipart: {
      name: fields.name,
      appleId: fields.appleId,
      type: fields.type,
      categories: fields.categories ?? '',
      ...(fields.takeOver ? { takeOver: 'true' } : {}),
      token: { name: path.basename(token.path), mimeType: 'text/plain', buffer: await readFile(token.path) },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}
