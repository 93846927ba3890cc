import { expect, type Page, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, openSignedIn, resetLocale, screenshot } from './support/console.ts';
import {
  appCount,
  claimByAnotherMdm,
  type DemoToken,
  demoToken,
  removeTokens,
  restoreAppleSpeed,
  shownDate,
  slowDownApple,
  uploadToken,
} from './support/demo-tokens.ts';

const HQ = 'Northwind HQ (Seattle)';
const BERLIN = 'Northwind Warehouse (Berlin)';
const LINCOLN = 'Lincoln Elementary School';
const SPRINGFIELD = 'Springfield High School';

async function openTokens(page: Page) {
  await mainNavigation(page).getByRole('link', { name: 'Tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'VPP tokens' })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

function tokenRow(page: Page, name: string, table = 'VPP tokens') {
  return page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name }) });
}

function historyRows(page: Page) {
  // Each run is one <tbody> of the history table: its row, then its (hidden) changes.
  return page.getByRole('table', { name: 'Sync runs of this token, newest first' }).locator('tbody');
}

/** Fills the add-token form; the file is chosen last so the preview is what the reader saw last. */
async function fillAddForm(page: Page, token: DemoToken, name: string) {
  const dialog = page.getByRole('dialog', { name: 'Add VPP token' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Apple ID').fill('it-admin@northwind.example');
  await dialog.getByLabel('Token type').selectOption('BUSINESS');
  await dialog.getByLabel('Categories').fill('Sales, Seattle');
  await dialog.getByLabel('Description').fill('Licenses bought for the Seattle head office.');
  await dialog.getByLabel('Token file').setInputFiles(token.path);
  return dialog;
}

test.describe('tokens, as an admin', () => {
  test.beforeEach(async ({ page }) => {
    await openSignedIn(page, ADMIN, 'Dashboard');
    const locations = await Promise.all([HQ, BERLIN, LINCOLN, SPRINGFIELD].map(demoToken));
    await removeTokens(page.request, locations);
  });

  test.afterEach(async ({ page }) => {
    await restoreAppleSpeed(page.request);
  });

  test('uploads a demo token, watches it sync, syncs it again, edits, renews and deletes it', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const hq = await demoToken(HQ);
    const apps = await appCount(page.request, hq);
    await openTokens(page);
    await page.getByRole('button', { name: 'Add token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add VPP token' });
    await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();

    // Nothing filled in: each field says what it needs, checked before anything is sent.
    await dialog.getByRole('button', { name: 'Add token' }).click();
    await expect(dialog.getByLabel('Name', { exact: true })).toHaveAccessibleDescription(
      /Fill in this field\./,
    );
    await expect(dialog.getByLabel('Apple ID')).toHaveAccessibleDescription(/Enter a valid email address\./);
    await expect(dialog.getByLabel('Token file')).toHaveAccessibleDescription(/Choose the \.vpptoken file\./);

    // A file that is not a token is refused in the browser, at the field.
    await dialog.getByLabel('Token file').setInputFiles({
      name: 'notes.vpptoken',
      mimeType: 'text/plain',
      buffer: Buffer.from('These are my notes, not a token.\n'),
    });
    await expect(dialog.getByLabel('Token file')).toHaveAccessibleDescription(
      /This file is not a VPP token: a \.vpptoken file is one line of base64 text\./,
    );
    await expect(dialog.getByRole('alert').filter({ hasText: 'not a VPP token' })).toBeVisible();
    await screenshot(page, 'tokens-add-not-a-token', { fullPage: false });

    // The real file: its organisation and expiry are shown before saving, never the token itself.
    await fillAddForm(page, hq, 'Northwind HQ');
    const preview = dialog.getByRole('definition');
    await expect(dialog.getByRole('status')).toContainText('Organisation');
    await expect(preview.filter({ hasText: hq.content.orgName })).toBeVisible();
    await expect(preview.filter({ hasText: shownDate(hq.content.expDate) })).toBeVisible();
    await expect(dialog.getByLabel('Token file')).toHaveAccessibleDescription(
      new RegExp(`Northwind Traders.*${shownDate(hq.content.expDate)}`),
    );
    await expect(dialog).not.toContainText(hq.content.token);
    await screenshot(page, 'tokens-add-preview', { fullPage: false });

    // Saving opens the token's page, where its first (full) sync is followed until it finishes.
    await dialog.getByRole('button', { name: 'Add token' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Northwind HQ' })).toBeVisible();
    await expect(page).toHaveURL(/\/tokens\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('status').filter({ hasText: 'Token Northwind HQ added.' })).toBeVisible();
    const details = page.getByRole('region', { name: 'Token', exact: true });
    const sync = page.getByRole('region', { name: 'Sync', exact: true });
    await expect(sync.getByText('Full sync finished', { exact: true })).toBeVisible();
    await expect(details.getByRole('definition').filter({ hasText: 'Valid' })).toBeVisible();
    const lastSynced = sync.locator('.details__item').filter({ hasText: 'Last synced' });
    await expect(lastSynced.locator('time')).toBeVisible();
    await expect(details).toContainText('Northwind Traders');
    await expect(details).toContainText(HQ);
    await expect(details).toContainText('Sales');
    await expect(details).toContainText('Seattle');
    await expect(page.getByRole('main')).not.toContainText(hq.content.token);

    // The first run counted every app of the location.
    const firstRun = historyRows(page).first();
    await expect(historyRows(page)).toHaveCount(1);
    await expect(firstRun).toContainText('Full sync');
    await expect(firstRun).toContainText('After upload');
    await expect(firstRun).toContainText('Succeeded');
    await expect(firstRun).toContainText(`${apps} apps added`);
    await screenshot(page, 'token-page');

    // The changes of a run open from the keyboard too.
    await firstRun.getByRole('button', { name: /Show changes/ }).focus();
    await page.keyboard.press('Enter');
    const changes = page.getByRole('table', { name: 'Changes of this sync run' });
    await expect(changes.getByRole('row').filter({ hasText: 'App added' })).toHaveCount(apps);
    await expect(changes.getByRole('row').filter({ hasText: 'Microsoft Teams' }).first()).toBeVisible();
    await screenshot(page, 'token-sync-changes');
    await firstRun.getByRole('button', { name: /Hide changes/ }).click();
    await expect(changes).toBeHidden();

    // A manual sync, slowed down at Apple so that its progress can be watched.
    await slowDownApple(page.request, 700);
    await page.getByRole('button', { name: 'Sync now' }).click();
    // The button says the sync is running and keeps the keyboard focus meanwhile.
    const syncing = page.getByRole('button', { name: 'Syncing…' });
    await expect(syncing).toHaveAttribute('aria-disabled', 'true');
    await expect(syncing).toBeFocused();
    await expect(sync.getByText('Full sync running', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(sync.getByText('Pages fetched')).toBeVisible();
    await screenshot(page, 'token-sync-running');
    await expect(sync.getByText('Full sync finished', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole('button', { name: 'Sync now' })).toHaveAttribute('aria-disabled', 'false');
    await restoreAppleSpeed(page.request);
    await expect(historyRows(page)).toHaveCount(2);
    await expect(historyRows(page).first()).toContainText('Manual');
    await expect(historyRows(page).first()).toContainText('Succeeded');
    await screenshot(page, 'token-manual-sync');

    // Edit: the admin's own fields.
    await page.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit VPP token' });
    await expect(edit.getByLabel('Categories')).toHaveValue('Sales, Seattle');
    await edit.getByLabel('Name', { exact: true }).fill('');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByLabel('Name', { exact: true })).toHaveAccessibleDescription('Fill in this field.');
    await edit.getByLabel('Name', { exact: true }).fill('Northwind HQ Seattle');
    await edit.getByLabel('Categories').fill('Sales, Head office');
    await screenshot(page, 'token-edit', { fullPage: false });
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByRole('heading', { level: 1, name: 'Northwind HQ Seattle' })).toBeVisible();
    await expect(details).toContainText('Head office');

    // Renew: a file of another location is refused at the field; the location's own file renews it.
    const berlin = await demoToken(BERLIN);
    await page.getByRole('button', { name: 'Renew' }).click();
    const renew = page.getByRole('dialog', { name: 'Renew VPP token' });
    await renew.getByLabel('New token file').setInputFiles(berlin.path);
    await expect(renew.getByRole('status')).toContainText(berlin.content.orgName);
    await renew.getByRole('button', { name: 'Renew' }).click();
    await expect(renew.getByLabel('New token file')).toHaveAccessibleDescription(
      /This file is for another location\. This token is for Northwind HQ \(Seattle\): add the file as a new token instead\./,
    );
    await screenshot(page, 'token-renew-mismatch', { fullPage: false });
    await renew.getByLabel('New token file').setInputFiles(hq.path);
    await renew.getByRole('button', { name: 'Renew' }).click();
    await expect(renew).toBeHidden();
    await expect(
      page.getByRole('status').filter({ hasText: 'Token Northwind HQ Seattle renewed.' }),
    ).toBeVisible();
    await expect(sync.getByText('Full sync finished', { exact: true })).toBeVisible();
    await expect(historyRows(page)).toHaveCount(3);

    // Delete: the dialog shows what goes with the token before the admin confirms.
    await page.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('alertdialog', { name: 'Delete VPP token' });
    await expect(remove.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const removedApps = remove.locator('.details__item').filter({ hasText: /^Apps/ });
    await expect(removedApps).toContainText(String(apps));
    await expect(remove.locator('.details__item').filter({ hasText: 'Assigned licenses' })).toContainText(
      /\d/,
    );
    await expect(remove.getByRole('button', { name: 'Delete token' })).toBeEnabled();
    await screenshot(page, 'token-delete-preview', { fullPage: false });
    await remove.getByRole('button', { name: 'Delete token' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'VPP tokens' })).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: 'Token Northwind HQ Seattle deleted.' }),
    ).toBeVisible();
    await expect(tokenRow(page, 'Northwind HQ Seattle')).toHaveCount(0);
  });

  test('the same file twice is refused as already added, at the file field', async ({ page }) => {
    const hq = await demoToken(HQ);
    await uploadToken(page.request, hq, {
      name: 'Northwind HQ',
      appleId: 'it@northwind.example',
      type: 'BUSINESS',
    });
    await openTokens(page);
    await page.getByRole('button', { name: 'Add token' }).click();
    const dialog = await fillAddForm(page, hq, 'Northwind HQ again');
    await dialog.getByRole('button', { name: 'Add token' }).click();
    await expect(dialog.getByLabel('Token file')).toHaveAccessibleDescription(
      /A VPP token for this location has already been added\./,
    );
    await expect(dialog.getByRole('alert').filter({ hasText: 'already been added' })).toBeVisible();
    await screenshot(page, 'tokens-add-already-added', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(tokenRow(page, 'Northwind HQ again')).toHaveCount(0);
  });

  test('a location another MDM manages is added only after confirming the take-over', async ({ page }) => {
    const berlin = await demoToken(BERLIN);
    await claimByAnotherMdm(page.request, berlin, 'Contoso MDM');
    await openTokens(page);
    await page.getByRole('button', { name: 'Add token' }).click();
    const dialog = await fillAddForm(page, berlin, 'Northwind Berlin');
    await dialog.getByRole('button', { name: 'Add token' }).click();
    const question = dialog.getByRole('alert').filter({ hasText: 'Used by another MDM' });
    await expect(question).toContainText('managed by another MDM: Contoso MDM');
    await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await screenshot(page, 'tokens-add-take-over', { fullPage: false });

    await question.getByRole('button', { name: 'Take over and add' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Northwind Berlin' })).toBeVisible();
    const details = page.getByRole('region', { name: 'Token', exact: true });
    const sync = page.getByRole('region', { name: 'Sync', exact: true });
    await expect(details).toContainText('None: this console manages the location');
    await expect(sync.getByText('Full sync finished', { exact: true })).toBeVisible();

    // The other MDM claims the location back: the next sync notices, and the page says so.
    await claimByAnotherMdm(page.request, berlin, 'Contoso MDM');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(details.getByRole('definition').filter({ hasText: 'Used elsewhere' })).toBeVisible({
      timeout: 15_000,
    });
    await expect(details).toContainText('Contoso MDM');
    const notice = page.locator('.status-notice');
    await expect(notice).toContainText('This token is used by another MDM.');
    await screenshot(page, 'token-in-use-elsewhere');

    // Taking it back is asked first, then syncs again.
    await notice.getByRole('button', { name: 'Take over…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Used by another MDM' });
    await expect(confirm).toContainText('managed by another MDM: Contoso MDM');
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await screenshot(page, 'token-take-back', { fullPage: false });
    await confirm.getByRole('button', { name: 'Take over' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Token Northwind Berlin taken over.' }),
    ).toBeVisible();
    await expect(details.getByRole('definition').filter({ hasText: 'Valid' })).toBeVisible();
    await expect(notice).toHaveCount(0);
  });

  test('filters the list by search, status, type and category, and pages through it', async ({ page }) => {
    const [hq, lincoln] = await Promise.all([demoToken(HQ), demoToken(LINCOLN)]);
    await uploadToken(page.request, hq, {
      name: 'Northwind HQ',
      appleId: 'it@northwind.example',
      type: 'BUSINESS',
      categories: 'Sales, Seattle',
    });
    await uploadToken(page.request, lincoln, {
      name: 'Lincoln Elementary',
      appleId: 'it@lincoln.springfield.example',
      type: 'EDUCATION',
      categories: 'Schools',
    });
    await openTokens(page);
    await expect(tokenRow(page, 'Northwind HQ')).toContainText('Valid');
    const lincolnRow = tokenRow(page, 'Lincoln Elementary');
    await expect(lincolnRow).toContainText('Expiring');
    await expect(lincolnRow).toContainText('The token expires in');
    await expect(lincolnRow).toContainText('Education');
    await expect(lincolnRow).toContainText(LINCOLN);
    await screenshot(page, 'tokens-list');

    const filters = page.getByRole('search');
    await filters.getByLabel('Type').selectOption('EDUCATION');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/type=EDUCATION/);
    await expect(lincolnRow).toBeVisible();
    await expect(tokenRow(page, 'Northwind HQ')).toHaveCount(0);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Status').selectOption('EXPIRING');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(lincolnRow).toBeVisible();
    await expect(tokenRow(page, 'Northwind HQ')).toHaveCount(0);

    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Category').selectOption('Sales');
    await filters.getByLabel('Search').fill('seattle');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/category=Sales/);
    await expect(tokenRow(page, 'Northwind HQ')).toBeVisible();
    await expect(lincolnRow).toHaveCount(0);
    await expect(page.getByText('1 token', { exact: true })).toBeVisible();
    await screenshot(page, 'tokens-filtered');

    await filters.getByLabel('Search').fill('no such token');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByText('No tokens match these filters.')).toBeVisible();

    // More tokens than a page holds: the list pages (50 a page), here checked with a played-back answer.
    await page.route('**/api/tokens?*', async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: `${url.origin}/api/tokens` });
      const body = (await response.json()) as { items: unknown[]; total: number };
      await route.fulfill({
        response,
        json: { ...body, total: 120, page: Number(url.searchParams.get('page') ?? 1), pageSize: 50 },
      });
    });
    await page.goto('/tokens');
    await expect(page.getByText('1–50 of 120')).toBeVisible();
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText('51–100 of 120')).toBeVisible();
  });

  test('recommends a manual sync in a banner on every page when the data is stale', async ({ page }) => {
    const [hq, lincoln] = await Promise.all([demoToken(HQ), demoToken(LINCOLN)]);
    const hqId = await uploadToken(page.request, hq, {
      name: 'Northwind HQ',
      appleId: 'it@northwind.example',
      type: 'BUSINESS',
    });
    const lincolnId = await uploadToken(page.request, lincoln, {
      name: 'Lincoln Elementary',
      appleId: 'it@lincoln.springfield.example',
      type: 'EDUCATION',
    });
    // Stale data takes a day to arise and a restore takes a database: the API's answer is played back.
    await page.route('**/api/sync-health', (route) =>
      route.fulfill({
        json: {
          recommendManualSync: true,
          staleAfterHours: 24,
          tokens: [
            {
              tokenId: lincolnId,
              tokenName: 'Lincoln Elementary',
              reason: 'STALE',
              since: '2026-03-01T06:30:00Z',
            },
            { tokenId: hqId, tokenName: 'Northwind HQ', reason: 'RESTORED', since: '2026-03-02T08:00:00Z' },
          ],
        },
      }),
    );
    await page.goto('/audit-log');
    const banner = page.getByRole('region', { name: 'A manual sync is recommended' });
    await expect(banner.getByRole('listitem')).toHaveText([
      /^Lincoln Elementary: last successful sync .+, more than 24 hours ago$/,
      /^Northwind HQ: the database seems to have been restored to an earlier state/,
    ]);
    await screenshot(page, 'sync-health-banner', { fullPage: false });
    await banner.getByRole('link', { name: 'Northwind HQ' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Northwind HQ' })).toBeVisible();
    await expect(banner).toBeVisible();
  });

  test.describe('in Dutch', () => {
    test.afterEach(async ({ request }) => {
      await resetLocale(request, ADMIN);
    });

    test('shows the token page and the add dialog in Dutch', async ({ page }) => {
      const lincoln = await demoToken(LINCOLN);
      await uploadToken(page.request, lincoln, {
        name: 'Lincoln Elementary',
        appleId: 'it@lincoln.springfield.example',
        type: 'EDUCATION',
        categories: 'Scholen',
      });
      expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
      await page.goto('/tokens');
      await expect(page.getByRole('heading', { level: 1, name: 'VPP-tokens' })).toBeVisible();
      await expect(tokenRow(page, 'Lincoln Elementary', 'VPP-tokens')).toContainText('Verloopt binnenkort');
      await screenshot(page, 'tokens-list-nl');

      await tokenRow(page, 'Lincoln Elementary', 'VPP-tokens').getByRole('link').click();
      await expect(page.getByRole('heading', { level: 1, name: 'Lincoln Elementary' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Nu synchroniseren' })).toBeVisible();
      await expect(page.getByRole('region', { name: 'Synchronisatiegeschiedenis' })).toContainText(
        'Na uploaden',
      );
      await screenshot(page, 'token-page-nl');

      await page.getByRole('link', { name: 'Alle VPP-tokens' }).click();
      await page.getByRole('button', { name: 'Token toevoegen' }).click();
      const dialog = page.getByRole('dialog', { name: 'VPP-token toevoegen' });
      await dialog.getByLabel('Tokenbestand').setInputFiles(lincoln.path);
      await expect(dialog.getByRole('status')).toContainText('Springfield Unified School District');
      // The name starts as the file's organisation; cleared, it is required again.
      await expect(dialog.getByLabel('Naam')).toHaveValue('Springfield Unified School District');
      await dialog.getByLabel('Naam').fill('');
      await dialog.getByRole('button', { name: 'Token toevoegen' }).click();
      await expect(dialog.getByLabel('Naam')).toHaveAccessibleDescription(/Vul dit veld in\./);
      await screenshot(page, 'tokens-add-nl', { fullPage: false });
    });
  });
});

test.describe('tokens, as a manager', () => {
  test('sees the tokens and their history, with no way to change them', async ({ page, playwright }) => {
    // An admin adds a token through the API; the manager only reads.
    const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    expect((await admin.post('/api/auth/login', { data: ADMIN })).ok()).toBe(true);
    const springfield = await demoToken(SPRINGFIELD);
    await removeTokens(admin, [springfield]);
    await uploadToken(admin, springfield, {
      name: 'Springfield High',
      appleId: 'it@shs.springfield.example',
      type: 'EDUCATION',
      categories: 'Schools',
    });

    await openSignedIn(page, MANAGER, 'Dashboard');
    await expect(mainNavigation(page).getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await openTokens(page);
    await expect(tokenRow(page, 'Springfield High')).toContainText('Education');
    await expect(page.getByRole('button', { name: 'Add token' })).toHaveCount(0);
    await screenshot(page, 'manager-tokens');

    await tokenRow(page, 'Springfield High').getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Springfield High' })).toBeVisible();
    await expect(historyRows(page).first()).toContainText('After upload');
    for (const name of ['Sync now', 'Edit', 'Renew', 'Delete']) {
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
    await screenshot(page, 'manager-token-page');

    await removeTokens(admin, [springfield]);
    await admin.dispose();
  });
});

test.describe('tokens, on a narrow screen', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the list and the token page fit a phone', async ({ page }) => {
    await openSignedIn(page, ADMIN, 'Dashboard');
    const hq = await demoToken(HQ);
    await removeTokens(page.request, [hq]);
    const id = await uploadToken(page.request, hq, {
      name: 'Northwind HQ',
      appleId: 'it@northwind.example',
      type: 'BUSINESS',
      categories: 'Sales',
    });
    await page.goto('/tokens');
    await expect(tokenRow(page, 'Northwind HQ')).toContainText('Valid');
    await screenshot(page, 'narrow-tokens');

    await page.goto(`/tokens/${id}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Northwind HQ' })).toBeVisible();
    await expect(historyRows(page).first()).toContainText('Succeeded');
    await screenshot(page, 'narrow-token-page');
    await removeTokens(page.request, [hq]);
  });
});
