import type { Device } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { EditDeleteActions } from './row-actions.tsx';

export type DeviceAction = 'edit' | 'delete';

interface DevicesTableProps {
  devices: Device[];
  /** Offered to admins. */
  onAction?: ((action: DeviceAction, device: Device) => void) | undefined;
  caption: string;
}

/** Devices with their primary user; also the member list of a device collection. */
export function DevicesTable({ devices, onAction, caption }: DevicesTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <DataTable
      caption={caption}
      headings="inventory.devices.columns"
      columns={[
        'serialNumber',
        'name',
        ['model', 'hide-narrow'],
        'primaryUser',
        ['mdm', 'hide-narrow'],
        ['collections', 'numeric hide-narrow'],
        onAction && <ActionsHeading />,
      ]}
    >
      {devices.map((device) => (
        <tr key={device.id}>
          <th scope="row" className="mono">
            {device.serialNumber}
          </th>
          <td>{device.name || <span className="muted">{t('common.none')}</span>}</td>
          <td className="hide-narrow">{device.model || <span className="muted">{t('common.none')}</span>}</td>
          <td className="stacked-cell break-anywhere">
            {device.primaryUser ? (
              <>
                <span>{device.primaryUser.displayName || device.primaryUser.email}</span>
                {device.primaryUser.displayName && (
                  <span className="stacked-cell__secondary">{device.primaryUser.email}</span>
                )}
              </>
            ) : (
              <span className="muted">{t('inventory.devices.noPrimaryUser')}</span>
            )}
          </td>
          <td className="stacked-cell hide-narrow">
            {device.mdm ? (
              <>
                <span>
                  {t(
                    device.mdm.status === 'ENROLLED'
                      ? 'inventory.devices.mdm.enrolled'
                      : 'inventory.devices.mdm.unenrolled',
                  )}
                  {device.mdm.osVersion &&
                    ` · ${t('inventory.devices.mdm.osVersion', { version: device.mdm.osVersion })}`}
                </span>
                {device.mdm.lastSeenAt && (
                  <span className="stacked-cell__secondary">
                    {t('inventory.devices.mdm.lastSeen', {
                      when: format.dateTime(device.mdm.lastSeenAt),
                    })}
                  </span>
                )}
              </>
            ) : (
              <span className="muted">{t('inventory.devices.mdm.none')}</span>
            )}
          </td>
          <td className="numeric hide-narrow">{format.number(device.collections)}</td>
          {onAction && <EditDeleteActions item={device} context={device.serialNumber} onAction={onAction} />}
        </tr>
      ))}
    </DataTable>
  );
}
