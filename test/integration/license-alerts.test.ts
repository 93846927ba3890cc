import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendWeeklyLicenseReport } from '@vpp/core/alerts/weekly-license-report';
import { parse } from 'csv-parse/sync';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// The "done when": with SMTP_URL set (a real SMTP server in this process) and a webhook
// channel pointed at a local receiver, a LOW_LICENSES rule at "available ≤ 2" on an app with 4 free
// licenses fires exactly once — one email, one signed webhook — when a deployment takes 2, and not
// again until licenses are freed and taken again. Every change of the app's counts is a history point.

const APP = '830000001';
const WEBHOOK_SECRET = 'webhook-secret-of-this-test-0123';

let product: ProductUnderTest;
let smtp: SMTPServer;
const mails: ParsedMail[] = [];
let receiver: http.Server;
let receiverUrl: string;
const hooks: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let flakyFailures = 1;
let tokenId: string;
let storeAppId: string;
let serial = 0;

async function deviceCollection(count: number) {
  const prisma = product.app.database.prisma;
  const collection = await prisma.collection.create({
    data: { name: `Alert devices ${++serial}`, type: 'DEVICE' },
  });
  for (let index = 0; index < count; index += 1) {
    serial += 1;
    const device = await prisma.device.create({
      data: { serialNumber: `AL${String(serial).padStart(8, '0')}` },
    });
    await prisma.collectionDevice.create({ data: { collectionId: collection.id, deviceId: device.id } });
  }
  return collection.id;
}

async function deploy(applicationId: string, collectionId: string, action: 'INSTALL' | 'UNINSTALL') {
  const created = await product.admin
    .post('/api/deployments')
    .send({ applicationId, collectionId, action, purpose: 'REQUIRED' });
  expect(created.status).toBe(201);
  const done = action === 'INSTALL' ? 'INSTALLED' : 'LICENSE_RELEASED';
  await waitFor(async () => {
    const deployment = await product.admin.get(`/api/deployments/${created.body.id}`);
    return deployment.body.counts?.[done] === 2;
  }, 30_000);
}

/** Waits until no alert evaluation or delivery is queued or running. */
async function alertQueueIdle() {
  await waitFor(async () => {
    const [row] = await product.app.database.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs
       WHERE task_identifier IN ('evaluate-alerts', 'deliver-alert') AND attempts < max_attempts`;
    return row?.n === 0;
  }, 30_000);
}

const hooksTo = (path: string) => hooks.filter((hook) => hook.path === path);

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 'smtp-pass') callback(null, { user: 'alerts' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === '/flaky' && flakyFailures > 0) {
        flakyFailures -= 1;
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  product = await startProduct({
    configOverrides: {
      SMTP_URL: `smtp://alerts:smtp-pass@127.0.0.1:${smtpPort}`,
      ALERT_FROM: 'VPP Alerts <alerts@example.test>',
    },
    emulatorOptions: { deviceCommandDelayMs: 30 },
  });
  const location = product.emulator.control.createLocation({
    orgName: 'Alert Org',
    locationName: 'Alert campus',
    type: 'EDUCATION',
    assets: [{ adamId: APP, name: 'Alert App', deviceAssignable: true, count: 4 }],
  });
  await product.startWorker();
  const upload = product.admin.post('/api/tokens');
  for (const [key, value] of Object.entries({
    name: 'Alerts',
    appleId: 'it@example.test',
    type: 'EDUCATION',
  }))
    upload.field(key, value);
  const uploaded = await upload.attach('token', Buffer.from(location.vppToken), 'alerts.vpptoken');
  expect(uploaded.status).toBe(201);
  tokenId = uploaded.body.id;
  await waitFor(
    async () =>
      (await product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } })) ??
      null,
  );
  storeAppId = (
    await product.app.database.prisma.storeApp.findFirstOrThrow({ where: { tokenId, adamId: APP } })
  ).id;
  expect(
    (await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) })).status,
  ).toBe(200);
}, 60_000);

