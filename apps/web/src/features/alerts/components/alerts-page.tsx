import type { AlertChannel, AlertRule, AlertThreshold } from '@vpp/contracts/alerts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionsMenu, ActionsMenuItem } from '../../../components/actions-menu.tsx';
import { Badge } from '../../../components/badge.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useAlertChannels, useDeleteAlertChannel, useTestAlertChannel } from '../api/alert-channels.ts';
import { useAlertRules, useDeleteAlertRule } from '../api/alert-rules.ts';
import { AlertChannelDialog } from './alert-channel-dialog.tsx';
import { AlertDeliveriesDialog } from './alert-deliveries-dialog.tsx';
import { AlertRuleDialog } from './alert-rule-dialog.tsx';
import { ForecastAndReportCard } from './forecast-and-report-card.tsx';

type Open =
  | { kind: 'add-rule' }
  | { kind: 'add-channel' }
  | { kind: 'deliveries'; channel: AlertChannel }
  | { kind: 'delete-channel'; channel: AlertChannel }
  | { kind: 'delete-rule'; rule: AlertRule }
  | null;

function useThresholdText() {
  const { t } = useTranslation();
  return (threshold: AlertThreshold) =>
    (Object.entries(threshold) as [keyof AlertThreshold, number][])
      .map(([field, value]) => t(`alerts.rules.thresholdText.${field}`, { value }))
      .join(` ${t('alerts.rules.or')} `);
}

