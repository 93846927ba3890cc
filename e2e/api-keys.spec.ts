import { expect, test } from '@playwright/test';
import { ADMIN, openSignedIn, screenshot } from './support/console.ts';

// Settings → API keys: an admin creates a key (shown once, with a copy button), a script uses it as a
// bearer, the list shows when it was last used, and revoking it shuts the script out.

test('an admin creates an API key, sees it once, and revokes it', async ({ page, context }) => {
  test.setTimeout(120_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openSignedIn(page, ADMIN, 'Dashboard');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'API keys' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'API keys' })).toBeVisible();

  const name = `Nightly report ${Date.now()}`;
  await page.getByRole('button', { name: 'Create API key' }).click();
  const form = page.getByRole('dialog', { name: 'Create an API key' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Role').selectOption('manager');
  await form.getByRole('button', { name: 'Create API key' }).click();

  const shown = page.getByRole('dialog', { name: `API key "${name}" created` });
  const key = await shown.getByLabel('API key').inputValue();
  expect(key).toMatch(/^vpp_[A-Za-z0-9_-]{43}$/);
  await shown.getByRole('button', { name: 'Copy key' }).click();
  await expect(shown.getByText('The key is copied.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await screenshot(page, 'api-key-created', { fullPage: false });
  await shown.getByRole('button', { name: 'Done' }).click();

  // A script uses it (no cookie: a fresh request context).
  const script = await page.context().request.get('/api/tokens', {
    headers: { authorization: `Bearer ${key}` },
    failOnStatusCode: false,
  });
  expect(script.status()).toBe(200);

  const row = page.getByRole('row').filter({ hasText: name });
  await page.reload();
  await expect(row).toContainText('Active');
  await expect(row).not.toContainText('Never');
  await expect(page.getByText(key)).toHaveCount(0);
  await screenshot(page, 'api-keys');

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await page
    .getByRole('alertdialog', { name: 'Revoke API key' })
    .getByRole('button', { name: 'Revoke' })
    .click();
  await expect(page.getByText(`The API key "${name}" is revoked.`)).toBeVisible();
  await expect(row).toContainText('Revoked');
  const refused = await page.context().request.get('/api/tokens', {
    headers: { authorization: `Bearer ${key}` },
    failOnStatusCode: false,
  });
  expect(refused.status()).toBe(401);
});