afterAll(async () => {
  await product?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

describe('LOW_LICENSES by email and signed webhook', () => {
  let emailChannelId: string;
  let webhookChannelId: string;
  let flakyChannelId: string;

  it('fires once when a deployment takes the app to 2 available, and again only after recovering', async () => {
    const email = await product.admin
      .post('/api/alert-channels')
      .send({ type: 'EMAIL', name: 'Licence desk', target: 'licenses@example.test' });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({ type: 'EMAIL', secretSet: false });
    emailChannelId = email.body.id;
    const webhook = await product.admin
      .post('/api/alert-channels')
      .send({ type: 'WEBHOOK', name: 'Automation', target: `${receiverUrl}/hook`, secret: WEBHOOK_SECRET });
    expect(webhook.status).toBe(201);
    expect(webhook.body.secretSet).toBe(true);
    expect(JSON.stringify(webhook.body)).not.toContain(WEBHOOK_SECRET);
    webhookChannelId = webhook.body.id;
    const flaky = await product.admin
      .post('/api/alert-channels')
      .send({ type: 'WEBHOOK', name: 'Flaky', target: `${receiverUrl}/flaky`, secret: WEBHOOK_SECRET });
    flakyChannelId = flaky.body.id;

    const rule = await product.admin.post('/api/alert-rules').send({
      name: 'Alert App running out',
      kind: 'LOW_LICENSES',
      threshold: { available: 2 },
      channelIds: [emailChannelId, webhookChannelId, flakyChannelId],
      scope: { storeAppIds: [storeAppId] },
    });
    expect(rule.status).toBe(201);
    // The rule is evaluated at once: 4 available is above 2, nothing fires.
    await alertQueueIdle();
    expect(mails).toHaveLength(0);
    expect(hooksTo('/hook')).toHaveLength(0);

    const application = await product.admin.post(`/api/store-apps/${storeAppId}/applications`).send({});
    const firstDevices = await deviceCollection(2);
    await deploy(application.body.id, firstDevices, 'INSTALL');
    await waitFor(async () => mails.length >= 1 && hooksTo('/hook').length >= 1);
    // The flaky receiver answered 503 once: the job retried with backoff and the second try landed.
    await waitFor(async () => hooksTo('/flaky').length >= 2, 30_000);
    await alertQueueIdle();

    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toContain('Low on licenses');
    expect(mail.subject).toContain('Alert App');
    expect(mail.from?.text).toContain('alerts@example.test');
    expect(mail.text).toContain('2 of 4 licenses available');
    expect(hooksTo('/hook')).toHaveLength(1);
    const hook = hooksTo('/hook')[0]!;
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(hook.body).digest('hex')}`;
    const given = String(hook.headers['x-vpp-signature']);
    expect(given.length).toBe(expected.length);
    expect(timingSafeEqual(Buffer.from(given), Buffer.from(expected))).toBe(true);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: 'alert.firing',
      rule: { id: rule.body.id, kind: 'LOW_LICENSES', name: 'Alert App running out' },
      message: '2 of 4 licenses available',
    });

    const active = await product.admin.get('/api/alerts/active');
    expect(active.body.items).toEqual([
      expect.objectContaining({ ruleId: rule.body.id, subjectType: 'STORE_APP', subjectId: storeAppId }),
    ]);

    // Still low after another sync and another evaluation: no repeat.
    const sync = await product.admin.post(`/api/tokens/${tokenId}/sync`);
    await waitFor(
      async () =>
        (await product.app.database.prisma.syncRun.findUnique({ where: { id: sync.body.syncRunId } }))
          ?.status === 'SUCCEEDED',
    );
    await alertQueueIdle();
    expect(mails).toHaveLength(1);
    expect(hooksTo('/hook')).toHaveLength(1);

    // Freed: 4 available again, the alert recovers without a message.
    await deploy(application.body.id, firstDevices, 'UNINSTALL');
    await waitFor(async () => (await product.admin.get('/api/alerts/active')).body.total === 0);
    await alertQueueIdle();
    expect(mails).toHaveLength(1);

    // Taken again: a second crossing, a second message on each channel.
    const secondDevices = await deviceCollection(2);
    await deploy(application.body.id, secondDevices, 'INSTALL');
    await waitFor(async () => mails.length >= 2 && hooksTo('/hook').length >= 2);
    await alertQueueIdle();
    expect(mails).toHaveLength(2);
    expect(hooksTo('/hook')).toHaveLength(2);

    const deliveries = await product.admin.get(`/api/alert-channels/${flakyChannelId}/deliveries`);
    expect(deliveries.status).toBe(200);
    const firstFlaky = deliveries.body.items.at(-1);
    expect(firstFlaky).toMatchObject({ status: 'SENT', attempts: 2, responseCode: 200, purpose: 'ALERT' });
    const webhookLog = await (await product.app.signedInAgent('manager')).get(
      `/api/alert-channels/${webhookChannelId}/deliveries`,
    );
    expect(
      webhookLog.body.items.map((item: { status: string; responseCode: number }) => [
        item.status,
        item.responseCode,
      ]),
    ).toEqual([
      ['SENT', 200],
      ['SENT', 200],
    ]);
  }, 120_000);

  it('records a history point for every change of the counts', async () => {
    const history = await product.admin.get(`/api/store-apps/${storeAppId}/history`);
    expect(history.status).toBe(200);
    const points = history.body.items as {
      totalCount: number;
      assignedCount: number;
      availableCount: number;
    }[];
    // The first sync's insert, the first claim, the release, the second claim (a claim of two devices
    // may land as one event or two).
    expect(points[0]).toMatchObject({ totalCount: 4, assignedCount: 0, availableCount: 4 });
    expect(points.at(-1)).toMatchObject({ totalCount: 4, assignedCount: 2, availableCount: 2 });
    const assigned = points.map((point) => point.assignedCount);
    expect(assigned.indexOf(0, 1)).toBeGreaterThan(assigned.indexOf(2));
    for (let index = 1; index < points.length; index += 1) {
      const [before, after] = [points[index - 1]!, points[index]!];
      expect([before.totalCount, before.assignedCount, before.availableCount]).not.toEqual([
        after.totalCount,
        after.assignedCount,
        after.availableCount,
      ]);
    }
    expect(points.length).toBeLessThanOrEqual(7);
    const stored = await product.app.database.prisma.licenseHistoryPoint.count({ where: { storeAppId } });
    expect(stored).toBe(points.length);

    // "As of" a time before the first deployment: the report shows the counts of then.
    const asOf = new Date(Date.parse(history.body.items[0].at) + 1).toISOString();
    const report = await product.admin.get(
      `/api/reports/license-counts?asOf=${encodeURIComponent(asOf)}&tokenId=${tokenId}`,
    );
    expect(report.status).toBe(200);
    expect(report.body.items).toEqual([
      expect.objectContaining({ storeAppId, inUse: 0, available: 4, forecast: null }),
    ]);
    const live = await product.admin.get(`/api/reports/license-counts?tokenId=${tokenId}`);
    expect(live.body.items[0]).toMatchObject({ inUse: 2, available: 2 });
    expect(live.body.items[0].forecast).toEqual({
      daysUntilExhausted: null,
      exhaustedOn: null,
      suggestedPurchase: 0,
    });
  });

  it('sends a test through a channel now and logs it', async () => {
    const before = mails.length;
    const tested = await product.admin.post(`/api/alert-channels/${emailChannelId}/test`);
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ purpose: 'TEST', status: 'SENT', responseCode: 250, attempts: 1 });
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)?.subject).toContain('Test of channel');
    const manager = await product.app.signedInAgent('manager');
    expect((await manager.post(`/api/alert-channels/${emailChannelId}/test`)).status).toBe(403);
    const audit = await product.app.database.prisma.auditEntry.findMany({
      where: { targetType: { in: ['alert-channel', 'alert-rule'] } },
    });
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'alert-channel.create',
      'alert-channel.create',
      'alert-channel.create',
      'alert-rule.create',
    ]);
    expect(JSON.stringify(audit)).not.toContain(WEBHOOK_SECRET);
  });

  it('mails the weekly license report with the CSV attached to the chosen addresses', async () => {
    const manager = await product.app.signedInAgent('manager');
    const refused = await manager
      .patch('/api/license-intelligence/settings')
      .send({ weeklyReport: { enabled: true, recipients: ['x@example.test'] } });
    expect(refused.status).toBe(403);
    const saved = await product.admin.patch('/api/license-intelligence/settings').send({
      forecastHorizonDays: 120,
      weeklyReport: { enabled: true, recipients: ['cfo@example.test', 'it@example.test'] },
    });
    expect(saved.status).toBe(200);
    expect((await manager.get('/api/license-intelligence/settings')).body).toEqual({
      forecastHorizonDays: 120,
      currency: 'EUR',
      weeklyReport: { enabled: true, recipients: ['cfo@example.test', 'it@example.test'] },
    });
    const before = mails.length;
    const result = await sendWeeklyLicenseReport({
      database: product.app.database,
      config: product.app.config,
      now: () => new Date('2026-12-07T06:00:00Z'),
    });
    expect(result).toBe('sent');
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1)!;
    expect(mail.subject).toBe('[VPP Console] Weekly license report 2026-12-07');
    expect((Array.isArray(mail.to) ? mail.to : [mail.to]).map((to) => to?.text).join(',')).toContain(
      'cfo@example.test',
    );
    const attachment = mail.attachments.find((file) => file.filename === 'vpp-license-counts-2026-12-07.csv');
    expect(attachment).toBeDefined();
    const rows = parse(attachment!.content.toString('utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((row) => row.adamId === APP)).toMatchObject({
      inUse: '2',
      available: '2',
      suggestedPurchase: '0',
    });
  });
});
