import { expect, type Page, test } from '@playwright/test';
import { ADMIN, resetLocale, screenshot, signIn } from './support/console.ts';
import {
  createPushCertificate,
  runMark,
  seedInstalledDeployment,
  serialNumbers,
  uploadPushCertificate,
} from './support/deployments.ts';

// Collections filled in the console without a CSV file (issue 13): a searchable picker adds
// devices and people, members are ticked and taken out, a device is added to a collection from its
// own page, and a device's page lists the licenses Apple holds for it and its deployments.

function membersTable(page: Page, collectionName: string) {
  return page.getByRole('table', { name: `Members of ${collectionName}` });
}

async function newCollection(page: Page, name: string, type: 'DEVICE' | 'USER') {
  const created = await page.request.post('/api/collections', { data: { name, type } });
  expect(created.status()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

test.describe('collection members and device pages', () => {
  test.afterEach(async ({ request }) => {
    await resetLocale(request, ADMIN);
  });

  test('builds a device and a user collection with the picker, and removes a member', async ({ page }) => {
    const mark = runMark();
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page).not.toHaveURL(/\/login/);
    const serials = serialNumbers(mark, 3);
    for (const serialNumber of serials) {
      const device = await page.request.post('/api/devices', {
        data: { serialNumber, name: `Cart ${serialNumber}` },
      });
      expect(device.status()).toBe(201);
    }
    const emails = [`ana-${mark}`, `bo-${mark}`].map((name) => `${name.toLowerCase()}@northwind.example`);
    for (const email of emails) {
      expect((await page.request.post('/api/people', { data: { email } })).status()).toBe(201);
    }

    // Devices: search by this run's mark, tick all three over the list, add them at once.
    const deviceCollection = `Cart iPads ${mark}`;
    const deviceCollectionId = await newCollection(page, deviceCollection, 'DEVICE');
    await page.goto(`/collections/${deviceCollectionId}`);
    await page.getByRole('button', { name: 'Add members' }).click();
    const picker = page.getByRole('dialog', { name: `Add members to ${deviceCollection}` });
    await picker.getByRole('button', { name: /^Add 0 members$/ }).click();
    await expect(picker.getByText('Tick at least one to add.')).toBeVisible();
    await picker.getByLabel('Search devices').fill(`E2E${mark}`);
    for (const serial of serials) await picker.getByRole('checkbox', { name: new RegExp(serial) }).check();
    await screenshot(page, 'collection-picker-en', { fullPage: false });
    await picker.getByRole('button', { name: 'Add 3 members' }).click();
    await expect(page.getByText(`3 members added to ${deviceCollection}.`)).toBeVisible();
    await expect(membersTable(page, deviceCollection).locator('tbody tr')).toHaveCount(3);

    // Tick one member and take it out.
    await membersTable(page, deviceCollection)
      .getByRole('checkbox', { name: `Select ${serials[0]}` })
      .check();
    await page.getByRole('button', { name: 'Remove 1 member' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Remove members' });
    await expect(confirm).toContainText('keeps the apps and licenses');
    await confirm.getByRole('button', { name: 'Remove 1 member' }).click();
    await expect(page.getByText(`1 member removed from ${deviceCollection}.`)).toBeVisible();
    await expect(membersTable(page, deviceCollection).locator('tbody tr')).toHaveCount(2);
    await expect(membersTable(page, deviceCollection)).not.toContainText(serials[0] as string);
    await screenshot(page, 'collection-members-en');

    // People, by email, in a user collection.
    const userCollection = `Reception staff ${mark}`;
    const userCollectionId = await newCollection(page, userCollection, 'USER');
    await page.goto(`/collections/${userCollectionId}`);
    await page.getByRole('button', { name: 'Add members' }).click();
    const peoplePicker = page.getByRole('dialog', { name: `Add members to ${userCollection}` });
    await peoplePicker.getByLabel('Search people').fill(mark.toLowerCase());
    for (const email of emails) await peoplePicker.getByRole('checkbox', { name: email }).check();
    await peoplePicker.getByRole('button', { name: 'Add 2 members' }).click();
    await expect(membersTable(page, userCollection).locator('tbody tr')).toHaveCount(2);
    // A person's page: who they are, their collections, and that Apple holds no user license yet.
    await membersTable(page, userCollection)
      .getByRole('link', { name: emails[0] as string })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: emails[0] as string })).toBeVisible();
    await expect(page.getByRole('link', { name: userCollection })).toBeVisible();
    await expect(page.getByText('Apple holds no user license for this person.')).toBeVisible();

    // The device taken out goes back in from its own page, in Dutch.
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.goto(`/devices?search=${serials[0]}`);
    await page.getByRole('link', { name: serials[0] as string }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Cart ${serials[0]}` })).toBeVisible();
    await page.getByRole('button', { name: 'Toevoegen aan verzameling' }).click();
    const add = page.getByRole('dialog', { name: 'Toevoegen aan verzameling' });
    await add.getByLabel('Verzameling zoeken').fill(deviceCollection);
    await add.getByRole('radio', { name: deviceCollection }).check();
    await screenshot(page, 'add-to-collection-nl', { fullPage: false });
    await add.getByRole('button', { name: 'Toevoegen', exact: true }).click();
    await expect(page.getByText(`${serials[0]} is toegevoegd aan ${deviceCollection}.`)).toBeVisible();
    await expect(page.getByRole('link', { name: deviceCollection })).toBeVisible();
    const members = await page.request.get(`/api/collections/${deviceCollectionId}/members`);
    expect(((await members.json()) as { total: number }).total).toBe(3);
  });

  test("a device's page lists the licenses Apple holds for it and its deployments", async ({ page }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await page.goto('/login');
    await signIn(page, ADMIN);
    await expect(page).not.toHaveURL(/\/login/);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const mark = runMark();
    const seeded = await seedInstalledDeployment(page.request, mark);
    const serial = seeded.serials[0] as string;

    // From the deployment's targets to the device.
    await page.goto(`/deployments/${seeded.deploymentId}`);
    await page.getByRole('link', { name: serial }).click();
    await expect(page.getByRole('heading', { level: 1, name: `iPad ${serial}` })).toBeVisible();
    const licenses = page.getByRole('table', { name: 'Licenses at Apple' });
    await expect(licenses.locator('tbody tr')).toHaveCount(1);
    await expect(licenses).toContainText('Microsoft Teams');
    await expect(licenses).toContainText('Device license');
    const deployments = page.getByRole('table', { name: 'Deployments' });
    await expect(deployments.locator('tbody tr')).toHaveCount(1);
    await expect(deployments).toContainText(seeded.applicationName);
    await expect(deployments).toContainText('Installed');
    await expect(page.getByRole('link', { name: seeded.collectionName }).first()).toBeVisible();
    await screenshot(page, 'device-page-en');

    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'device-page-phone-en');

    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.reload();
    await expect(page.getByRole('table', { name: 'Licenties bij Apple' })).toContainText('Apparaatlicentie');
    await expect(page.getByRole('table', { name: 'Implementaties' })).toContainText('Geïnstalleerd');
    await screenshot(page, 'device-page-nl');
  });
});
