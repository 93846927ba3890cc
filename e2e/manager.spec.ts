import { expect, test } from '@playwright/test';
import { MANAGER, mainNavigation, openSignedIn, screenshot } from './support/console.ts';

test.describe('manager', () => {
  test.beforeEach(async ({ page }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
  });

  test('lands on the dashboard and sees no admin-only navigation or actions', async ({ page }) => {
    await expect(page).toHaveURL(/:\d+\/$/);
    await expect(mainNavigation(page).getByRole('link')).toContainText([
      'Dashboard',
      'Tokens',
      'License counts',
      'Licenses',
      'My account',
    ]);
    await expect(page.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Accounts' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Create account' })).toHaveCount(0);

    const header = page.getByRole('banner');
    await expect(header).toContainText('Mia Manager');
    await expect(header).toContainText('Manager');
    await mainNavigation(page).getByRole('link', { name: 'My account' }).click();
    await expect(page.getByRole('main')).toContainText(MANAGER.email);
    await screenshot(page, 'manager-my-account');
  });

  for (const [path, shot] of [
    ['/audit-log', 'manager-audit-log-not-allowed'],
    ['/settings/accounts', 'manager-accounts-not-allowed'],
  ] as const) {
    test(`a deep link to ${path} says it is not allowed and shows nothing of the page`, async ({ page }) => {
      const adminCalls: string[] = [];
      page.on('request', (request) => {
        if (/\/api\/(audit-log|users-admin)/.test(request.url())) adminCalls.push(request.url());
      });
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'Not allowed' })).toBeVisible();
      await expect(page.getByText('Your role (Manager) is not allowed to open this page.')).toBeVisible();
      await expect(page.getByRole('table')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Create account' })).toHaveCount(0);
      expect(adminCalls).toEqual([]);
      await screenshot(page, shot);

      await page.getByRole('link', { name: 'Go to My account' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
    });
  }

  test('changing the password asks for the current one and says when it is wrong', async ({ page }) => {
    await mainNavigation(page).getByRole('link', { name: 'My account' }).click();
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('a-brand-new-password');
    await page.getByLabel('Repeat new password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByLabel('Current password')).toHaveAccessibleDescription(
      'The current password is wrong.',
    );
    // A wrong password is a 401, but the session goes on.
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();

    await page.getByLabel('Current password').fill(MANAGER.password);
    await page.getByLabel('Repeat new password').fill('something-else-entirely');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByLabel('Repeat new password')).toHaveAccessibleDescription(
      'The two passwords are not the same.',
    );
    await screenshot(page, 'manager-password-errors');
  });
});
