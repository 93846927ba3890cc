import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, openSignedIn, resetLocale, screenshot } from './support/console.ts';
import { demoToken, removeTokens, uploadToken } from './support/demo-tokens.ts';

// Reclaim ("Terugvorderen"): the candidates of a rule with the money they would free, a dry run that
// changes nothing, a reclaim in the list with Undo for an admin; a manager reads in Dutch. The demo
// school's devices are not in the inventory, so "Device unenrolled or deleted" finds its device
// licenses. The reclaim itself takes two chosen licenses through the API (the page's "Reclaim all"
// would take every one), then the admin undoes it on the page. EN and NL, desktop and phone.

const SCHOOL = 'Lincoln Elementary School';
const TOKEN_NAME = 'Lincoln Elementary (reclaim)';

async function signedIn(request: APIRequestContext, who = ADMIN) {
  expect((await request.post('/api/auth/login', { data: who })).ok()).toBe(true);
}

interface Candidate {
  id: string;
  storeAppId: string;
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signedIn(admin);
  const school = await demoToken(SCHOOL);
  await removeTokens(admin, [school]);
  const tokenId = await uploadToken(admin, school, {
    takeOver: true,
    name: TOKEN_NAME,
    appleId: 'it@lincoln.springfield.example',
    type: 'EDUCATION',
    categories: 'Schools',
  });
  await expect
    .poll(
      async () => {
        const response = await admin.get('/api/reclaim/candidates', {
          params: { rule: 'DEVICE_GONE', tokenId },
        });
        return ((await response.json()) as { total: number }).total;
      },
      { message: 'the first sync brings the device licenses', timeout: 60_000 },
    )
    .toBeGreaterThan(1);
  const list = (await (
    await admin.get('/api/reclaim/candidates', { params: { rule: 'DEVICE_GONE', tokenId } })
  ).json()) as { items: Candidate[] };
  const mine = list.items;
  // A price, so the page shows money.
  expect(
    (
      await admin.put(`/api/store-apps/${mine[0]!.storeAppId}/price`, { data: { unitPriceMinor: 1999 } })
    ).ok(),
  ).toBe(true);
  const reclaimed = await admin.post('/api/reclaim', {
    data: { candidateIds: mine.slice(0, 2).map((item) => item.id), dryRun: false },
  });
  expect(reclaimed.ok()).toBe(true);
  await admin.dispose();
});

function region(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test.describe
  .serial('reclaim', () => {
    test('an admin previews a rule with a dry run and undoes a reclaim', async ({ page }) => {
      await openSignedIn(page, ADMIN, 'Dashboard');
      await mainNavigation(page).getByRole('link', { name: 'Reclaim' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Reclaim licenses' })).toBeVisible();

      const candidates = region(page, 'Candidates');
      await candidates.getByLabel('Rule').selectOption('DEVICE_GONE');
      await candidates.getByLabel('Token').selectOption({ label: TOKEN_NAME });
      await expect(candidates.getByRole('row').filter({ hasText: TOKEN_NAME }).first()).toBeVisible();
      await expect(candidates).toContainText('Not in the inventory (deleted or removed)');
      await expect(candidates).toContainText('€');
      await candidates.getByRole('button', { name: 'Dry run' }).click();
      await expect(candidates.getByRole('status')).toContainText('Dry run: would take back');
      await expect(candidates.getByRole('status')).toContainText('Nothing was changed.');

      // "Device not seen" takes days; a bad number is refused on the page.
      await candidates.getByLabel('Rule').selectOption('DEVICE_NOT_SEEN');
      await candidates.getByLabel('Days').fill('0');
      await expect(candidates.getByText('Enter a whole number of days from 1 to 3650.')).toBeVisible();
      await candidates.getByLabel('Days').fill('30');
      await candidates.getByLabel('Rule').selectOption('DEVICE_GONE');
      await screenshot(page, 'reclaim-en', { fullPage: false });

      const reclaims = region(page, 'Reclaims');
      const row = reclaims.getByRole('row').filter({ hasText: 'Chosen licenses' }).first();
      await expect(row).toContainText('admin@example.test');
      await row.getByRole('button', { name: /^Undo/ }).click();
      await expect(reclaims.getByRole('status')).toContainText('Undone: 2 licenses assigned again.');
      await expect(row).toContainText('Undone');
    });

    test('a manager reads the reclaim page in Dutch, on a desktop and on a phone, without actions', async ({
      page,
    }) => {
      await openSignedIn(page, MANAGER, 'Dashboard');
      try {
        expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
        await page.goto('/reclaim');
        await expect(page.getByRole('heading', { level: 1, name: 'Licenties terugvorderen' })).toBeVisible();
        const candidates = region(page, 'Kandidaten');
        await candidates.getByLabel('Regel').selectOption('DEVICE_GONE');
        await candidates.getByLabel('Token').selectOption({ label: TOKEN_NAME });
        await expect(candidates.getByRole('row').filter({ hasText: TOKEN_NAME }).first()).toBeVisible();
        await expect(candidates).toContainText('Niet in de inventaris (verwijderd)');
        await expect(page.getByRole('button', { name: 'Proefrun' })).toHaveCount(0);
        await expect(page.getByRole('button', { name: 'Alles terugvorderen' })).toHaveCount(0);
        await expect(page.getByRole('button', { name: /^Ongedaan maken/ })).toHaveCount(0);
        await expect(region(page, 'Teruggevorderd')).toContainText('Ongedaan gemaakt op');
        await screenshot(page, 'reclaim-nl', { fullPage: false });
        await page.setViewportSize({ width: 390, height: 844 });
        await page.reload();
        await expect(page.getByRole('heading', { level: 1, name: 'Licenties terugvorderen' })).toBeVisible();
        await screenshot(page, 'reclaim-nl-phone');
      } finally {
        await resetLocale(page.request, MANAGER);
      }
    });

    test('an admin’s reclaim page on a phone, in English', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await openSignedIn(page, ADMIN, 'Dashboard');
      await page.goto('/reclaim');
      await expect(page.getByRole('heading', { level: 1, name: 'Reclaim licenses' })).toBeVisible();
      await region(page, 'Candidates').getByLabel('Rule').selectOption('DEVICE_GONE');
      await region(page, 'Candidates').getByLabel('Token').selectOption({ label: TOKEN_NAME });
      await expect(region(page, 'Candidates').getByRole('row').nth(1)).toBeVisible();
      await screenshot(page, 'reclaim-en-phone', { fullPage: false });
    });
  });
