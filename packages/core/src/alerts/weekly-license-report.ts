import { PassThrough } from 'node:stream';
import type { AppConfig } from '@vpp/config/config';
import type { Database } from '@vpp/db/database';
import { readLicenseIntelligenceSettings } from '../license-history/license-intelligence-settings.ts';
import { streamLicenseCountsCsv } from '../reports/license-counts-report.ts';
import { sendEmail } from './alert-transports.ts';

// The weekly license report: the report's CSV (every row, with forecasts) mailed to the addresses
// chosen in Settings, logged as a delivery. Throws on a failure that may pass, so the job retries.

export async function sendWeeklyLicenseReport(deps: {
  database: Database;
  config: Pick<AppConfig, 'SMTP_URL' | 'ALERT_FROM'>;
  now: () => Date;
}): Promise<'sent' | 'disabled'> {
  const { prisma, pool } = deps.database;
  const settings = await readLicenseIntelligenceSettings(prisma);
  if (!settings.weeklyReport.enabled || settings.weeklyReport.recipients.length === 0) return 'disabled';
  const now = deps.now();
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const rows = await streamLicenseCountsCsv(pool, {}, sink, {
    today: now,
    horizonDays: settings.forecastHorizonDays,
  });
  const day = now.toISOString().slice(0, 10);
  const delivery = await prisma.alertDelivery.create({
    data: {
      purpose: 'WEEKLY_REPORT',
      subject: `Weekly license report ${day}`,
      message: `${rows} store-app rows to ${settings.weeklyReport.recipients.join(', ')}`,
    },
  });
  const outcome = await sendEmail(deps.config.SMTP_URL, {
    from: deps.config.ALERT_FROM,
    to: settings.weeklyReport.recipients,
    subject: `[VPP Console] Weekly license report ${day}`,
    text: `The license report of ${day} is attached: ${rows} store apps, one row per app per token, with forecasts for ${settings.forecastHorizonDays} days.\n`,
    attachments: [
      { filename: `vpp-license-counts-${day}.csv`, content: Buffer.concat(chunks), contentType: 'text/csv' },
    ],
  });
  await prisma.alertDelivery.update({
    where: { id: delivery.id },
    data: {
      attempts: 1,
      responseCode: outcome.responseCode,
      error: outcome.error,
      status: outcome.ok ? 'SENT' : 'FAILED',
      finishedAt: deps.now(),
    },
  });
  if (!outcome.ok) throw new Error(`The weekly license report was not sent: ${outcome.error}`);
  return 'sent';
}
