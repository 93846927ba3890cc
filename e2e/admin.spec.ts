import { expect, type Page, test } from '@playwright/test';
import {
  ADMIN,
  mainNavigation,
  openSignedIn,
  resetLocale,
  screenshot,
  uniqueEmail,
} from './support/console.ts';

function accountRow(page: Page, email: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: email }) });
}

/** Opens a row's actions menu and picks one action from it. */
async function rowAction(page: Page, email: string, action: string) {
  const row = accountRow(page, email);
  await row.getByRole('button', { name: 'Actions' }).click();
  await row.getByRole('button', { name: action, exact: true }).click();
}

test.describe('admin', () => {
  test.beforeEach(async ({ page }) => {
    await openSignedIn(page, ADMIN, 'Dashboard');
  });

  test('lands on the dashboard and reaches every page from the navigation', async ({ page }) => {
    await expect(page).toHaveURL(/:\d+\/$/);
    const header = page.getByRole('banner');
    await expect(header).toContainText('Administrator');
    await expect(header).toContainText('Admin');
    await expect(header.getByRole('button', { name: 'Sign out' })).toBeVisible();

    const links = mainNavigation(page).getByRole('link');
    await expect(links).toContainText([
      'Dashboard',
      'Tokens',
      'License counts',
      'Audit log',
      'Accounts',
      'Licenses',
      'My account',
    ]);

    for (const [name, path, shot] of [
      ['Audit log', '/audit-log', 'admin-audit-log'],
      ['Accounts', '/settings/accounts', 'admin-accounts'],
      ['My account', '/my-account', 'admin-my-account'],
    ] as const) {
      const link = mainNavigation(page).getByRole('link', { name, exact: true });
      await link.click();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
      await expect(link).toHaveAttribute('aria-current', 'page');
      await expect(page).toHaveTitle(`${name} · VPP Console`);
      // Wait for the page's data, so the picture shows the page rather than its loading state.
      await expect(page.getByText('Loading…')).toHaveCount(0);
      await screenshot(page, shot);
    }

    const docs = page.getByRole('contentinfo').getByRole('link', { name: /API documentation/ });
    await expect(docs).toHaveAttribute('href', '/api/docs');
    await expect(docs).toHaveAttribute('target', '_blank');
  });

  test('creates a manager account and finds the change in the audit log', async ({ page }) => {
    const email = uniqueEmail('nora');
    await mainNavigation(page).getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create account' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByLabel('Email')).toBeFocused();

    // The shared schema is checked before sending: a short password is refused next to its field.
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Display name').fill('Nora Nieuw');
    await dialog.getByLabel('Password').fill('short');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await expect(dialog.getByLabel('Password')).toHaveAccessibleDescription(/Use at least 12 characters\./);
    await screenshot(page, 'admin-create-account-errors');

    await dialog.getByLabel('Password').fill('a-long-enough-password');
    await expect(dialog.getByLabel('Role')).toHaveValue('manager');
    await dialog.getByLabel('Language').selectOption('nl-NL');
    await dialog.getByRole('button', { name: 'Create account' }).click();

    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: `Account ${email} created.` })).toBeVisible();
    const row = accountRow(page, email);
    await expect(row).toContainText('Nora Nieuw');
    await expect(row).toContainText('Manager');
    await expect(row).toContainText('Nederlands');
    await expect(row).toContainText('Active');

    // The same address again: the API's EMAIL_TAKEN is shown at the email field.
    await page.getByRole('button', { name: 'Create account' }).click();
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByLabel('Password').fill('a-long-enough-password');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await expect(dialog.getByLabel('Email')).toHaveAccessibleDescription(
      'An account with this email already exists.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    await mainNavigation(page).getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Search').fill(email);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/search=nora-/);
    const entries = page.getByRole('table', { name: 'Audit log entries, newest first' });
    const created = entries.getByRole('row').filter({ hasText: 'account.create' });
    await expect(created).toHaveCount(1);
    await expect(created).toContainText(`Created manager account ${email}`);
    await expect(created).toContainText(ADMIN.email);

    const toggle = created.getByRole('button', { name: 'Show changes' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(created.getByRole('button', { name: 'Hide changes' })).toHaveAttribute(
      'aria-expanded',
      'true',
    );
    const changes = page.getByRole('table', { name: 'Changes of this entry' });
    await expect(changes.getByRole('row', { name: /role/ })).toContainText('manager');
    await expect(changes.getByRole('row', { name: /email/ })).toContainText(email);
    await screenshot(page, 'admin-audit-log-filtered');

    // The action filter narrows by exact action.
    await page.getByLabel('Action').fill('account.delete');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByText('No entries match these filters.')).toBeVisible();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(page).toHaveURL(/\/audit-log$/);
    await expect(page.getByLabel('Search')).toHaveValue('');

    // The target type is chosen from a list, named in words; the target links to where it is kept.
    await page.getByLabel('Search').fill(email);
    await page.getByLabel('Target type').selectOption({ label: 'Account' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/targetType=account/);
    await expect(created.getByRole('link', { name: 'Account', exact: true })).toHaveAttribute(
      'href',
      '/settings/accounts',
    );
  });

  test('edits, disables, enables, resets and deletes an account', async ({ page }) => {
    const email = uniqueEmail('omar');
    const created = await page.request.post('/api/users-admin', {
      data: { email, displayName: 'Omar Original', password: 'a-long-enough-password', role: 'manager' },
    });
    expect(created.status()).toBe(201);

    await mainNavigation(page).getByRole('link', { name: 'Accounts' }).click();
    const row = accountRow(page, email);
    await expect(row).toContainText('Omar Original');

    await rowAction(page, email, 'Edit');
    const edit = page.getByRole('dialog', { name: 'Edit account' });
    await edit.getByLabel('Display name').fill('Omar Edited');
    await edit.getByLabel('Role').selectOption('admin');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit).toBeHidden();
    await expect(row).toContainText('Omar Edited');
    await expect(row).toContainText('Admin');

    await rowAction(page, email, 'Disable');
    const disable = page.getByRole('alertdialog', { name: 'Disable account' });
    await expect(disable).toContainText(email);
    await disable.getByRole('button', { name: 'Disable' }).click();
    await expect(row).toContainText('Disabled');
    await rowAction(page, email, 'Enable');
    await expect(row).toContainText('Active');

    await rowAction(page, email, 'Reset password');
    const reset = page.getByRole('dialog', { name: 'Reset password' });
    await reset.getByLabel('New password').fill('another-long-password');
    await reset.getByRole('button', { name: 'Reset password' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Password of ${email} reset.` })).toBeVisible();

    await row.getByRole('button', { name: 'Actions' }).click();
    await expect(row.getByRole('button', { name: 'Actions' })).toHaveAttribute('aria-expanded', 'true');
    await screenshot(page, 'admin-account-actions-menu', { fullPage: false });
    await row.getByRole('button', { name: 'Delete', exact: true }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete account' });
    await expect(confirm).toContainText(`Delete the account ${email}? This cannot be undone.`);
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await screenshot(page, 'admin-delete-confirmation');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Account ${email} deleted.` })).toBeVisible();
    await expect(row).toHaveCount(0);

    // The audit log shows the edit field by field, with the changed ones marked.
    await page.goto(`/audit-log?action=account.update&search=${encodeURIComponent(email)}`);
    const edited = page.getByRole('row').filter({ hasText: 'displayName' });
    await edited.getByRole('button', { name: 'Show changes' }).click();
    const changes = page.getByRole('table', { name: 'Changes of this entry' });
    await expect(changes.getByRole('columnheader')).toHaveText(['Field', 'Before', 'After']);
    const role = changes.getByRole('row', { name: /^role/ });
    await expect(role.getByRole('cell')).toHaveText(['manager', 'admin']);
    await expect(role).toHaveClass(/changes__row--changed/);
    await expect(changes.getByRole('row', { name: /^locale/ })).not.toHaveClass(/changes__row--changed/);
    await screenshot(page, 'admin-audit-log-update');
    await mainNavigation(page).getByRole('link', { name: 'Accounts' }).click();

    // Your own row offers no way to lock yourself out.
    const own = accountRow(page, ADMIN.email);
    await own.getByRole('button', { name: 'Actions' }).click();
    await expect(own.getByRole('button', { name: 'Edit', exact: true })).toBeVisible();
    await expect(own.getByRole('button', { name: 'Delete', exact: true })).toHaveCount(0);
    await expect(own.getByRole('button', { name: 'Disable', exact: true })).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(own.getByRole('button', { name: 'Edit', exact: true })).toBeHidden();
  });

  test('pages through a long audit log, keeping the filters', async ({ page, playwright }) => {
    // Another account makes 55 changes of its own through the API, each one an audit entry.
    const email = uniqueEmail('pat');
    const created = await page.request.post('/api/users-admin', {
      data: { email, password: 'a-long-enough-password', role: 'manager' },
    });
    expect(created.status()).toBe(201);
    const other = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    expect(
      (await other.post('/api/auth/login', { data: { email, password: 'a-long-enough-password' } })).ok(),
    ).toBe(true);
    for (let edit = 1; edit <= 55; edit += 1) {
      expect((await other.patch('/api/auth/me', { data: { displayName: `Pat ${edit}` } })).ok()).toBe(true);
    }
    await other.dispose();

    await page.goto(`/audit-log?action=account.update-self&actorEmail=${encodeURIComponent(email)}`);
    await expect(page.getByText('55 entries')).toBeVisible();
    const entries = page.getByRole('table', { name: 'Audit log entries, newest first' });
    const summaries = entries.locator('.audit-entry__summary');
    await expect(summaries).toHaveCount(50);
    await expect(page.getByText('1–50 of 55')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Previous page' })).toBeDisabled();

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page).toHaveURL(/actorEmail=pat-/);
    await expect(summaries).toHaveCount(5);
    await expect(page.getByText('51–55 of 55')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await expect(page.getByLabel('Action')).toHaveValue('account.update-self');

    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(summaries).toHaveCount(50);
  });

  test.describe('language', () => {
    test.afterEach(async ({ request }) => {
      await resetLocale(request, ADMIN);
    });

    test('switches the console to Dutch at once, with Dutch dates, and signs out', async ({ page }) => {
      await mainNavigation(page).getByRole('link', { name: 'My account' }).click();
      await page.getByLabel('Language').selectOption('nl-NL');
      await page.getByRole('button', { name: 'Save profile' }).click();

      await expect(page.getByRole('heading', { level: 1, name: 'Mijn account' })).toBeVisible();
      await expect(page.getByRole('status').filter({ hasText: 'Het profiel is opgeslagen.' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'nl-NL');
      const navigation = page.getByRole('navigation', { name: 'Hoofdnavigatie' });
      await expect(navigation.getByRole('link')).toContainText([
        'Dashboard',
        'Tokens',
        'Aantallen licenties',
        'Auditlogboek',
        'Accounts',
        'Licenties',
        'Mijn account',
      ]);
      await expect(page.getByRole('banner')).toContainText('Beheerder');
      await screenshot(page, 'admin-my-account-nl');

      await navigation.getByRole('link', { name: 'Auditlogboek' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Auditlogboek' })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Tijdstip' })).toBeVisible();
      const firstTime = page.locator('table time').first();
      const iso = await firstTime.getAttribute('datetime');
      expect(iso).not.toBeNull();
      const dutch = new Intl.DateTimeFormat('nl-NL', {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: 'Europe/Amsterdam',
      }).format(new Date(iso ?? ''));
      await expect(firstTime).toHaveText(dutch);
      await screenshot(page, 'admin-audit-log-nl');

      await navigation.getByRole('link', { name: 'Accounts' }).click();
      await expect(page.getByRole('button', { name: 'Account maken' })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Laatst aangemeld' })).toBeVisible();
      await screenshot(page, 'admin-accounts-nl');

      await page.getByRole('button', { name: 'Afmelden' }).click();
      await expect(page).toHaveURL(/\/login$/);
      // The sign-in page keeps speaking the last account's language.
      await expect(page.getByRole('heading', { level: 1, name: 'Aanmelden' })).toBeVisible();
      await expect(page.getByLabel('E-mailadres')).toBeVisible();
      await screenshot(page, 'login-nl');
    });
  });

  test('signs out and cannot come back without signing in', async ({ page }) => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();

    await page.goto('/audit-log');
    await expect(page).toHaveURL(/\/login\?next=%2Faudit-log$/);
    const me = await page.request.get('/api/auth/me');
    expect(me.status()).toBe(401);
  });
});
