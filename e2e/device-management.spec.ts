import { expect, type Page, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, resetLocale, screenshot, signIn } from './support/console.ts';

// Settings → Device management: an admin saves the MDM server (keys never shown again), tests the
// connection (a clear problem when it does not answer), reads the flags to start NanoMDM/NanoHUB
// with, and goes back to the server's MDM_* settings. The e2e server's own device side (the
// emulator's generic fleet from MDM_*) is restored at the end, so other specs are unaffected.

async function openPage(page: Page, link: string, heading: string) {
  await mainNavigation(page).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByText(/Loading…|Laden…/)).toHaveCount(0);
}

test.afterEach(async ({ request }) => {
  await resetLocale(request, ADMIN);
  const login = await request.post('/api/auth/login', { data: ADMIN });
  expect(login.ok()).toBe(true);
  await request.delete('/api/settings/device-management');
  await request.post('/api/auth/logout');
});

for (const viewport of [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
]) {
  test(`an admin saves and tests the MDM server, in English and Dutch (${viewport.name})`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page).not.toHaveURL(/\/login/);
    if (viewport.name === 'phone') await page.getByRole('button', { name: 'Open menu' }).click();
    await openPage(page, 'Device management', 'Device management');
    await expect(page.getByTestId('device-management-source')).toHaveText(
      "From the server's MDM_* settings. Saving here overrides them.",
    );
    await expect(page.getByTestId('webhook-url')).toHaveText(/\/api\/mdm\/nanomdm\/webhook$/);
    await expect(page.getByText('-webhook-hmac-key "$WEBHOOK_HMAC_KEY"').first()).toBeVisible();

    // A short HMAC key is refused before anything is sent.
    await page.getByLabel('Kind of server').selectOption('nanomdm');
    await page.getByLabel('Server URL').fill('http://127.0.0.1:9');
    await page.getByLabel('API key', { exact: true }).fill('e2e-api-key-never-shown');
    await page.getByLabel('Webhook HMAC key').fill('short');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Use at least 16 characters.')).toBeVisible();
    await page.getByLabel('Webhook HMAC key').fill('e2e-webhook-hmac-key-never-shown');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'The device management server has been saved.' }),
    ).toBeVisible();
    await expect(page.getByTestId('device-management-source')).toHaveText(
      'Saved on this page; it overrides the MDM_* settings of the server.',
    );
    // The keys are gone from the form and from the page.
    await expect(page.getByLabel('API key', { exact: true })).toHaveValue('');
    await expect(page.locator('body')).not.toContainText('e2e-api-key-never-shown');
    await expect(page.getByText('A key is saved. Leave empty to keep it.').first()).toBeVisible();

    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(
      page.getByRole('alert').filter({ hasText: 'The device management server did not answer.' }),
    ).toBeVisible();
    await screenshot(page, `device-management-${viewport.name}-en`);

    // The same page in Dutch.
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Apparaatbeheer' })).toBeVisible();
    await expect(
      page.getByText('Op deze pagina opgeslagen; gaat voor de MDM_*-instellingen van de server.'),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Verbinding testen' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'De MDM-server antwoordde niet.' })).toBeVisible();
    await screenshot(page, `device-management-${viewport.name}-nl`);

    await page.getByRole('button', { name: 'De MDM_*-instellingen van de server gebruiken' }).click();
    await expect(
      page.getByText('Uit de MDM_*-instellingen van de server. Opslaan op deze pagina gaat daarvoor.'),
    ).toBeVisible();
  });
}

test('a manager neither sees nor opens Device management', async ({ page }) => {
  await page.goto('/login');
  await signIn(page, MANAGER);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(mainNavigation(page).getByRole('link', { name: 'Device management' })).toHaveCount(0);
  expect((await page.request.get('/api/settings/device-management')).status()).toBe(403);
});
