import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type APIRequestContext, expect } from '@playwright/test';
import { type DemoToken, demoToken, uploadToken } from './demo-tokens.ts';

// Helpers for the deployment tests: an MDM push certificate, a synced demo token, and (through the
// API, as automation would) the inventory and deployments a test starts from.

export const HQ = 'Northwind HQ (Seattle)';
export const HQ_TOKEN_NAME = 'Northwind HQ';
/** A Business app of the HQ demo location that supports device licensing, with licenses to spare. */
export const DEVICE_APP = 'Microsoft Teams';

/** A short mark that makes serial numbers and names of this run unique on a server that kept its data. */
export function runMark(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}`
    .toUpperCase()
    .slice(-7);
}

/** Serial numbers (8 to 14 letters and digits) of this run. */
export function serialNumbers(mark: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => `E2E${mark}${String(index + 1).padStart(2, '0')}`);
}

/**
 * A self-signed certificate shaped like an MDM push certificate (topic `com.apple.mgmt.…` as the
 * subject's UID), written to a temporary file by openssl.
 */
export function createPushCertificate(): { path: string; pem: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vpp-e2e-apns-'));
  const certificate = path.join(dir, 'push-certificate.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'push-key.pem'),
      '-out',
      certificate,
      '-days',
      '365',
      '-subj',
      '/UID=com.apple.mgmt.External.e2e/CN=APSP:e2e',
    ],
    { stdio: 'ignore' },
  );
  return {
    path: certificate,
    pem: readFileSync(certificate, 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function uploadPushCertificate(request: APIRequestContext, pem: string): Promise<void> {
  const response = await request.put('/api/apns-certificate', { data: { certificate: pem } });
  expect(response.status(), await response.text()).toBe(200);
}

interface ListedToken {
  id: string;
  locationName: string;
  lastSuccessfulSyncAt: string | null;
}

/** Waits until the token's first sync has finished, so its apps are listed. */
export async function waitForSync(request: APIRequestContext, tokenId: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/tokens/${tokenId}`);
        return ((await response.json()) as ListedToken).lastSuccessfulSyncAt !== null;
      },
      { message: 'the token finishes its first sync', timeout: 60_000 },
    )
    .toBe(true);
}

/** The HQ demo token, uploaded and synced unless an earlier test left it in place. */
export async function ensureHqToken(request: APIRequestContext): Promise<{ id: string; token: DemoToken }> {
  const hq = await demoToken(HQ);
  const list = await request.get('/api/tokens', { params: { pageSize: 500 } });
  const { items } = (await list.json()) as { items: ListedToken[] };
  const existing = items.find((item) => item.locationName === HQ);
  const id =
    existing?.id ??
    (await uploadToken(request, hq, {
      name: HQ_TOKEN_NAME,
      appleId: 'it@northwind.example',
      type: 'BUSINESS',
    }));
  await waitForSync(request, id);
  return { id, token: hq };
}

export interface ListedStoreApp {
  id: string;
  name: string;
  availableCount: number;
  deviceAssignable: boolean;
}

/** The store-app row of an app bought with one token. */
export async function storeApp(
  request: APIRequestContext,
  tokenId: string,
  name: string,
): Promise<ListedStoreApp> {
  const response = await request.get('/api/store-apps', { params: { tokenId, search: name } });
  expect(response.ok()).toBe(true);
  const { items } = (await response.json()) as { items: ListedStoreApp[] };
  const app = items.find((item) => item.name === name);
  if (!app) throw new Error(`The token has no app named ${name}`);
  return app;
}

function csv(lines: string[]) {
  return { name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

export interface SeededDeployment {
  applicationId: string;
  applicationName: string;
  collectionId: string;
  collectionName: string;
  deploymentId: string;
  serials: string[];
}

/**
 * What an admin's automation would set up: an application of the device-licensing app, a device
 * collection of three new devices, and a required install to it, followed until every target is
 * installed.
 */
export async function seedInstalledDeployment(
  request: APIRequestContext,
  mark: string,
): Promise<SeededDeployment> {
  const { id: tokenId } = await ensureHqToken(request);
  const app = await storeApp(request, tokenId, DEVICE_APP);
  const applicationName = `Teams ${mark}`;
  const application = await request.post(`/api/store-apps/${app.id}/applications`, {
    data: { name: applicationName },
  });
  expect(application.status()).toBe(201);
  const applicationId = ((await application.json()) as { id: string }).id;

  const serials = serialNumbers(mark, 3);
  const devices = await request.post('/api/devices/import', {
    multipart: {
      file: csv(['serialNumber,name,model', ...serials.map((serial) => `${serial},iPad ${serial},iPad Air`)]),
    },
  });
  expect(devices.status()).toBe(200);
  const collectionName = `Front desk iPads ${mark}`;
  const collection = await request.post('/api/collections', {
    data: { name: collectionName, type: 'DEVICE' },
  });
  expect(collection.status()).toBe(201);
  const collectionId = ((await collection.json()) as { id: string }).id;
  const members = await request.post(`/api/collections/${collectionId}/members/import`, {
    multipart: { file: csv(['serialNumber', ...serials]) },
  });
  expect(members.status()).toBe(200);

  const deployment = await request.post('/api/deployments', {
    data: { applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' },
  });
  expect(deployment.status(), await deployment.text()).toBe(201);
  const deploymentId = ((await deployment.json()) as { id: string }).id;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/deployments/${deploymentId}`);
        return ((await response.json()) as { counts: Record<string, number> }).counts.INSTALLED ?? 0;
      },
      { message: 'every target is installed', timeout: 60_000 },
    )
    .toBe(serials.length);
  return { applicationId, applicationName, collectionId, collectionName, deploymentId, serials };
}

/**
 * A new person without a Managed Apple ID in a user collection, deployed a free app to: Apple
 * registers them, and they stay Registered with an invitation until they accept it.
 */
export async function seedRegisteredPerson(
  request: APIRequestContext,
  mark: string,
): Promise<{ email: string }> {
  const { id: tokenId } = await ensureHqToken(request);
  const email = `invited-${mark.toLowerCase()}@northwind.example`;
  const person = await request.post('/api/people', { data: { email, displayName: `Invited ${mark}` } });
  expect(person.status(), await person.text()).toBe(201);
  const collection = await request.post('/api/collections', {
    data: { name: `Invited people ${mark}`, type: 'USER' },
  });
  const collectionId = ((await collection.json()) as { id: string }).id;
  const members = await request.post(`/api/collections/${collectionId}/members/import`, {
    multipart: { file: csv(['email', email]) },
  });
  expect(members.status()).toBe(200);
  // A free app: unlimited licenses, so runs on a server that kept its data never run out.
  const app = await storeApp(request, tokenId, 'Keynote');
  const application = await request.post(`/api/store-apps/${app.id}/applications`, {
    data: { name: `Keynote ${mark}` },
  });
  const applicationId = ((await application.json()) as { id: string }).id;
  const deployment = await request.post('/api/deployments', {
    data: { applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' },
  });
  expect(deployment.status(), await deployment.text()).toBe(201);
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/people', { params: { search: email } });
        const { items } = (await response.json()) as { items: { vppStatus: string }[] };
        return items[0]?.vppStatus;
      },
      { message: 'Apple registers the person', timeout: 60_000 },
    )
    .toBe('REGISTERED');
  return { email };
}
