import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  ADMIN,
  type Credentials,
  MANAGER,
  mainNavigation,
  resetLocale,
  screenshot,
  signIn,
} from './support/console.ts';
import {
  createPushCertificate,
  DEVICE_APP,
  ensureHqToken,
  HQ_TOKEN_NAME,
  runMark,
  seedInstalledDeployment,
  seedRegisteredPerson,
  serialNumbers,
  storeApp,
  uploadPushCertificate,
} from './support/deployments.ts';

/** A picture for a person to look at, once the app icons on the page have loaded. */
async function shot(page: Page, name: string, options?: { fullPage?: boolean }) {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  await screenshot(page, name, options);
}

/** Signs in and waits for the console, whatever page it lands on. */
async function signInAs(page: Page, who: Credentials) {
  await page.goto('/login');
  await signIn(page, who);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function openFromNavigation(page: Page, link: string, heading: string) {
  await mainNavigation(page).getByRole('link', { name: link, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByText('Loading…')).toHaveCount(0);
}

function csvFile(name: string, lines: string[]) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) };
}

function rowWithHeader(table: Locator, name: string | RegExp) {
  return table.getByRole('row').filter({ has: table.page().getByRole('rowheader', { name }) });
}

function licensesTable(page: Page, name = 'Store-app licenses') {
  return page.getByRole('table', { name });
}

/** The store-app row's cells: adam ID, token, total, in use, available, retired, device licensing. */
function availableCell(row: Locator) {
  return row.getByRole('cell').nth(4);
}

function figure(scope: Locator, label: string) {
  return scope
    .locator('dt')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd');
}

function targetRows(page: Page, caption = 'Targets of this deployment') {
  return page.getByRole('table', { name: caption }).locator('tbody tr');
}

