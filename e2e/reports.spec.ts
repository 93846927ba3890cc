import { readFile } from 'node:fs/promises';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, openSignedIn, resetLocale, screenshot } from './support/console.ts';
import { appCount, demoToken, removeTokens, uploadToken } from './support/demo-tokens.ts';

const HQ = 'Northwind HQ (Seattle)';
const BERLIN = 'Northwind Warehouse (Berlin)';
const LINCOLN = 'Lincoln Elementary School';
const REPORT_TITLE = 'Apple VPP apps and books with license counts';
const DEFAULT_THRESHOLD = 10;

// The report's data: three demo locations (two Business, one Education that expires within days),
// added by an admin through the API before the tests, as automation would.
let appsInReport = 0;

async function signedInAdmin(request: APIRequestContext) {
  expect((await request.post('/api/auth/login', { data: ADMIN })).ok()).toBe(true);
}

async function setThreshold(request: APIRequestContext, percent: number) {
  const response = await request.patch('/api/settings', { data: { lowLicenseThresholdPercent: percent } });
  expect(response.ok(), await response.text()).toBe(true);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signedInAdmin(admin);
  const hq = await demoToken(HQ);
  const berlin = await demoToken(BERLIN);
  const lincoln = await demoToken(LINCOLN);
  await removeTokens(admin, [hq, berlin, lincoln]);
  appsInReport =
    (await appCount(admin, hq)) + (await appCount(admin, berlin)) + (await appCount(admin, lincoln));
  // Taken over on purpose: another spec plays another MDM claiming these locations.
  await uploadToken(admin, hq, {
    takeOver: true,
    name: 'Northwind HQ',
    appleId: 'it@northwind.example',
    type: 'BUSINESS',
    categories: 'Sales, Seattle',
  });
  await uploadToken(admin, berlin, {
    takeOver: true,
    name: 'Northwind Berlin',
    appleId: 'it@northwind.example',
    type: 'BUSINESS',
    categories: 'Warehouse',
  });
  await uploadToken(admin, lincoln, {
    takeOver: true,
    name: 'Lincoln Elementary',
    appleId: 'it@lincoln.springfield.example',
    type: 'EDUCATION',
    categories: 'Schools',
  });
  // Each upload queues a full sync; the report fills as the apps arrive.
  await expect
    .poll(
      async () => {
        const response = await admin.get('/api/reports/license-counts', { params: { pageSize: 1 } });
        return ((await response.json()) as { total: number }).total;
      },
      { message: 'the first syncs bring every app into the report', timeout: 60_000 },
    )
    .toBe(appsInReport);
  await setThreshold(admin, DEFAULT_THRESHOLD);
  await admin.dispose();
});

