import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type APIRequestContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, MANAGER, mainNavigation, openSignedIn, resetLocale, screenshot } from './support/console.ts';
import { demoToken, removeTokens, uploadToken } from './support/demo-tokens.ts';

// Alerts ("Waarschuwingen"): an admin adds a signed webhook channel and sends a test through it to a
// receiver in this process, reads the delivery log, adds a LOW_LICENSES rule that fires for a demo
// school's apps, and sees the active alerts on the dashboard; a manager reads it all. The report's
// forecast columns and an app's license history chart are looked at too. EN and NL, desktop and phone.

const LINCOLN = 'Lincoln Elementary School';
const SECRET = 'e2e-webhook-secret-0123456789';
const stamp = Date.now();
const CHANNEL = `Automation ${stamp}`;
const RULE = `Everything low ${stamp}`;

let receiver: http.Server;
let receiverUrl = '';
const received: { signature: string; body: string }[] = [];

async function signedIn(request: APIRequestContext, who = ADMIN) {
  expect((await request.post('/api/auth/login', { data: who })).ok()).toBe(true);
}

test.beforeAll(async ({ playwright }) => {
  test.setTimeout(120_000);
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        signature: String(req.headers['x-vpp-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/vpp`;

  const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signedIn(admin);
  const lincoln = await demoToken(LINCOLN);
  await removeTokens(admin, [lincoln]);
  await uploadToken(admin, lincoln, {
    takeOver: true,
    name: 'Lincoln Elementary',
    appleId: 'it@lincoln.springfield.example',
    type: 'EDUCATION',
    categories: 'Schools',
  });
  await expect
    .poll(
      async () => {
        const response = await admin.get('/api/reports/license-counts', { params: { pageSize: 1 } });
        return ((await response.json()) as { total: number }).total;
      },
      { message: 'the first sync brings the apps into the report', timeout: 60_000 },
    )
    .toBeGreaterThan(0);
  await admin.dispose();
});

test.afterAll(async ({ playwright }) => {
  const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await signedIn(admin);
  // The rule fires for every app: it goes, so other pages' dashboards stay as they were.
  const rules = (await (await admin.get('/api/alert-rules')).json()) as {
    items: { id: string; name: string }[];
  };
  for (const rule of rules.items.filter((item) => item.name === RULE))
    await admin.delete(`/api/alert-rules/${rule.id}`);
  await admin.dispose();
  await new Promise((resolve) => receiver.close(resolve));
});

function alertsRegion(page: Page, name: string) {
  return page.getByRole('region', { name, exact: true });
}

test.describe
  .serial('alerts', () => {
    test('an admin adds a signed webhook channel, tests it, and adds a rule that fires', async ({ page }) => {
      await openSignedIn(page, ADMIN, 'Dashboard');
      await mainNavigation(page).getByRole('link', { name: 'Alerts' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();

      await page.getByRole('button', { name: 'Add channel' }).click();
      const channelDialog = page.getByRole('dialog', { name: 'Add channel' });
      await channelDialog.getByLabel('Type').selectOption('WEBHOOK');
      await channelDialog.getByLabel('Name').fill(CHANNEL);
      await channelDialog.getByLabel('URL').fill(receiverUrl);
      // Too short a secret is refused before anything is sent.
      await channelDialog.getByLabel('Signing secret').fill('short');
      await channelDialog.getByRole('button', { name: 'Add channel' }).click();
      await expect(channelDialog.getByText('Use at least 16 characters.')).toBeVisible();
      await channelDialog.getByLabel('Signing secret').fill(SECRET);
      await channelDialog.getByRole('button', { name: 'Add channel' }).click();
      await expect(channelDialog).toBeHidden();

      const channels = alertsRegion(page, 'Channels');
      const row = channels.getByRole('row').filter({ has: page.getByRole('rowheader', { name: CHANNEL }) });
      await expect(row).toContainText('Webhook · signed');
      await row.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('button', { name: 'Send test' }).click();
      await expect(channels.getByRole('status')).toContainText('sent (answer 200)');
      const test = received.at(-1);
      expect(test).toBeDefined();
      expect(test?.signature).toBe(
        `sha256=${createHmac('sha256', SECRET)
          .update(test?.body ?? '')
          .digest('hex')}`,
      );
      expect(JSON.parse(test?.body ?? '{}')).toMatchObject({ event: 'test' });

      await row.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('button', { name: 'Delivery log' }).click();
      const log = page.getByRole('dialog', { name: `Delivery log of ${CHANNEL}` });
      await expect(log.getByRole('row').nth(1)).toContainText('Sent');
      await expect(log.getByRole('row').nth(1)).toContainText('200');
      await log.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('button', { name: 'Add rule' }).click();
      const ruleDialog = page.getByRole('dialog', { name: 'Add rule' });
      await ruleDialog.getByLabel('Name').fill(RULE);
      await ruleDialog.getByLabel('Watch for').selectOption('LOW_LICENSES');
      await ruleDialog.getByLabel('Available at most (%)').fill('100');
      await ruleDialog.getByLabel(CHANNEL).check();
      await ruleDialog.getByRole('button', { name: 'Add rule' }).click();
      await expect(ruleDialog).toBeHidden();
      const rules = alertsRegion(page, 'Alert rules');
      const ruleRow = rules.getByRole('row').filter({ has: page.getByRole('rowheader', { name: RULE }) });
      await expect(ruleRow).toContainText('≤ 100 % available');
      // Evaluated at once by the worker: every app of the school is at most 100 % available.
      await expect(async () => {
        await page.reload();
        await expect(ruleRow).toContainText('Firing for');
      }).toPass({ timeout: 30_000 });

      // The admin changes the rule: its kind stays, its threshold gains a number of licenses.
      await ruleRow.getByRole('button', { name: 'Actions' }).click();
      await page.getByRole('button', { name: 'Edit rule' }).click();
      const editDialog = page.getByRole('dialog', { name: 'Edit alert rule' });
      await expect(editDialog.getByLabel('Name')).toHaveValue(RULE);
      await expect(editDialog.getByLabel('Watch for')).toBeDisabled();
      await expect(editDialog.getByLabel('Available at most (%)')).toHaveValue('100');
      await expect(editDialog.getByLabel(CHANNEL)).toBeChecked();
      await editDialog.getByLabel('Available licenses at most').fill('5000');
      await screenshot(page, 'alert-rule-edit-en', { fullPage: false });
      await editDialog.getByRole('button', { name: 'Save' }).click();
      await expect(editDialog).toBeHidden();
      await expect(ruleRow).toContainText('≤ 5000 available');
      await expect(ruleRow).toContainText('≤ 100 % available');
      await expect(ruleRow).toContainText(CHANNEL);
      await screenshot(page, 'alerts-en');

      // One signed webhook per app that crossed, through the delivery job.
      await expect
        .poll(() => received.filter((hook) => hook.body.includes('alert.firing')).length)
        .toBeGreaterThan(0);
      await mainNavigation(page).getByRole('link', { name: 'Dashboard' }).click();
      await expect(page.getByRole('region', { name: /active alerts?$/ })).toContainText('Low on licenses');
      await screenshot(page, 'dashboard-alerts-en');
    });

    test('the report shows forecasts and an app’s license history', async ({ page }) => {
      await openSignedIn(page, MANAGER, 'Dashboard');
      await page.goto('/reports/license-counts?tokenType=EDUCATION');
      const table = page.getByRole('table', { name: 'Apps with license counts' });
      await expect(table.getByRole('columnheader', { name: 'Runs out' })).toBeVisible();
      await expect(table.getByRole('columnheader', { name: 'To buy' })).toBeVisible();
      await table
        .getByRole('button', { name: /^History/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: /^License history of/ });
      await expect(dialog.getByText('Show the', { exact: false })).toBeVisible();
      await dialog.getByText('Show the', { exact: false }).click();
      await expect(dialog.getByRole('table')).toBeVisible();
      await screenshot(page, 'license-history-en', { fullPage: false });
    });

    test('an admin sets the currency the report values are in; a bad code is refused', async ({ page }) => {
      await openSignedIn(page, ADMIN, 'Dashboard');
      await page.goto('/alerts');
      const card = page.getByRole('region', { name: 'Forecast and weekly report' });
      await card.getByLabel('Currency').fill('dollars');
      await card.getByRole('button', { name: 'Save' }).click();
      await expect(card.getByText('an ISO 4217 code such as EUR or USD')).toBeVisible();
      await card.getByLabel('Currency').fill('usd');
      await card.getByRole('button', { name: 'Save' }).click();
      await expect(card.getByText('Saved.', { exact: true })).toBeVisible();
      const saved = await page.request.get('/api/license-intelligence/settings');
      expect(((await saved.json()) as { currency: string }).currency).toBe('USD');
      // Back to the default, for the other specs' money columns.
      await card.getByLabel('Currency').fill('EUR');
      await card.getByRole('button', { name: 'Save' }).click();
      await expect(card.getByLabel('Currency')).toHaveValue('EUR');
    });

    test('a manager reads alerts in Dutch, on a desktop and on a phone', async ({ page }) => {
      await openSignedIn(page, MANAGER, 'Dashboard');
      try {
        expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
        await page.goto('/alerts');
        await expect(page.getByRole('heading', { level: 1, name: 'Waarschuwingen' })).toBeVisible();
        await expect(page.getByRole('button', { name: 'Regel toevoegen' })).toHaveCount(0);
        await expect(alertsRegion(page, 'Waarschuwingsregels')).toContainText(RULE);
        await expect(alertsRegion(page, 'Kanalen')).toContainText('Alleen een beheerder');
        await screenshot(page, 'alerts-nl');
        await page.setViewportSize({ width: 390, height: 844 });
        await page.reload();
        await expect(page.getByRole('heading', { level: 1, name: 'Waarschuwingen' })).toBeVisible();
        await screenshot(page, 'alerts-nl-phone');
        await page.goto('/');
        await expect(page.getByRole('region', { name: /actieve waarschuwingen?$/ })).toBeVisible();
        await screenshot(page, 'dashboard-alerts-nl-phone');
      } finally {
        await resetLocale(page.request, MANAGER);
      }
    });

    test('an admin’s alerts page on a phone, in English', async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await openSignedIn(page, ADMIN, 'Dashboard');
      await page.goto('/alerts');
      await expect(page.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
      await screenshot(page, 'alerts-en-phone');
    });
  });
