import { mkdirSync } from 'node:fs';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, resetLocale, signIn } from './support/console.ts';
import {
  createPushCertificate,
  DEVICE_APP,
  ensureHqToken,
  runMark,
  serialNumbers,
  storeApp,
  uploadPushCertificate,
} from './support/deployments.ts';

// The truth a person sees (issue 9), in the browser: after an uninstall deployment releases the
// licenses, the install deployment shows its targets removed by it and both are finished; a
// macOS-only app is refused for iPads in the preview and never claimed or installed. In English and
// Dutch, with pictures under test-results/deployment-truth/.

const SHOTS = 'test-results/deployment-truth';
const MAC_ONLY_APP = 'Final Cut Pro';

async function shot(page: Page, name: string, fullPage = true) {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

function csv(lines: string[]) {
  return { name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

function targetRows(page: Page, caption = 'Targets of this deployment') {
  return page.getByRole('table', { name: caption }).locator('tbody tr');
}

function figure(scope: ReturnType<Page['getByRole']>, label: string) {
  return scope
    .locator('dt')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd');
}

/** Four iPads in a new device collection, through the API as automation would. */
async function iPadCollection(request: APIRequestContext, mark: string) {
  const serials = serialNumbers(mark, 4);
  const devices = await request.post('/api/devices/import', {
    multipart: {
      file: csv(['serialNumber,name,model', ...serials.map((serial) => `${serial},iPad ${serial},iPad Air`)]),
    },
  });
  expect(devices.status()).toBe(200);
  const collectionName = `Sales iPads ${mark}`;
  const collection = await request.post('/api/collections', {
    data: { name: collectionName, type: 'DEVICE' },
  });
  expect(collection.status()).toBe(201);
  const collectionId = ((await collection.json()) as { id: string }).id;
  const members = await request.post(`/api/collections/${collectionId}/members/import`, {
    multipart: { file: csv(['serialNumber', ...serials]) },
  });
  expect(members.status()).toBe(200);
  return { serials, collectionName, collectionId };
}

async function application(request: APIRequestContext, storeAppId: string, name: string) {
  const created = await request.post(`/api/store-apps/${storeAppId}/applications`, { data: { name } });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

async function deploymentBody(request: APIRequestContext, id: string) {
  const response = await request.get(`/api/deployments/${id}`);
  return (await response.json()) as {
    status: string;
    counts: Record<string, number>;
    targets: { state: string; removedBy: { deploymentId: string } | null }[];
  };
}

test.describe('the truth a person sees', () => {
  test.afterEach(async ({ request }) => {
    await resetLocale(request, ADMIN);
  });

  test('Teams on 4 iPads, then an uninstall: the install shows its targets removed, both finished', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    const certificate = createPushCertificate();
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page).not.toHaveURL(/\/login/);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const mark = runMark();
    const { id: tokenId } = await ensureHqToken(page.request);
    const teams = await storeApp(page.request, tokenId, DEVICE_APP);
    const applicationName = `Teams ${mark}`;
    const applicationId = await application(page.request, teams.id, applicationName);
    const { collectionName, collectionId } = await iPadCollection(page.request, mark);
    const created = await page.request.post('/api/deployments', {
      data: { applicationId, collectionId, action: 'INSTALL', purpose: 'REQUIRED' },
    });
    expect(created.status()).toBe(201);
    const installId = ((await created.json()) as { id: string }).id;

    // Installed on every iPad: 100%, and finished, not "Active" for ever.
    await page.goto(`/deployments/${installId}`);
    await expect(page.getByRole('heading', { level: 1, name: `Install: ${applicationName}` })).toBeVisible();
    await expect(targetRows(page).filter({ hasText: 'Installed' })).toHaveCount(4, { timeout: 60_000 });
    const progress = page.getByRole('region', { name: 'Progress' });
    await expect(figure(progress, 'Installed')).toHaveText('4 (100%)');
    const details = page.getByRole('region', { name: 'Deployment', exact: true });
    await expect(details.getByText('Finished', { exact: true })).toBeVisible();
    await shot(page, 'teams-installed-en');

    // The uninstall, from the install's page.
    await page.getByRole('button', { name: 'Uninstall…' }).click();
    const form = page.getByRole('dialog', { name: `Deploy ${applicationName}` });
    await expect(form.getByRole('radio', { name: collectionName })).toBeChecked();
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect(form.getByRole('region', { name: /Preview/ })).toContainText(
      'An uninstall claims no licenses.',
    );
    await form.getByRole('button', { name: 'Deploy uninstall' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Uninstall: ${applicationName}` }),
    ).toBeVisible();
    await expect(targetRows(page).filter({ hasText: 'License released' })).toHaveCount(4, {
      timeout: 60_000,
    });
    await expect(details.getByText('Finished', { exact: true })).toBeVisible();
    const uninstallUrl = page.url();
    await shot(page, 'teams-uninstalled-en');

    // Back on the install: nothing installed any more, each target names the uninstall.
    await page.goto(`/deployments/${installId}`);
    await expect(targetRows(page).filter({ hasText: 'Removed' })).toHaveCount(4);
    await expect(figure(progress, 'Installed')).toHaveText('0');
    await expect(figure(progress, 'Removed')).toHaveText('4 (100%)');
    await expect(details.getByText('Finished', { exact: true })).toBeVisible();
    const removedBy = targetRows(page).first();
    await expect(removedBy).toContainText('Removed by deployment');
    await shot(page, 'teams-install-removed-en');
    await removedBy.getByRole('link', { name: `Uninstall to ${collectionName}` }).click();
    await expect(page).toHaveURL(uninstallUrl);
    const api = await deploymentBody(page.request, installId);
    expect(api.status).toBe('FINISHED');
    expect(api.counts).toEqual({ REMOVED: 4 });

    // The application lists both as finished.
    await page.goto(`/applications/${applicationId}`);
    const deployments = page.getByRole('table', { name: 'Deployments of this application, newest first' });
    await expect(deployments.locator('tbody tr')).toHaveCount(2);
    await expect(deployments.locator('tbody tr').nth(1)).toContainText('4 removed');
    await expect(deployments.getByText('Finished', { exact: true })).toHaveCount(2);
    await shot(page, 'teams-application-en');

    // The same in Dutch.
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.goto(`/deployments/${installId}`);
    const rows = targetRows(page, 'Doelen van deze implementatie');
    await expect(rows.filter({ hasText: 'Verwijderd' })).toHaveCount(4);
    await expect(rows.first()).toContainText('Verwijderd door implementatie');
    await expect(
      rows.first().getByRole('link', { name: `Verwijderen naar ${collectionName}` }),
    ).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'Implementatie', exact: true }).getByText('Voltooid', { exact: true }),
    ).toBeVisible();
    await shot(page, 'teams-install-removed-nl');
  });

  test('Final Cut Pro (macOS only) to iPads: refused in the preview, no license, never installed', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page).not.toHaveURL(/\/login/);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const mark = runMark();
    const { id: tokenId } = await ensureHqToken(page.request);
    const finalCut = await storeApp(page.request, tokenId, MAC_ONLY_APP);
    const applicationName = `Final Cut Pro ${mark}`;
    const applicationId = await application(page.request, finalCut.id, applicationName);
    const { collectionName, serials } = await iPadCollection(page.request, mark);

    await page.goto(`/applications/${applicationId}`);
    await page.getByRole('button', { name: 'Deploy' }).click();
    const form = page.getByRole('dialog', { name: `Deploy ${applicationName}` });
    await form.getByLabel('Find a collection').fill(collectionName);
    await form.getByRole('radio', { name: collectionName }).check();
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('region', { name: /Preview/ });
    await expect(figure(preview, 'New claims')).toHaveText('0');
    await expect(preview).toContainText('4 targets cannot run this app on their platform');
    const failing = preview.getByRole('table', { name: '4 targets will fail' });
    await expect(failing.locator('tbody tr')).toHaveCount(4);
    await expect(failing.locator('tbody tr').first()).toContainText(serials[0] ?? '');
    await expect(failing.locator('tbody tr').first()).toContainText('PLATFORM_NOT_SUPPORTED');
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'final-cut-preview-en', false);

    // Deployed anyway: every target fails at once with the reason, nothing is claimed.
    await form.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Install: ${applicationName}` })).toBeVisible();
    await expect(targetRows(page).filter({ hasText: 'Failed' })).toHaveCount(4);
    await expect(targetRows(page).first()).toContainText('The app does not run on this platform');
    await expect(
      page.getByRole('region', { name: 'Deployment', exact: true }).getByText('Finished', { exact: true }),
    ).toBeVisible();
    await shot(page, 'final-cut-deployment-en');
    const after = await storeApp(page.request, tokenId, MAC_ONLY_APP);
    expect(after.availableCount).toBe(finalCut.availableCount);

    // In Dutch.
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.reload();
    await expect(
      targetRows(page, 'Doelen van deze implementatie').filter({ hasText: 'Mislukt' }),
    ).toHaveCount(4);
    await expect(targetRows(page, 'Doelen van deze implementatie').first()).toContainText(
      'De app draait niet op dit platform',
    );
    await shot(page, 'final-cut-deployment-nl');
    await page.goto(`/applications/${applicationId}`);
    await page.getByRole('button', { name: 'Implementeren' }).click();
    const dutch = page.getByRole('dialog', { name: `${applicationName} implementeren` });
    await dutch.getByLabel('Verzameling zoeken').fill(collectionName);
    await dutch.getByRole('radio', { name: collectionName }).check();
    await dutch.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    const dutchPreview = dutch.getByRole('region', { name: /Voorbeeld/ });
    await expect(dutchPreview).toContainText('4 doelen kunnen deze app op hun platform niet uitvoeren');
    await dutchPreview.scrollIntoViewIfNeeded();
    await shot(page, 'final-cut-preview-nl', false);
  });
});
