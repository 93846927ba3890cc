import type { DeviceDetail } from '@vpp/contracts/inventory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths, personPath } from '../../../app/paths.ts';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useDevice, useDeviceHoldings } from '../api/get-holdings.ts';
import { AddToCollectionDialog } from './add-to-collection-dialog.tsx';
import { DeviceDialog } from './device-dialog.tsx';
import { CollectionLinks, HoldingsCards } from './holdings-cards.tsx';

function BackToDevices() {
  const { t } = useTranslation();
  return (
    <Link className="back-link" to={paths.devices}>
      <span aria-hidden="true">← </span>
      {t('inventory.devices.backToList')}
    </Link>
  );
}

function DeviceView({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const isAdmin = useSignedInUser().role === 'admin';
  const holdings = useDeviceHoldings(device.id);
  const [dialog, setDialog] = useState<'edit' | 'addToCollection' | null>(null);
  const [status, setStatus] = useState<string>();
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <>
      <BackToDevices />
      <PageHeader
        title={device.name || device.serialNumber}
        intro={[device.serialNumber, device.model].filter(Boolean).join(' · ')}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setDialog('addToCollection')}
              >
                {t('inventory.addToCollection.action')}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setDialog('edit')}>
                {t('inventory.edit')}
              </button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <section className="card" aria-labelledby="device-details-heading">
        <h2 className="card__title" id="device-details-heading">
          {t('inventory.devices.details')}
        </h2>
        <DetailsList>
          <DetailsItem term={t('inventory.devices.columns.serialNumber')}>
            <span className="mono">{device.serialNumber}</span>
          </DetailsItem>
          <DetailsItem term={t('inventory.devices.columns.model')}>{device.model || none}</DetailsItem>
          <DetailsItem term={t('inventory.devices.columns.primaryUser')}>
            {device.primaryUser ? (
              <Link to={personPath(device.primaryUser.id)}>
                {device.primaryUser.displayName || device.primaryUser.email}
              </Link>
            ) : (
              <span className="muted">{t('inventory.devices.noPrimaryUser')}</span>
            )}
          </DetailsItem>
          <DetailsItem term={t('inventory.devices.columns.mdm')}>
            {device.mdm
              ? [
                  t(
                    device.mdm.status === 'ENROLLED'
                      ? 'inventory.devices.mdm.enrolled'
                      : 'inventory.devices.mdm.unenrolled',
                  ),
                  device.mdm.osVersion &&
                    t('inventory.devices.mdm.osVersion', { version: device.mdm.osVersion }),
                  device.mdm.lastSeenAt &&
                    t('inventory.devices.mdm.lastSeen', { when: format.dateTime(device.mdm.lastSeenAt) }),
                ]
                  .filter(Boolean)
                  .join(' · ')
              : t('inventory.devices.mdm.none')}
          </DetailsItem>
          <DetailsItem term={t('inventory.devices.columns.collections')}>
            <CollectionLinks collections={device.memberOf} />
          </DetailsItem>
        </DetailsList>
      </section>
      <HoldingsCards holdings={holdings} owner="device" />

      {dialog === 'edit' && (
        <DeviceDialog
          device={device}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setStatus(t('inventory.devices.savedMessage', { serialNumber: saved.serialNumber }));
          }}
        />
      )}
      {dialog === 'addToCollection' && (
        <AddToCollectionDialog
          type="DEVICE"
          memberIds={[device.id]}
          subject={device.serialNumber}
          onClose={() => setDialog(null)}
          onAdded={(collection) => {
            setDialog(null);
            setStatus(
              t('inventory.addToCollection.done', {
                subject: device.serialNumber,
                collection: collection.name,
              }),
            );
          }}
        />
      )}
    </>
  );
}

/** One device: what it is, its collections, the licenses Apple holds for it and its deployments. */
export function DevicePage() {
  const { t } = useTranslation();
  const { deviceId = '' } = useParams();
  const device = useDevice(deviceId);
  if (device.isPending) return <LoadingState />;
  if (device.isError) {
    return (
      <LoadFailure
        error={device.error}
        back={<BackToDevices />}
        title={t('inventory.devices.title')}
        notFoundTitle={t('inventory.devices.notFound.title')}
        notFoundMessage={t('inventory.devices.notFound.message')}
        onRetry={() => device.refetch()}
      />
    );
  }
  return <DeviceView key={device.data.id} device={device.data} />;
}