test.describe('store-app licenses and deployments, as an admin', () => {
  test('creates an application, imports a device collection, previews, deploys and uninstalls', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const mark = runMark();
    const serials = serialNumbers(mark, 3);
    const certificate = createPushCertificate();
    await signInAs(page, ADMIN);

    // The push certificate first: without it no deployment can be created.
    await openFromNavigation(page, 'APNs certificate', 'APNs certificate');
    const upload = page.getByRole('region', { name: /Upload/ });
    await upload.getByLabel('Certificate file (PEM)').setInputFiles({
      name: 'notes.pem',
      mimeType: 'text/plain',
      buffer: Buffer.from('not a certificate\n'),
    });
    await upload.getByRole('button', { name: 'Upload certificate' }).click();
    await expect(upload.getByLabel('Certificate file (PEM)')).toHaveAccessibleDescription(
      /This is not a PEM certificate/,
    );
    await shot(page, 'apns-not-a-certificate');
    await upload.getByLabel('Certificate file (PEM)').setInputFiles(certificate.path);
    await upload.getByRole('button', { name: 'Upload certificate' }).click();
    await expect(
      page.getByRole('status').filter({ hasText: 'Certificate uploaded. It is valid until' }),
    ).toBeVisible();
    const current = page.getByRole('region', { name: 'Current certificate' });
    await expect(current).toContainText('com.apple.mgmt.External.e2e');
    await expect(current).toContainText('APSP:e2e');
    await expect(current.getByText('Valid', { exact: true })).toBeVisible();
    await shot(page, 'apns-certificate');
    certificate.dispose();

    // A demo token, synced: its apps are listed once per token.
    const { id: tokenId } = await ensureHqToken(page.request);
    const before = await storeApp(page.request, tokenId, DEVICE_APP);
    expect(before.deviceAssignable).toBe(true);
    await openFromNavigation(page, 'Store-app licenses', 'License information for Store Apps');
    await expect(licensesTable(page).getByRole('row').first()).toBeVisible();
    await shot(page, 'store-apps');

    const filters = page.getByRole('search');
    await filters.getByLabel('Token', { exact: true }).selectOption({ label: HQ_TOKEN_NAME });
    await filters.getByLabel('Device licensing').selectOption('true');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(new RegExp(`tokenId=${tokenId}`));
    await expect(page).toHaveURL(/deviceAssignable=true/);
    const teams = rowWithHeader(licensesTable(page), new RegExp(DEVICE_APP));
    await expect(teams).toContainText(HQ_TOKEN_NAME);
    await expect(teams).toContainText('Business');
    await expect(availableCell(teams)).toHaveText(String(before.availableCount));

    // Sorting by a column heading, both ways; the heading says how the rows are sorted.
    const availableHeading = licensesTable(page).getByRole('columnheader', { name: 'Available' });
    await availableHeading.getByRole('button').click();
    await expect(page).toHaveURL(/sort=available/);
    await expect(availableHeading).toHaveAttribute('aria-sort', 'ascending');
    await availableHeading.getByRole('button').click();
    await expect(page).toHaveURL(/sort=-available/);
    await expect(availableHeading).toHaveAttribute('aria-sort', 'descending');
    await shot(page, 'store-apps-filtered-sorted');

    // Free apps have no count to run out of.
    await filters.getByRole('button', { name: 'Clear filters' }).click();
    await filters.getByLabel('Search').fill('Pages');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(rowWithHeader(licensesTable(page), /^Pages/).first()).toContainText('Unlimited');

    // Create an application from the row.
    await filters.getByLabel('Search').fill(DEVICE_APP);
    await filters.getByLabel('Token', { exact: true }).selectOption({ label: HQ_TOKEN_NAME });
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await teams.getByRole('button', { name: /Create application/ }).click();
    const create = page.getByRole('dialog', { name: 'Create application' });
    await expect(create.getByLabel('Name')).toHaveValue(DEVICE_APP);
    const applicationName = `Teams for iPads ${mark}`;
    await create.getByLabel('Name').fill(applicationName);
    await shot(page, 'store-apps-create-application', { fullPage: false });
    await create.getByRole('button', { name: 'Create application' }).click();
    await expect(page.getByRole('heading', { level: 1, name: applicationName })).toBeVisible();
    await expect(
      page.getByRole('status').filter({ hasText: `Application ${applicationName} created.` }),
    ).toBeVisible();
    const licenses = page.getByRole('region', { name: 'Store-app licenses' });
    await expect(figure(licenses, 'Available')).toHaveText(String(before.availableCount));
    const applicationUrl = page.url();
    await shot(page, 'application-new');

    // Devices from a CSV file, with the rows it refuses and why.
    await openFromNavigation(page, 'Devices', 'Devices');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const importDevices = page.getByRole('dialog', { name: 'Import devices' });
    await importDevices
      .getByLabel('CSV file')
      .setInputFiles(
        csvFile('devices.csv', [
          'serialNumber,name,model,site',
          ...serials.map((serial, index) => `${serial},Front desk ${index + 1},iPad Air,HQ`),
          'BAD-SERIAL,Broken,iPad,HQ',
          `${serials[0]?.toLowerCase()},Again,iPad,HQ`,
        ]),
      );
    await importDevices.getByRole('button', { name: 'Import', exact: true }).click();
    const deviceReport = importDevices.getByRole('region', { name: 'Import report' });
    await expect(figure(deviceReport, 'Created')).toHaveText('3');
    await expect(figure(deviceReport, 'Refused')).toHaveText('2');
    await expect(deviceReport).toContainText('Columns not read: site.');
    const refused = deviceReport.getByRole('table', { name: '2 rows refused' });
    await expect(refused.getByRole('row').nth(1)).toContainText('5BAD-SERIAL');
    await expect(refused.getByRole('row').nth(1)).toContainText(
      'serialNumber must be 8 to 14 letters and digits',
    );
    await expect(refused.getByRole('row').nth(2)).toContainText('duplicate of line 2');
    await expect(importDevices.getByRole('status')).toContainText(
      'Import finished: 3 created, 0 updated, 2 refused.',
    );
    await shot(page, 'devices-import-report', { fullPage: false });
    await importDevices.getByRole('button', { name: 'Close', exact: true }).first().click();
    const search = page.getByRole('search');
    await search.getByLabel('Search', { exact: true }).fill(`E2E${mark}`);
    await search.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Devices' }).locator('tbody tr')).toHaveCount(3);
    await shot(page, 'devices');

    // A device collection, its members imported from a CSV file of serial numbers.
    const collectionName = `Front desk iPads ${mark}`;
    await openFromNavigation(page, 'Collections', 'Collections');
    await page.getByRole('button', { name: 'Create collection' }).click();
    const createCollection = page.getByRole('dialog', { name: 'Create collection' });
    await createCollection.getByLabel('Name').fill(collectionName);
    await expect(createCollection.getByRole('radio', { name: 'Device collection' })).toBeChecked();
    await shot(page, 'collection-create', { fullPage: false });
    await createCollection.getByRole('button', { name: 'Create collection' }).click();
    await expect(page.getByRole('heading', { level: 1, name: collectionName })).toBeVisible();
    await page.getByRole('button', { name: 'Import members' }).click();
    const importMembers = page.getByRole('dialog', { name: `Import members of ${collectionName}` });
    await expect(importMembers.getByRole('radio', { name: 'Add to the members' })).toBeChecked();
    await importMembers
      .getByLabel('CSV file')
      .setInputFiles(csvFile('members.csv', ['serialNumber', ...serials, 'NOSUCHDEVICE1']));
    await importMembers.getByRole('button', { name: 'Import', exact: true }).click();
    const memberReport = importMembers.getByRole('region', { name: 'Import report' });
    await expect(figure(memberReport, 'Added')).toHaveText('3');
    await expect(figure(memberReport, 'Refused')).toHaveText('1');
    await expect(memberReport.getByRole('table')).toContainText('NOSUCHDEVICE1');
    await shot(page, 'collection-import-report', { fullPage: false });
    await importMembers.getByRole('button', { name: 'Close', exact: true }).first().click();
    const members = page.getByRole('table', { name: `Members of ${collectionName}` });
    await expect(members.locator('tbody tr')).toHaveCount(3);
    await shot(page, 'collection');
    await openFromNavigation(page, 'Collections', 'Collections');
    await expect(
      rowWithHeader(page.getByRole('table', { name: 'Collections' }), collectionName),
    ).toContainText('3');
    await shot(page, 'collections');

    // Deploy: pick the collection, see the preview, then confirm.
    await page.goto(applicationUrl);
    await page.getByRole('button', { name: 'Deploy' }).click();
    const form = page.getByRole('dialog', { name: `Deploy ${applicationName}` });
    await form.getByLabel('Find a collection').fill(collectionName);
    const choice = form.getByRole('radio', { name: collectionName });
    await expect(choice).toHaveAccessibleDescription('Device collection · 3 members');
    await choice.check();
    await expect(form.getByRole('radio', { name: 'Install', exact: true })).toBeChecked();
    await expect(form.getByRole('radio', { name: 'Required' })).toBeChecked();
    const available = form.getByRole('radio', { name: 'Available' });
    await expect(available).toBeDisabled();
    await expect(available).toHaveAccessibleDescription('Not supported for volume-purchased apps.');
    await expect(form.getByRole('button', { name: 'Deploy', exact: true })).toHaveCount(0);
    await shot(page, 'deployment-form', { fullPage: false });

    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('region', { name: /Preview/ });
    await expect(figure(preview, 'License type')).toHaveText('Device license');
    await expect(figure(preview, 'Targets')).toHaveText('3');
    await expect(figure(preview, 'Licenses needed')).toHaveText('3');
    await expect(figure(preview, 'Already held')).toHaveText('0');
    await expect(figure(preview, 'New claims')).toHaveText('3');
    await expect(figure(preview, 'Available')).toHaveText(String(before.availableCount));
    await expect(figure(preview, 'Shortfall')).toHaveText('0');
    await expect(preview).toContainText('There are enough licenses for every target.');
    await expect(form.getByRole('status')).toContainText(
      'Preview ready: 3 targets, 3 new claims, 0 will fail.',
    );
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'deployment-preview', { fullPage: false });

    await form.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: `Install: ${applicationName}` })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Deployment of' })).toBeVisible();
    await shot(page, 'deployment-in-progress');
    await expect(targetRows(page).filter({ hasText: 'Installed' })).toHaveCount(3, { timeout: 60_000 });
    const progress = page.getByRole('region', { name: 'Progress' });
    await expect(figure(progress, 'Installed')).toHaveText(/^3/);
    await expect(progress).toContainText('Finished');
    await expect(page.getByText("A deployment's action cannot be changed.")).toBeVisible();
    await shot(page, 'deployment-installed');
    const installUrl = page.url();

    // The licenses are claimed: three fewer are available.
    await expect
      .poll(async () => (await storeApp(page.request, tokenId, DEVICE_APP)).availableCount, {
        timeout: 30_000,
      })
      .toBe(before.availableCount - 3);

    // Stopping asks first, and says that only an uninstall releases licenses.
    await page.getByRole('button', { name: 'Stop' }).click();
    const stop = page.getByRole('alertdialog', { name: 'Stop deployment' });
    await expect(stop).toContainText('they are released only by an uninstall deployment');
    await expect(stop.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, 'deployment-stop-confirmation', { fullPage: false });
    await stop.getByRole('button', { name: 'Cancel' }).click();

    // Uninstall: the form opens with the same collection and action Uninstall.
    await page.getByRole('button', { name: 'Uninstall…' }).click();
    const uninstall = page.getByRole('dialog', { name: `Deploy ${applicationName}` });
    await expect(uninstall.getByRole('radio', { name: collectionName })).toBeChecked();
    await expect(uninstall.getByRole('radio', { name: 'Uninstall', exact: true })).toBeChecked();
    await uninstall.getByRole('button', { name: 'Preview' }).click();
    const uninstallPreview = uninstall.getByRole('region', { name: /Preview/ });
    // An uninstall claims nothing: its preview counts the licenses it will release instead.
    await expect(
      uninstallPreview.getByRole('heading', { name: 'Preview: the licenses this uninstall releases' }),
    ).toBeVisible();
    await expect(figure(uninstallPreview, 'Licenses to release')).toHaveText('3');
    await expect(uninstallPreview.locator('dt').filter({ hasText: /^New claims$/ })).toHaveCount(0);
    await expect(uninstallPreview).toContainText('An uninstall claims no licenses.');
    await shot(page, 'deployment-uninstall-preview', { fullPage: false });
    await uninstall.getByRole('button', { name: 'Deploy uninstall' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Uninstall: ${applicationName}` }),
    ).toBeVisible();
    await expect(targetRows(page).filter({ hasText: 'License released' })).toHaveCount(3, {
      timeout: 60_000,
    });
    await expect(page.getByRole('button', { name: 'Uninstall…' })).toHaveCount(0);
    await shot(page, 'deployment-uninstalled');

    // The licenses are back, in the list and on the application.
    await expect
      .poll(async () => (await storeApp(page.request, tokenId, DEVICE_APP)).availableCount, {
        timeout: 30_000,
      })
      .toBe(before.availableCount);
    await page.goto(`/store-apps?tokenId=${tokenId}&search=${encodeURIComponent(DEVICE_APP)}`);
    await expect(availableCell(teams)).toHaveText(String(before.availableCount));
    await page.goto(applicationUrl);
    await expect(figure(licenses, 'Available')).toHaveText(String(before.availableCount));
    const deployments = page.getByRole('table', { name: 'Deployments of this application, newest first' });
    await expect(deployments.locator('tbody tr')).toHaveCount(2);
    await expect(deployments.locator('tbody tr').first()).toContainText('3 licenses released');
    // The install deployment tells the truth too: the uninstall removed what it installed.
    await expect(deployments.locator('tbody tr').nth(1)).toContainText('3 removed');
    await shot(page, 'application-with-deployments');
    await openFromNavigation(page, 'Applications', 'Applications');
    await expect(
      rowWithHeader(page.getByRole('table', { name: 'Applications' }), new RegExp(applicationName)),
    ).toContainText('2 deployments');
    await shot(page, 'applications');
    await page.goto(installUrl);
    await expect(page.getByRole('heading', { level: 1, name: `Install: ${applicationName}` })).toBeVisible();
  });

  test('explains a missing APNs certificate and shows the targets that will fail', async ({ page }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await signInAs(page, ADMIN);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const mark = runMark();
    const seeded = await seedInstalledDeployment(page.request, mark);

    // A device without a primary user cannot hold a user license: an app without device licensing
    // on a device collection fails for it, which the preview says before anything is saved.
    const { id: tokenId } = await ensureHqToken(page.request);
    const userOnly = await storeApp(page.request, tokenId, 'Northwind Field Service');
    const created = await page.request.post(`/api/store-apps/${userOnly.id}/applications`, {
      data: { name: `Field Service ${mark}` },
    });
    const fieldService = (await created.json()) as { id: string; name: string };
    await page.goto(`/applications/${fieldService.id}`);
    await page.getByRole('button', { name: 'Deploy' }).click();
    const form = page.getByRole('dialog', { name: `Deploy ${fieldService.name}` });
    await form.getByLabel('Find a collection').fill(seeded.collectionName);
    await form.getByRole('radio', { name: seeded.collectionName }).check();
    await form.getByRole('button', { name: 'Preview' }).click();
    const preview = form.getByRole('region', { name: /Preview/ });
    await expect(figure(preview, 'License type')).toHaveText('User license');
    await expect(figure(preview, 'New claims')).toHaveText('0');
    const failing = preview.getByRole('table', { name: '3 targets will fail' });
    await expect(failing.locator('tbody tr')).toHaveCount(3);
    await expect(failing.locator('tbody tr').first()).toContainText(seeded.serials[0] ?? '');
    await expect(failing.locator('tbody tr').first()).toContainText(
      'The device has no primary user to hold a user license.',
    );
    await preview.scrollIntoViewIfNeeded();
    await shot(page, 'deployment-preview-failures', { fullPage: false });

    // The API refuses without a valid certificate (played back here: this server has one).
    await page.route('**/api/deployments', (route) =>
      route.fulfill({
        status: 409,
        contentType: 'application/problem+json',
        json: {
          type: 'about:blank',
          title: 'A valid APNs certificate is required',
          status: 409,
          detail: 'Upload a valid APNs certificate under Settings → APNs certificate before deploying.',
          code: 'APNS_CERTIFICATE_REQUIRED',
        },
      }),
    );
    await form.getByRole('button', { name: 'Deploy', exact: true }).click();
    const alert = form.getByRole('alert').filter({ hasText: 'No APNs certificate' });
    await expect(alert).toContainText("Devices are reached through Apple's Push Notification service (APNs)");
    await alert.scrollIntoViewIfNeeded();
    await shot(page, 'deployment-apns-required', { fullPage: false });
    await alert.getByRole('link', { name: 'Go to the APNs certificate' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'APNs certificate' })).toBeVisible();
    await page.unroute('**/api/deployments');

    // Available is refused by the API too; the form says so at the purpose.
    await page.goto(`/applications/${seeded.applicationId}`);
    await page.route('**/api/deployments', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/problem+json',
        json: {
          type: 'about:blank',
          title: 'Purpose not supported',
          status: 422,
          detail: 'Purpose "Available" is not supported for volume-purchased apps.',
          code: 'PURPOSE_NOT_SUPPORTED',
        },
      }),
    );
    await page.getByRole('button', { name: 'Deploy' }).click();
    const again = page.getByRole('dialog', { name: `Deploy ${seeded.applicationName}` });
    await again.getByLabel('Find a collection').fill(seeded.collectionName);
    await again.getByRole('radio', { name: seeded.collectionName }).check();
    await again.getByRole('button', { name: 'Preview' }).click();
    await expect(figure(again.getByRole('region', { name: /Preview/ }), 'Already held')).toHaveText('3');
    await again.getByRole('button', { name: 'Deploy', exact: true }).click();
    await expect(again.getByRole('group', { name: 'Purpose' })).toHaveAccessibleDescription(
      'Available is not supported for volume-purchased apps: choose Required.',
    );
    await page.unroute('**/api/deployments');
  });

  test('filters a deployment’s targets by state and search, and shows people with their invitation', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await signInAs(page, ADMIN);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const seeded = await seedInstalledDeployment(page.request, runMark());
    await page.goto(`/deployments/${seeded.deploymentId}`);
    const targets = page.getByRole('form', { name: 'Filter targets' });
    await targets.getByLabel('State').selectOption('INSTALLED');
    await targets.getByLabel('Search').fill(seeded.serials[1] ?? '');
    await targets.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(/state=INSTALLED/);
    await expect(targetRows(page)).toHaveCount(1);
    await expect(targetRows(page).first()).toContainText(seeded.serials[1] ?? '');
    await targets.getByLabel('State').selectOption('FAILED');
    await targets.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page.getByText('No targets match these filters.')).toBeVisible();
    await shot(page, 'deployment-targets-filtered');

    // People: registered with Apple when a deployment first needs a user license for them; without a
    // Managed Apple ID they stay Registered, with the invitation the console shows.
    const { email } = await seedRegisteredPerson(page.request, runMark());
    await openFromNavigation(page, 'People', 'People');
    const people = page.getByRole('search');
    await people.getByLabel('Search', { exact: true }).fill(email);
    await people.getByRole('button', { name: 'Search', exact: true }).click();
    const invited = rowWithHeader(page.getByRole('table', { name: 'People' }), new RegExp(email));
    await expect(invited).toContainText(HQ_TOKEN_NAME);
    await expect(invited).toContainText('Registered (invited)');
    await expect(invited).toContainText(/Invitation code: \S+/);
    await shot(page, 'people');
    await page.getByRole('button', { name: 'Add person' }).click();
    const person = page.getByRole('dialog', { name: 'Add person' });
    await person.getByLabel('Email').fill('not an email');
    await person.getByRole('button', { name: 'Add person' }).click();
    await expect(person.getByLabel('Email')).toHaveAccessibleDescription('Enter a valid email address.');
    await shot(page, 'people-add-errors', { fullPage: false });
    await person.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const importPeople = page.getByRole('dialog', { name: 'Import people' });
    await expect(importPeople.getByLabel('CSV file')).toHaveAccessibleDescription(
      /Columns: email \(required\), displayName, managedAppleId, clientUserId\./,
    );
    await shot(page, 'people-import', { fullPage: false });
    await importPeople.getByRole('button', { name: 'Cancel' }).click();

    // A device's primary user is named by email, and must be a known person.
    await openFromNavigation(page, 'Devices', 'Devices');
    await page.getByRole('button', { name: 'Add device' }).click();
    const device = page.getByRole('dialog', { name: 'Add device' });
    await device.getByLabel('Serial number').fill('SHORT');
    await device.getByLabel('Primary user (email)').fill('nobody@northwind.example');
    await device.getByRole('button', { name: 'Add device' }).click();
    await expect(device.getByLabel('Serial number')).toHaveAccessibleDescription(
      /Enter 8 to 14 letters and digits\./,
    );
    await expect(device.getByLabel('Primary user (email)')).toHaveAccessibleDescription(
      /No person has this email\. Add the person under People first\./,
    );
    await shot(page, 'device-add-errors', { fullPage: false });
    const serial = `E2E${runMark()}99`;
    await device.getByLabel('Serial number').fill(serial);
    await device.getByLabel('Name').fill('Reception iPad');
    await device.getByLabel('Primary user (email)').fill(email);
    await device.getByRole('button', { name: 'Add device' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Device ${serial} added.` })).toBeVisible();
    const search = page.getByRole('search');
    await search.getByLabel('Search', { exact: true }).fill(serial);
    await search.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(rowWithHeader(page.getByRole('table', { name: 'Devices' }), serial)).toContainText(email);

    // A collection that an active deployment targets cannot be deleted: the dialog says why.
    await page.goto(`/collections/${seeded.collectionId}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    const remove = page.getByRole('alertdialog', { name: 'Delete collection' });
    await remove.getByRole('button', { name: 'Delete' }).click();
    await expect(remove.getByRole('alert')).toHaveText(
      'An active deployment targets this collection: stop it first.',
    );
    await shot(page, 'collection-delete-refused', { fullPage: false });
    await remove.getByRole('button', { name: 'Cancel' }).click();
  });
});

test.describe('store-app licenses and deployments, as a manager', () => {
  test('sees the licenses, applications, deployments and inventory, and can change none of them', async ({
    page,
    playwright,
  }) => {
    test.setTimeout(120_000);
    const admin = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
    expect((await admin.post('/api/auth/login', { data: ADMIN })).ok()).toBe(true);
    const certificate = createPushCertificate();
    await uploadPushCertificate(admin, certificate.pem);
    certificate.dispose();
    const seeded = await seedInstalledDeployment(admin, runMark());
    await admin.dispose();

    await signInAs(page, MANAGER);
    for (const link of [
      'Store-app licenses',
      'Applications',
      'Devices',
      'People',
      'Collections',
      'APNs certificate',
    ]) {
      await expect(mainNavigation(page).getByRole('link', { name: link, exact: true })).toBeVisible();
    }
    await openFromNavigation(page, 'Store-app licenses', 'License information for Store Apps');
    await expect(licensesTable(page).getByRole('row').nth(1)).toBeVisible();
    await expect(page.getByRole('button', { name: /Create application/ })).toHaveCount(0);
    await shot(page, 'manager-store-apps');

    await openFromNavigation(page, 'Applications', 'Applications');
    await shot(page, 'manager-applications');
    await page.getByRole('link', { name: seeded.applicationName }).click();
    await expect(page.getByRole('heading', { level: 1, name: seeded.applicationName })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Deploy' })).toHaveCount(0);
    await page
      .getByRole('link', { name: new RegExp(seeded.collectionName) })
      .first()
      .click();
    await expect(
      page.getByRole('heading', { level: 1, name: `Install: ${seeded.applicationName}` }),
    ).toBeVisible();
    await expect(targetRows(page).filter({ hasText: 'Installed' })).toHaveCount(3);
    for (const name of ['Stop', 'Uninstall…']) {
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
    await shot(page, 'manager-deployment');

    await openFromNavigation(page, 'Devices', 'Devices');
    await expect(page.getByRole('button', { name: 'Import CSV' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Add device' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Actions' })).toHaveCount(0);
    await openFromNavigation(page, 'Collections', 'Collections');
    await expect(page.getByRole('button', { name: 'Create collection' })).toHaveCount(0);
    await openFromNavigation(page, 'APNs certificate', 'APNs certificate');
    await expect(page.getByText('Only admins can upload a certificate.')).toBeVisible();
    await expect(page.getByLabel('Certificate file (PEM)')).toHaveCount(0);
    await shot(page, 'manager-apns-certificate');
  });
});

test.describe('store-app licenses and deployments, in Dutch', () => {
  test.afterEach(async ({ request }) => {
    await resetLocale(request, ADMIN);
  });

  test('shows the licenses, the deployment form and a deployment in Dutch', async ({ page }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await signInAs(page, ADMIN);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const seeded = await seedInstalledDeployment(page.request, runMark());
    expect((await page.request.patch('/api/auth/me', { data: { locale: 'nl-NL' } })).ok()).toBe(true);

    await page.goto('/store-apps');
    await expect(
      page.getByRole('heading', { level: 1, name: 'Licentiegegevens voor Store-apps' }),
    ).toBeVisible();
    await expect(page.getByText('Bezig met laden…')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Toepassing maken/ }).first()).toBeVisible();
    await shot(page, 'store-apps-nl');

    await page.goto(`/applications/${seeded.applicationId}`);
    await expect(page.getByRole('heading', { level: 1, name: seeded.applicationName })).toBeVisible();
    await page.getByRole('button', { name: 'Implementeren' }).click();
    const form = page.getByRole('dialog', { name: `${seeded.applicationName} implementeren` });
    await form.getByLabel('Verzameling zoeken').fill(seeded.collectionName);
    await form.getByRole('radio', { name: seeded.collectionName }).check();
    await expect(form.getByRole('radio', { name: 'Vereist' })).toBeChecked();
    await expect(form.getByRole('radio', { name: 'Beschikbaar' })).toBeDisabled();
    await form.getByRole('button', { name: 'Voorbeeld bekijken' }).click();
    await expect(figure(form.getByRole('region', { name: /Voorbeeld/ }), 'Al in bezit')).toHaveText('3');
    await shot(page, 'deployment-form-nl', { fullPage: false });
    await form.getByRole('button', { name: 'Annuleren' }).click();

    await page.goto(`/deployments/${seeded.deploymentId}`);
    await expect(
      page.getByRole('heading', { level: 1, name: `Installeren: ${seeded.applicationName}` }),
    ).toBeVisible();
    await expect(
      targetRows(page, 'Doelen van deze implementatie').filter({ hasText: 'Geïnstalleerd' }),
    ).toHaveCount(3);
    await expect(page.getByText('Naar de apparaatverzameling')).toBeVisible();
    await shot(page, 'deployment-nl');

    await page.goto(`/collections/${seeded.collectionId}`);
    await expect(page.getByRole('heading', { level: 1, name: seeded.collectionName })).toBeVisible();
    await page.getByRole('button', { name: 'Leden importeren' }).click();
    await expect(page.getByRole('dialog', { name: /Leden van .* importeren/ })).toBeVisible();
    await shot(page, 'collection-import-nl', { fullPage: false });
  });
});

test.describe('store-app licenses and deployments, on a narrow screen', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the licenses, a deployment and the inventory fit a phone', async ({ page }) => {
    test.setTimeout(120_000);
    const certificate = createPushCertificate();
    await signInAs(page, ADMIN);
    await uploadPushCertificate(page.request, certificate.pem);
    certificate.dispose();
    const seeded = await seedInstalledDeployment(page.request, runMark());

    await page.goto('/store-apps');
    await expect(licensesTable(page).getByRole('row').nth(1)).toBeVisible();
    await shot(page, 'narrow-store-apps');
    await page.goto(`/applications/${seeded.applicationId}`);
    await expect(page.getByRole('heading', { level: 1, name: seeded.applicationName })).toBeVisible();
    await shot(page, 'narrow-application');
    await page.goto(`/deployments/${seeded.deploymentId}`);
    await expect(targetRows(page).filter({ hasText: 'Installed' })).toHaveCount(3);
    await shot(page, 'narrow-deployment');
    await page.getByRole('button', { name: 'Uninstall…' }).click();
    const form = page.getByRole('dialog', { name: /Deploy/ });
    await expect(form.getByRole('radio', { name: seeded.collectionName })).toBeChecked();
    await form.getByRole('button', { name: 'Preview' }).click();
    await expect(form.getByRole('region', { name: /Preview/ })).toBeVisible();
    await shot(page, 'narrow-deployment-form', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.goto(`/collections/${seeded.collectionId}`);
    await expect(page.getByRole('table', { name: `Members of ${seeded.collectionName}` })).toBeVisible();
    await shot(page, 'narrow-collection');
    await page.goto('/settings/apns-certificate');
    await expect(page.getByRole('region', { name: 'Current certificate' })).toContainText('com.apple.mgmt');
    await shot(page, 'narrow-apns-certificate');
  });
});