/** Alerts ("Waarschuwingen"): the rules that watch licenses and tokens, and the channels they tell. */
export function AlertsPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const format = useLocaleFormat();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const rules = useAlertRules();
  const channels = useAlertChannels();
  const testChannel = useTestAlertChannel();
  const deleteChannel = useDeleteAlertChannel();
  const deleteRule = useDeleteAlertRule();
  const thresholdText = useThresholdText();
  const [open, setOpen] = useState<Open>(null);
  const channelName = (id: string) => channels.data?.items.find((channel) => channel.id === id)?.name ?? id;
  const tested = testChannel.data;

  return (
    <>
      <PageHeader
        title={t('alerts.title')}
        intro={t('alerts.intro')}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setOpen({ kind: 'add-rule' })}
              >
                {t('alerts.rules.add')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setOpen({ kind: 'add-channel' })}
              >
                {t('alerts.channels.add')}
              </button>
            </>
          )
        }
      />
      <section className="card" aria-labelledby="alert-rules-heading">
        <h2 className="card__title" id="alert-rules-heading">
          {t('alerts.rules.title')}
        </h2>
        {rules.isPending ? (
          <LoadingState />
        ) : rules.isError ? (
          <ErrorMessage>{describeError(rules.error)}</ErrorMessage>
        ) : rules.data.items.length === 0 ? (
          <p className="muted">{t('alerts.rules.empty')}</p>
        ) : (
          <DataTable
            caption={t('alerts.rules.title')}
            columns={[
              t('alerts.rules.columns.name'),
              t('alerts.rules.columns.kind'),
              t('alerts.rules.columns.threshold'),
              [t('alerts.rules.columns.channels'), 'hide-narrow'],
              t('alerts.rules.columns.state'),
              ...(isAdmin ? [[t('common.actions'), 'table__actions', 'visually-hidden'] as const] : []),
            ]}
          >
            {rules.data.items.map((rule) => (
              <tr key={rule.id}>
                <th scope="row">{rule.name}</th>
                <td>{t(`alerts.kinds.${rule.kind}`)}</td>
                <td>{thresholdText(rule.threshold) || '—'}</td>
                <td className="hide-narrow">{rule.channelIds.map(channelName).join(', ') || '—'}</td>
                <td>
                  {rule.firingCount > 0 ? (
                    <Badge tone="danger">{t('alerts.rules.firing', { count: rule.firingCount })}</Badge>
                  ) : (
                    <Badge tone="success">{t('alerts.rules.quiet')}</Badge>
                  )}
                </td>
                {isAdmin && (
                  <td className="table__actions">
                    <ActionsMenu label={t('common.actions')} context={rule.name}>
                      <ActionsMenuItem onSelect={() => setOpen({ kind: 'delete-rule', rule })}>
                        {t('alerts.rules.delete')}
                      </ActionsMenuItem>
                    </ActionsMenu>
                  </td>
                )}
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section className="card" aria-labelledby="alert-channels-heading">
        <h2 className="card__title" id="alert-channels-heading">
          {t('alerts.channels.title')}
        </h2>
        <StatusMessage>
          {tested?.status === 'SENT'
            ? t('alerts.channels.testSent', { name: tested.subject, code: tested.responseCode ?? '—' })
            : undefined}
        </StatusMessage>
        <ErrorMessage>
          {tested && tested.status !== 'SENT'
            ? t('alerts.channels.testFailed', { error: tested.error ?? '' })
            : testChannel.error
              ? describeError(testChannel.error)
              : undefined}
        </ErrorMessage>
        {channels.isPending ? (
          <LoadingState />
        ) : channels.isError ? (
          <ErrorMessage>{describeError(channels.error)}</ErrorMessage>
        ) : channels.data.items.length === 0 ? (
          <p className="muted">{t('alerts.channels.empty')}</p>
        ) : (
          <DataTable
            caption={t('alerts.channels.title')}
            columns={[
              t('alerts.channels.columns.name'),
              t('alerts.channels.columns.type'),
              [t('alerts.channels.columns.target'), 'hide-narrow'],
              [t('alerts.channels.columns.added'), 'hide-narrow'],
              [t('common.actions'), 'table__actions', 'visually-hidden'],
            ]}
          >
            {channels.data.items.map((channel) => (
              <tr key={channel.id}>
                <th scope="row">{channel.name}</th>
                <td>
                  {t(`alerts.channelTypes.${channel.type}`)}
                  {channel.secretSet && <span className="muted"> · {t('alerts.channels.signed')}</span>}
                </td>
                <td className="hide-narrow mono break-all">{channel.target}</td>
                <td className="hide-narrow nowrap">
                  <time dateTime={channel.createdAt}>{format.date(channel.createdAt)}</time>
                </td>
                <td className="table__actions">
                  <ActionsMenu label={t('common.actions')} context={channel.name}>
                    {isAdmin && (
                      <ActionsMenuItem onSelect={() => testChannel.mutate(channel.id)}>
                        {t('alerts.channels.test')}
                      </ActionsMenuItem>
                    )}
                    <ActionsMenuItem onSelect={() => setOpen({ kind: 'deliveries', channel })}>
                      {t('alerts.channels.deliveries')}
                    </ActionsMenuItem>
                    {isAdmin && (
                      <ActionsMenuItem onSelect={() => setOpen({ kind: 'delete-channel', channel })}>
                        {t('alerts.channels.delete')}
                      </ActionsMenuItem>
                    )}
                  </ActionsMenu>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        {!isAdmin && <p className="muted">{t('alerts.readOnly')}</p>}
      </section>
      <ForecastAndReportCard canChange={isAdmin} />
      {open?.kind === 'add-channel' && <AlertChannelDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'add-rule' && (
        <AlertRuleDialog channels={channels.data?.items ?? []} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'deliveries' && (
        <AlertDeliveriesDialog channel={open.channel} onClose={() => setOpen(null)} />
      )}
      {open?.kind === 'delete-channel' && (
        <ConfirmDialog
          title={t('alerts.channels.deleteTitle')}
          message={t('alerts.channels.deleteMessage', { name: open.channel.name })}
          confirmLabel={t('alerts.channels.delete')}
          pending={deleteChannel.isPending}
          error={deleteChannel.error ? describeError(deleteChannel.error) : undefined}
          onConfirm={() => deleteChannel.mutate(open.channel.id, { onSuccess: () => setOpen(null) })}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === 'delete-rule' && (
        <ConfirmDialog
          title={t('alerts.rules.deleteTitle')}
          message={t('alerts.rules.deleteMessage', { name: open.rule.name })}
          confirmLabel={t('alerts.rules.delete')}
          pending={deleteRule.isPending}
          error={deleteRule.error ? describeError(deleteRule.error) : undefined}
          onConfirm={() => deleteRule.mutate(open.rule.id, { onSuccess: () => setOpen(null) })}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
