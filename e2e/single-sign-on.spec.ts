import { expect, test } from '@playwright/test';
import { mainNavigation, screenshot } from './support/console.ts';

// Single sign-on through the organisation's identity provider: the e2e server runs a real OpenID
// Provider (oidc-provider) beside the console, whose `sso-manager` person is in the `vpp-managers`
// group (OIDC_ROLE_MAP gives that group the manager role). Sign in there, land on the dashboard as a
// manager, sign out of the console and of the provider.

test.describe('single sign-on', () => {
  // Two sites and two sign-ins (and outs) in one test: slow on a busy machine.
  test.describe.configure({ timeout: 150_000 });

  test('signs in through the identity provider with the role the group gives, and out at both ends', async ({
    page,
  }) => {
    await page.goto('/login');
    const sso = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await expect(sso).toBeVisible();
    // The password form stays for local accounts.
    await expect(page.getByLabel('Password')).toBeVisible();
    await screenshot(page, 'login-sso');

    await sso.click();
    // The provider's own sign-in page (any password will do there).
    await page.locator('input[name="login"]').fill('sso-manager');
    await page.locator('input[name="password"]').fill('whatever-the-idp-accepts');
    await page.locator('button[type="submit"]').click();

    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByText('Mo SSO')).toBeVisible();
    await expect(page.locator('.user-menu .badge')).toHaveText('Manager');
    // A manager does not see the administration pages.
    await expect(mainNavigation(page).getByRole('link', { name: 'API keys' })).toHaveCount(0);
    await screenshot(page, 'sso-signed-in-manager', { fullPage: false });

    await page.getByRole('button', { name: 'Sign out' }).click();
    // The provider asks whether to sign out there too.
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    expect((await page.request.get('/api/auth/me')).status()).toBe(401);

    // Signed out at the provider too: signing in again asks for the password there.
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await expect(page.locator('input[name="password"]')).toBeVisible();
  });

  test('a person whose groups give no role is refused with a message', async ({ page }) => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Sign in with Test IdP' }).click();
    await page.locator('input[name="login"]').fill('sso-nobody');
    await page.locator('input[name="password"]').fill('whatever-the-idp-accepts');
    await page.locator('button[type="submit"]').click();
    await expect(page).toHaveURL(/\/login\?sso_error=OIDC_NO_ROLE$/);
    await expect(page.getByRole('alert')).toContainText('give you no role in this console');
    await expect(mainNavigation(page)).toHaveCount(0);
  });

  test('shows the sign-in button in Dutch', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'nl-NL' });
    const page = await context.newPage();
    await page.goto('/login');
    await expect(page.getByRole('link', { name: 'Aanmelden met Test IdP' })).toBeVisible();
    await screenshot(page, 'login-sso-nl');
    await context.close();
  });
});