function region(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

function reportTable(page: Page, name = 'Apps with license counts') {
  return page.getByRole('table', { name });
}

/** The rows of the report table whose app is `app`. */
function reportRows(page: Page, app: string, table?: string) {
  return reportTable(page, table)
    .locator('tbody')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${app}`) }) });
}

async function waitForData(page: Page) {
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

test.describe('reports, as a manager', () => {
  test('lands on the dashboard and follows its links to what needs attention', async ({ page }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    await expect(page).toHaveURL(/:\d+\/$/);
    const navigation = mainNavigation(page);
    await expect(navigation.getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
    await expect(navigation.getByRole('link', { name: 'License counts' })).toBeVisible();
    await expect(navigation.getByRole('link', { name: 'Licenses', exact: true })).toBeVisible();
    await expect(navigation.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
    await expect(navigation.getByRole('link', { name: 'Accounts' })).toHaveCount(0);
    await waitForData(page);

    // Tokens by status: Lincoln expires within days; each count links to the filtered token list.
    const tokens = region(page, 'Tokens by status');
    const expiring = tokens.getByRole('link', { name: /Expiring soon/ });
    await expect(expiring).toHaveAttribute('href', '/tokens?status=EXPIRING');
    await expect(expiring).toContainText('1');
    await expect(tokens.getByRole('link', { name: /Expired/ })).toHaveAttribute(
      'href',
      '/tokens?status=EXPIRED',
    );
    const attention = tokens.getByRole('table', { name: 'Tokens needing attention' });
    await expect(attention.getByRole('row', { name: /Lincoln Elementary/ })).toContainText('Expiring');

    // Apps with no or few licenses left, at the default threshold of 10%.
    const low = region(page, 'Apps running low on licenses');
    await expect(low).toContainText('Apps with 10% or less of their purchased licenses still available.');
    const explain = low.getByRole('row', { name: /Explain Everything/ });
    await expect(explain).toContainText('None left');
    await expect(low.getByRole('row', { name: /Notability/ })).toBeVisible();
    await expect(low.getByRole('row', { name: /Salesforce/ })).toHaveCount(0);
    await expect(low.getByRole('link', { name: 'Change the threshold' })).toHaveCount(0);

    // The latest syncs, one per uploaded token at least.
    const syncs = region(page, 'Last sync results');
    for (const name of ['Northwind HQ', 'Northwind Berlin', 'Lincoln Elementary']) {
      await expect(syncs.getByRole('link', { name, exact: true }).first()).toBeVisible();
    }
    await screenshot(page, 'dashboard-manager');

    // An app of the list opens the report narrowed to it.
    await explain.getByRole('link', { name: 'Explain Everything Whiteboard' }).click();
    await expect(page.getByRole('heading', { level: 1, name: REPORT_TITLE })).toBeVisible();
    await expect(page).toHaveURL(/tokenId=.+&search=\d+/);
    await expect(reportTable(page).locator('tbody').getByRole('row')).toHaveCount(1);
    await expect(reportRows(page, 'Explain Everything')).toContainText('None left');

    // A status count opens the token list with that status.
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await region(page, 'Tokens by status')
      .getByRole('link', { name: /Expiring soon/ })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'VPP tokens' })).toBeVisible();
    await expect(page.getByRole('search').getByLabel('Status')).toHaveValue('EXPIRING');
    const tokenRows = page.getByRole('table', { name: 'VPP tokens' }).locator('tbody').getByRole('row');
    await expect(tokenRows).toHaveCount(1);
    await expect(tokenRows).toContainText('Lincoln Elementary');
  });

  test('reads the report: table with totals, filters, sorting, chart, CSV and print', async ({ page }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    await mainNavigation(page).getByRole('link', { name: 'License counts' }).click();
    await expect(page.getByRole('heading', { level: 1, name: REPORT_TITLE })).toBeVisible();
    await expect(page).toHaveTitle(`${REPORT_TITLE} · VPP Console`);
    await waitForData(page);

    // Every app of every token, with the totals of all of them at the foot.
    const results = region(page, 'Apps with license counts');
    await expect(results.getByText(`${appsInReport} apps found`)).toBeVisible();
    const totals = reportTable(page).locator('tfoot').getByRole('row');
    await expect(totals.getByRole('rowheader')).toContainText(`Total of all ${appsInReport} apps`);
    await expect(totals.getByRole('rowheader')).toContainText('free with unlimited licenses');
    // A free app has no purchased or available count: it says Unlimited.
    const khan = reportRows(page, 'Khan Academy');
    await expect(khan.getByRole('cell').nth(1)).toHaveText('Unlimited');
    await expect(khan.getByRole('cell').nth(3)).toHaveText('Unlimited');
    // The same app bought with two tokens is listed once per token.
    await expect(reportRows(page, 'Microsoft Teams')).toHaveCount(2);
    // Nothing to change here.
    await expect(page.getByRole('button', { name: /Save|Delete|Edit|Add/ })).toHaveCount(0);

    // The chart: the ten apps with the most licenses in use, drawn as bars, with its figures as a table.
    const chart = region(page, 'Licenses in use and available');
    const figure = chart.getByRole('figure', { name: 'The 10 apps with the most licenses in use' });
    const drawing = figure.getByRole('img', { name: /Bar chart of the licenses in use and available/ });
    await expect(drawing.locator('svg', { has: page.locator('.recharts-bar') })).toBeVisible();
    await expect(drawing.locator('.recharts-bar-rectangle path').first()).toBeVisible();
    expect(await drawing.locator('.recharts-bar-rectangle path').count()).toBeGreaterThanOrEqual(10);
    await figure.getByText("Show the chart's figures as a table").click();
    const figures = figure.getByRole('table', { name: "The chart's figures per app" });
    await expect(figures.locator('tbody').getByRole('row')).toHaveCount(10);
    await expect(figures).toContainText('Khan Academy');
    await expect(figures).toContainText('Notability');
    await screenshot(page, 'report');

    // Per token, with twenty bars at most.
    // The choice lives in the address; the radio button follows it once the address has changed.
    await chart.getByLabel('By token').click();
    await expect(chart.getByLabel('By token')).toBeChecked();
    await expect(page).toHaveURL(/chart=tokens/);
    const perToken = chart.getByRole('figure', { name: 'Licenses per token, most in use first' });
    await expect(perToken.locator('.recharts-bar-rectangle path').first()).toBeVisible();
    await perToken.getByText("Show the chart's figures as a table").click();
    const tokenFigures = perToken.getByRole('table', { name: "The chart's figures per token" });
    await expect(tokenFigures.locator('tbody').getByRole('rowheader')).toHaveText([
      'Lincoln Elementary',
      'Northwind HQ',
      'Northwind Berlin',
    ]);
    await chart.getByLabel('Number of tokens').selectOption('20');
    await expect(page).toHaveURL(/top=20/);
    await screenshot(page, 'report-per-token');
    await chart.getByLabel('By app').click();
    await expect(chart.getByLabel('By app')).toBeChecked();

    // A filter: Business tokens only, apps named Microsoft.
    const filters = page.getByRole('search');
    await filters.getByLabel('Token type').selectOption('BUSINESS');
    await filters.getByLabel('Search apps').fill('Microsoft');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/tokenType=BUSINESS/);
    await expect(page).toHaveURL(/search=Microsoft/);
    await expect(results.getByText('6 apps found')).toBeVisible();
    await expect(reportRows(page, 'Khan Academy')).toHaveCount(0);
    await expect(totals.getByRole('rowheader')).toContainText('Total of all 6 apps');
    await expect(figure).toHaveCount(0);
    await expect(
      chart.getByRole('figure', { name: 'The 6 apps with the most licenses in use' }),
    ).toBeVisible();

    // Sorting by a count starts with the largest; the heading says how the table is sorted.
    const inUse = reportTable(page).getByRole('columnheader', { name: 'In use', exact: true });
    await inUse.getByRole('button').click();
    await expect(page).toHaveURL(/sort=-inUse/);
    await expect(inUse).toHaveAttribute('aria-sort', 'descending');
    // Other specs deploy apps on the same server, so no app is assumed to lead: the rows' "in use"
    // figures (the third cell after the app's row header) must come largest first.
    await expect(async () => {
      const inUseFigures = await reportTable(page)
        .locator('tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) =>
            Number((row.querySelectorAll('td')[2]?.textContent ?? '').replace(/[^0-9]/g, '')),
          ),
        );
      expect(inUseFigures.length).toBeGreaterThan(1);
      expect(inUseFigures).toEqual([...inUseFigures].sort((a, b) => b - a));
    }).toPass();
    await inUse.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(inUse).toHaveAttribute('aria-sort', 'ascending');
    await expect(inUse.getByRole('button')).toBeFocused();
    await screenshot(page, 'report-filtered');

    // Export CSV: every matching row of the filter, UTF-8 with a BOM.
    const exportLink = page.getByRole('link', { name: /Export CSV/ });
    await expect(exportLink).toHaveAccessibleName('Export CSV (all 6 matching apps)');
    const downloading = page.waitForEvent('download');
    await exportLink.click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^vpp-license-counts-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFFappName,adamId,tokenName,tokenType,totalPurchased,inUse,available')).toBe(
      true,
    );
    const lines = csv.trim().split(/\r?\n/);
    expect(lines).toHaveLength(7);
    expect(lines).toContainEqual(
      expect.stringMatching(/^Microsoft Teams,\d+,Northwind Berlin,BUSINESS,30,\d+,\d+,/),
    );
    expect(csv).not.toContain('Khan Academy');
    expect(csv).not.toContain('Lincoln Elementary');

    // On paper: no navigation, header or buttons; the filters in words, the table and its totals.
    await page.emulateMedia({ media: 'print' });
    await expect(mainNavigation(page)).toBeHidden();
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(exportLink).toBeHidden();
    await expect(page.getByRole('search')).toBeHidden();
    await expect(chart).toBeHidden();
    await expect(page.getByText('Apps matching “Microsoft” · Business tokens only')).toBeVisible();
    await expect(totals).toBeVisible();
    await screenshot(page, 'report-print');
    await page.emulateMedia({ media: 'screen' });
  });

  test('sees the license settings read-only, and the API refuses a change', async ({ page }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    await mainNavigation(page).getByRole('link', { name: 'Licenses', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'License settings' })).toBeVisible();
    const settings = region(page, 'Apps running low on licenses');
    await expect(settings.getByRole('definition')).toHaveText('10%');
    await expect(settings).toContainText('Only administrators can change this setting.');
    await expect(settings.getByRole('textbox')).toHaveCount(0);
    await expect(settings.getByRole('spinbutton')).toHaveCount(0);
    await expect(settings.getByRole('button')).toHaveCount(0);
    await screenshot(page, 'settings-licenses-manager');

    const refused = await page.request.patch('/api/settings', { data: { lowLicenseThresholdPercent: 50 } });
    expect(refused.status()).toBe(403);
  });
});

test.describe('reports, as an admin', () => {
  test.afterEach(async ({ playwright }) => {
    const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    await signedInAdmin(admin);
    await setThreshold(admin, DEFAULT_THRESHOLD);
    await admin.dispose();
  });

  test("changes the low-license threshold and the dashboard's list follows", async ({ page }) => {
    await openSignedIn(page, ADMIN, 'Dashboard');
    const low = region(page, 'Apps running low on licenses');
    await expect(low.getByRole('row', { name: /Notability/ })).toBeVisible();
    await expect(low.getByRole('row', { name: /Salesforce/ })).toHaveCount(0);
    await expect(low).toContainText('2 in total');
    await screenshot(page, 'dashboard-admin');

    await low.getByRole('link', { name: 'Change the threshold' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'License settings' })).toBeVisible();
    const threshold = page.getByLabel('Low-license threshold (%)');
    await expect(threshold).toHaveValue('10');
    // The page holds more than one form (the CheckOut setting has its own Save): use the threshold's.
    const thresholdForm = page.locator('form').filter({ has: threshold });

    // A share beyond 100% is refused at the field, before anything is sent.
    await threshold.fill('150');
    await thresholdForm.getByRole('button', { name: 'Save' }).click();
    await expect(threshold).toHaveAccessibleDescription(/Enter a whole number from 0 to 100\./);
    await screenshot(page, 'settings-licenses-invalid', { fullPage: false });

    await threshold.fill('25');
    await thresholdForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The threshold has been saved.' })).toBeVisible();
    await screenshot(page, 'settings-licenses-admin');

    // Salesforce has 4 of its 20 licenses left (20%): running low at 25%, not at 10%.
    await mainNavigation(page).getByRole('link', { name: 'Dashboard' }).click();
    await expect(low).toContainText('Apps with 25% or less of their purchased licenses still available.');
    await expect(low.getByRole('row', { name: /Salesforce/ })).toBeVisible();
    await expect(low.getByRole('row', { name: /Notability/ })).toBeVisible();
    await expect(low).not.toContainText('2 in total');

    // The report marks the same apps.
    await page.goto('/reports/license-counts?search=Salesforce');
    await expect(reportRows(page, 'Salesforce')).toContainText('Low');
  });
});

test.describe('reports in Dutch and on a narrow screen', () => {
  test.afterEach(async ({ request }) => {
    await resetLocale(request, MANAGER);
  });

  test('the dashboard and the report in Dutch', async ({ page }) => {
    await openSignedIn(page, MANAGER, 'Dashboard');
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
    await expect(region(page, 'Apps waarvan de licenties opraken')).toContainText('Geen meer');
    await waitForData(page);
    await screenshot(page, 'dashboard-nl');

    const navigation = page.getByRole('navigation', { name: 'Hoofdnavigatie' });
    await navigation.getByRole('link', { name: 'Aantallen licenties' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Apple VPP-apps en -boeken met aantallen licenties' }),
    ).toBeVisible();
    await waitForData(page);
    await expect(region(page, 'Apps met aantallen licenties')).toContainText(`${appsInReport} apps gevonden`);
    const khan = reportRows(page, 'Khan Academy', 'Apps met aantallen licenties');
    await expect(khan.getByRole('cell').nth(1)).toHaveText('Onbeperkt');
    await expect(page.locator('.recharts-bar-rectangle path').first()).toBeVisible();
    await screenshot(page, 'report-nl');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'report-print-nl');
    await page.emulateMedia({ media: 'screen' });

    await navigation.getByRole('link', { name: 'Licenties', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Licentie-instellingen' })).toBeVisible();
    await screenshot(page, 'settings-licenses-nl');
  });

  test.describe('on a narrow screen', () => {
    test.use({ viewport: { width: 390, height: 844 } });

    test('the dashboard and the report fit a phone', async ({ page }) => {
      await openSignedIn(page, MANAGER, 'Dashboard');
      await waitForData(page);
      await screenshot(page, 'narrow-dashboard');
      await page.goto('/reports/license-counts');
      await expect(page.getByRole('heading', { level: 1, name: REPORT_TITLE })).toBeVisible();
      await waitForData(page);
      await expect(page.locator('.recharts-bar-rectangle path').first()).toBeVisible();
      await screenshot(page, 'narrow-report');
      await page.goto('/settings/licenses');
      await expect(page.getByRole('heading', { level: 1, name: 'License settings' })).toBeVisible();
      await screenshot(page, 'narrow-settings-licenses');
    });
  });
});
