import { expect, test } from '@playwright/test';
import { ADMIN, mainNavigation, openSignedIn, screenshot } from './support/console.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('on a narrow screen the navigation opens from the menu button', async ({ page }) => {
  await page.goto('/login');
  await screenshot(page, 'narrow-login');
  await openSignedIn(page, ADMIN, 'Dashboard');

  const menu = page.getByRole('button', { name: 'Open menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(mainNavigation(page)).toBeHidden();
  await screenshot(page, 'narrow-dashboard-admin');

  await menu.click();
  const close = page.getByRole('button', { name: 'Close menu' });
  await expect(close).toHaveAttribute('aria-expanded', 'true');
  await expect(mainNavigation(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(mainNavigation(page)).toBeHidden();
  await expect(menu).toBeFocused();

  await menu.click();
  await expect(mainNavigation(page)).toBeVisible();
  await screenshot(page, 'narrow-menu-open', { fullPage: false });

  await mainNavigation(page).getByRole('link', { name: 'Accounts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  await expect(mainNavigation(page)).toBeHidden();
  await screenshot(page, 'narrow-accounts');
});
