import type { DeviceDetail } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { paths, personPath } from '../../../app/paths.ts';
import { DetailsItem, DetailsList } from '../../../components/details-list.tsx';
import { LoadFailure } from '../../../components/load-failure.tsx';
import { LoadingState } from '../../../components/loading-state.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { useDevice, useDeviceHoldings } from '../api/get-holdings.ts';
import { DeviceDialog } from './device-dialog.tsx';
import { CollectionLinks, HoldingsCards } from './holdings-cards.tsx';
import { BackLink, MemberPage } from './member-page.tsx';

function BackToDevices() {
  const { t } = useTranslation();
  return <BackLink to={paths.devices}>{t('inventory.devices.backToList')}</BackLink>;
}

function DeviceView({ device }: { device: DeviceDetail }) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  const holdings = useDeviceHoldings(device.id);
  const none = <span className="muted">{t('common.none')}</span>;

  return (
    <MemberPage
      back={<BackToDevices />}
      title={device.name || device.serialNumber}
      intro={[device.serialNumber, device.model].filter(Boolean).join(' · ')}
      type="DEVICE"
      memberId={device.id}
      subject={device.serialNumber}
      renderEditDialog={(onClose, onSaved) => (
        <DeviceDialog
          device={device}
          onClose={onClose}
          onSaved={(saved) =>
            onSaved(t('inventory.devices.savedMessage', { serialNumber: saved.serialNumber }))
          }
        />
      )}
    >
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
    </MemberPage>
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
