import { expect, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, openSignedIn, screenshot, signIn } from './support/console.ts';

test.describe('sign-in', () => {
  test('a wrong password shows an error and keeps the reader signed out', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await screenshot(page, 'login');

    await signIn(page, { email: ADMIN.email, password: 'not-the-password' });
    await expect(page.getByRole('alert')).toHaveText('The email or password is wrong.');
    await expect(page).toHaveURL(/\/login$/);
    await expect(mainNavigation(page)).toHaveCount(0);
    await screenshot(page, 'login-wrong-password');
  });

  test('an empty or malformed form shows the error next to each field', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();

    const email = page.getByLabel('Email');
    await expect(email).toHaveAttribute('aria-invalid', 'true');
    await expect(email).toHaveAccessibleDescription('Enter a valid email address.');
    await expect(page.getByLabel('Password')).toHaveAccessibleDescription('Fill in this field.');
  });

  test('too many attempts show the rate-limit message with the wait', async ({ page }) => {
    // Tripping the real limit would lock this address out for the rest of the run, so the
    // API's 429 answer is played back instead.
    await page.route('**/api/auth/login', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/problem+json',
        headers: { 'Retry-After': '42' },
        body: JSON.stringify({
          type: 'https://vpp-console.dev/problems/rate-limited',
          title: 'Too many requests',
          status: 429,
          detail: 'Too many failed sign-ins. Try again later.',
          code: 'RATE_LIMITED',
          retryAfterSeconds: 42,
        }),
      }),
    );
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page.getByRole('alert')).toHaveText('Too many sign-in attempts. Try again in 42 seconds.');
    await screenshot(page, 'login-rate-limited');
  });

  test('a signed-out deep link goes to sign-in and back to that page afterwards', async ({ page }) => {
    await page.goto('/settings/accounts?page=1');
    await expect(page).toHaveURL(/\/login\?next=%2Fsettings%2Faccounts%3Fpage%3D1$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

    await signIn(page, ADMIN);
    await expect(page).toHaveURL(/\/settings\/accounts\?page=1$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Accounts' })).toBeVisible();
  });

  test('sign-in works with the keyboard alone', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    // The e2e server offers single sign-on too: its button comes first, then the password form.
    // The button appears once the page has read whether SSO is on.
    const singleSignOn = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await expect(singleSignOn).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(singleSignOn).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Email')).toBeFocused();
    await page.keyboard.type(MANAGER.email);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Password')).toBeFocused();
    await page.keyboard.type(MANAGER.password);
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

    // From the top of the page, the first Tab reaches the skip link, which jumps past the navigation.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Tab');
    const skipLink = page.getByRole('link', { name: 'Skip to content' });
    await expect(skipLink).toBeFocused();
    await expect(skipLink).toBeInViewport();
    await screenshot(page, 'skip-link-focused');
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  test('a session that ends while working asks for the password again and keeps what was typed', async ({
    page,
    context,
  }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    await mainNavigation(page).getByRole('link', { name: 'My account' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
    const displayName = page.getByLabel('Display name');
    const typed = `Manager ${Date.now()}`;
    await displayName.fill(typed);

    // The session cookie disappears (expired, or ended elsewhere): the next API call answers 401.
    await context.clearCookies();
    await page.getByRole('button', { name: 'Save profile' }).click();

    const again = page.getByRole('dialog', { name: 'Sign in again' });
    await expect(again).toBeVisible();
    await expect(again.getByLabel('Email')).toHaveValue(MANAGER.email);
    await screenshot(page, 'sign-in-again');
    await again.getByLabel('Password').fill('not the password');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await expect(again.getByText('The email or password is wrong.')).toBeVisible();
    await again.getByLabel('Password').fill(MANAGER.password);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await expect(again).toBeHidden();

    // Still on the page, with what was typed; saving now works.
    await expect(page).toHaveURL(/\/my-account$/);
    await expect(displayName).toHaveValue(typed);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved.')).toBeVisible();

    // Closing the dialog instead goes to sign-in, which brings the reader back afterwards.
    await context.clearCookies();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByRole('dialog', { name: 'Sign in again' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(page).toHaveURL(/\/login\?next=%2Fmy-account$/);
    await expect(page.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();
    await screenshot(page, 'login-session-ended');
    await signIn(page, MANAGER);
    await expect(page).toHaveURL(/\/my-account$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  });

  test('signing out ends the session on the server: the same cookie no longer works', async ({
    page,
    context,
  }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => cookie.name)).toContain('vpp_session');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    // Put the old cookie back, as someone who copied it would: the server has ended that session.
    await context.addCookies(cookies);
    const replay = await page.request.get('/api/auth/me');
    expect(replay.status()).toBe(401);
    expect((await replay.json()).code).toBe('UNAUTHENTICATED');
  });

  test("an admin sees an account's sessions and ends them, which signs that browser out", async ({
    page,
    browser,
  }) => {
    const managerContext = await browser.newContext();
    try {
      const managerPage = await managerContext.newPage();
      await openSignedIn(managerPage, MANAGER, 'Dashboard');

      await openSignedIn(page, ADMIN, 'Dashboard');
      await page.goto('/settings/accounts');
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: MANAGER.email }) });
      await row.getByRole('button', { name: 'Actions' }).click();
      await row.getByRole('button', { name: 'Sessions', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: `Sessions of ${MANAGER.email}` });
      await expect(dialog.getByRole('table', { name: 'Open sessions' })).toBeVisible();
      await expect(dialog.getByRole('columnheader')).toHaveText([
        'Signed in',
        'Expires',
        'Address',
        'Browser',
        'Actions',
      ]);
      await expect(dialog.getByRole('button', { name: /^End session/ }).first()).toBeVisible();
      await screenshot(page, 'admin-account-sessions');

      await dialog.getByRole('button', { name: 'End all sessions' }).click();
      await expect(
        dialog.getByRole('status').filter({ hasText: `All sessions of ${MANAGER.email} were ended.` }),
      ).toBeVisible();
      await expect(dialog.getByText('No browser is signed in to this account.')).toBeVisible();

      // The manager's next request finds the session gone and goes to sign-in.
      expect((await managerPage.request.get('/api/auth/me')).status()).toBe(401);
      await managerPage.reload();
      await expect(managerPage).toHaveURL(/\/login/);
    } finally {
      await managerContext.close();
    }
  });
});
