import type { AlertChannel, AlertRule, AlertThreshold } from '@vpp/contracts/alerts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionsMenu, ActionsMenuItem } from '../../../components/actions-menu.tsx';
import { Badge } from '../../../components/badge.tsx';
import { Button } from '../../../components/button.tsx';
import { Card } from '../../../components/card.tsx';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { ErrorMessage, StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
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
  | { kind: 'edit-rule'; rule: AlertRule }
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

interface DeleteDialogProps {
  /** The texts' key: `alerts.rules` or `alerts.channels`. */
  texts: 'alerts.rules' | 'alerts.channels';
  item: { id: string; name: string };
  remove: ReturnType<typeof useDeleteAlertRule>;
  onClose: () => void;
}

/** Asks before a rule or a channel goes. */
function DeleteDialog({ texts, item, remove, onClose }: DeleteDialogProps) {
  const { t } = useTranslation();
  return (
    <ConfirmDialog
      title={t(`${texts}.deleteTitle`)}
      message={t(`${texts}.deleteMessage`, { name: item.name })}
      confirmLabel={t(`${texts}.delete`)}
      action={remove}
      onConfirm={() => remove.mutate(item.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
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
  const close = () => setOpen(null);
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
              <Button variant="primary" onClick={() => setOpen({ kind: 'add-rule' })}>
                {t('alerts.rules.add')}
              </Button>
              <Button variant="secondary" onClick={() => setOpen({ kind: 'add-channel' })}>
                {t('alerts.channels.add')}
              </Button>
            </>
          )
        }
      />
      <Card id="alert-rules-heading" title={t('alerts.rules.title')} flush={false}>
        <QueryState query={rules} empty={t('alerts.rules.empty')} emptyClassName="muted">
          {({ items }) => (
            <DataTable
              caption={t('alerts.rules.title')}
              headings="alerts.rules.columns"
              columns={[
                'name',
                'kind',
                'threshold',
                ['channels', 'hide-narrow'],
                'state',
                isAdmin && <ActionsHeading key="actions" />,
              ]}
            >
              {items.map((rule) => (
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
                        <ActionsMenuItem onSelect={() => setOpen({ kind: 'edit-rule', rule })}>
                          {t('alerts.rules.edit')}
                        </ActionsMenuItem>
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
        </QueryState>
      </Card>
      <Card id="alert-channels-heading" title={t('alerts.channels.title')} flush={false}>
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
        <QueryState query={channels} empty={t('alerts.channels.empty')} emptyClassName="muted">
          {({ items }) => (
            <DataTable
              caption={t('alerts.channels.title')}
              headings="alerts.channels.columns"
              columns={[
                'name',
                'type',
                ['target', 'hide-narrow'],
                ['added', 'hide-narrow'],
                <ActionsHeading key="actions" />,
              ]}
            >
              {items.map((channel) => (
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
        </QueryState>
        {!isAdmin && <p className="muted">{t('alerts.readOnly')}</p>}
      </Card>
      <ForecastAndReportCard canChange={isAdmin} />
      {open?.kind === 'add-channel' && <AlertChannelDialog onClose={close} />}
      {(open?.kind === 'add-rule' || open?.kind === 'edit-rule') && (
        <AlertRuleDialog
          channels={channels.data?.items ?? []}
          rule={open.kind === 'edit-rule' ? open.rule : undefined}
          onClose={close}
        />
      )}
      {open?.kind === 'deliveries' && <AlertDeliveriesDialog channel={open.channel} onClose={close} />}
      {open?.kind === 'delete-channel' && (
        <DeleteDialog texts="alerts.channels" item={open.channel} remove={deleteChannel} onClose={close} />
      )}
      {open?.kind === 'delete-rule' && (
        <DeleteDialog texts="alerts.rules" item={open.rule} remove={deleteRule} onClose={close} />
      )}
    </>
  );
}
