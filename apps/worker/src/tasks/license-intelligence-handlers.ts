import { deliverAlert } from '@vpp/core/alerts/deliver-alert';
import { evaluateAlerts } from '@vpp/core/alerts/evaluate-alerts';
import { sendWeeklyLicenseReport } from '@vpp/core/alerts/weekly-license-report';
import { refreshBurnRates } from '@vpp/core/license-history/burn-rates';
import { compactLicenseHistory } from '@vpp/core/license-history/license-history-store';
import { runScheduledReclaims } from '@vpp/core/reclaim/reclaim-licenses';
import type { JobHandler } from '../worker-task.ts';

/** After a sync or a deployment's change: the token's burn rates are refreshed, then its rules evaluated. */
export const evaluateAlertsTask: JobHandler<'evaluate-alerts'> = async (payload, context) => {
  const now = context.now();
  if (payload.tokenId) await refreshBurnRates(context.database.pool, now, { tokenId: payload.tokenId });
  const outcome = await evaluateAlerts(context.database, payload, now);
  if (outcome.fired + outcome.recovered > 0)
    context.logger.info({ ...payload, ...outcome }, 'alerts evaluated');
};

export const evaluateAlertsPeriodically: JobHandler<'evaluate-alerts-periodically'> = async (
  _payload,
  context,
) => {
  const outcome = await evaluateAlerts(context.database, {}, context.now());
  if (outcome.fired + outcome.recovered > 0) context.logger.info(outcome, 'alerts evaluated');
};

export const deliverAlertTask: JobHandler<'deliver-alert'> = async ({ deliveryId }, context) => {
  const outcome = await deliverAlert(context, deliveryId, {
    number: context.attempt,
    max: context.maxAttempts,
  });
  if (outcome && !outcome.ok)
    context.logger.warn({ deliveryId, error: outcome.error }, 'alert delivery failed');
};

export const compactLicenseHistoryTask: JobHandler<'compact-license-history'> = async (_payload, context) => {
  const now = context.now();
  const removed = await compactLicenseHistory(context.database.pool, now);
  const rates = await refreshBurnRates(context.database.pool, now);
  context.logger.info({ removedPoints: removed, burnRates: rates }, 'license history compacted');
};

export const weeklyLicenseReportTask: JobHandler<'weekly-license-report'> = async (_payload, context) => {
  const result = await sendWeeklyLicenseReport(context);
  if (result === 'sent') context.logger.info('weekly license report sent');
};

/** The reclaim rules on the schedule take their candidates back, as the system. */
export const runScheduledReclaimsTask: JobHandler<'run-scheduled-reclaims'> = async (_payload, context) => {
  const reclaimed = await runScheduledReclaims(context, context.now());
  if (reclaimed > 0) context.logger.info({ reclaimed }, 'scheduled reclaim rules ran');
};
