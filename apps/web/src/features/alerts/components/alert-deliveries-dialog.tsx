import type { AlertChannel } from '@vpp/contracts/alerts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/badge.tsx';
import { DataTable } from '../../../components/data-table.tsx';
import { Dialog } from '../../../components/dialog.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useChannelDeliveries } from '../api/alert-channels.ts';

const STATUS_TONES = { SENT: 'success', FAILED: 'danger', PENDING: 'info' } as const;

/** The channel's delivery log: what was sent, how many attempts, and what the far end answered. */
export function AlertDeliveriesDialog({ channel, onClose }: { channel: AlertChannel; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const describeError = useErrorMessage();
  const deliveries = useChannelDeliveries(channel.id);
  return (
    <Dialog title={t('alerts.deliveries.title', { name: channel.name })} onClose={onClose} wide>
      {deliveries.isPending ? (
        <LoadingState />
      ) : deliveries.isError ? (
        <p className="notice notice--error" role="alert">
          {describeError(deliveries.error)}
        </p>
      ) : deliveries.data.items.length === 0 ? (
        <p className="muted">{t('alerts.deliveries.empty')}</p>
      ) : (
        <DataTable
          caption={t('alerts.deliveries.caption')}
          className="table--compact"
          columns={[
            t('alerts.deliveries.columns.time'),
            t('alerts.deliveries.columns.message'),
            t('alerts.deliveries.columns.status'),
            [t('alerts.deliveries.columns.attempts'), 'numeric'],
            [t('alerts.deliveries.columns.response'), 'numeric'],
          ]}
        >
          {deliveries.data.items.map((delivery) => (
            <tr key={delivery.id}>
              <td className="nowrap">
                <time dateTime={delivery.createdAt}>{format.dateTime(delivery.createdAt)}</time>
              </td>
              <td className="stacked-cell">
                <span>{delivery.subject}</span>
                <span className="stacked-cell__secondary">
                  {t(`alerts.deliveries.purposes.${delivery.purpose}`)}
                  {delivery.error ? ` · ${delivery.error}` : ''}
                </span>
              </td>
              <td>
                <Badge tone={STATUS_TONES[delivery.status]}>
                  {t(`alerts.deliveries.statuses.${delivery.status}`)}
                </Badge>
              </td>
              <td className="numeric">{format.number(delivery.attempts)}</td>
              <td className="numeric">{delivery.responseCode ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Dialog>
  );
}
