import type { Device } from '@vpp/contracts/inventory';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { devicePath } from '../../../app/paths.ts';
import { ActionsHeading, DataTable } from '../../../components/data-table.tsx';
import { useLocaleFormat } from '../../../lib/locale-format.ts';
import { EditDeleteActions, type InventoryAction } from './row-actions.tsx';
import { type RowSelection, SelectAllHeading, SelectCell } from './row-selection.tsx';

export type DeviceAction = InventoryAction;

interface DevicesTableProps {
  devices: Device[];
  /** Offered to admins. */
  onAction?: ((action: DeviceAction, device: Device) => void) | undefined;
  caption: string;
  /** Rows can be ticked (to take them out of a collection). */
  selection?: RowSelection | undefined;
}

/** Devices with their primary user; also the member list of a device collection. */
export function DevicesTable({ devices, onAction, caption, selection }: DevicesTableProps) {
  const { t } = useTranslation();
  const format = useLocaleFormat();
  return (
    <DataTable
      caption={caption}
      headings="inventory.devices.columns"
      columns={[
        selection && (
          <SelectAllHeading key="select" ids={devices.map((device) => device.id)} selection={selection} />
        ),
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
          {selection && <SelectCell id={device.id} name={device.serialNumber} selection={selection} />}
          <th scope="row" className="mono">
            <Link to={devicePath(device.id)}>{device.serialNumber}</Link>
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
          {onAction && (
            <EditDeleteActions
              item={device}
              context={device.serialNumber}
              onAction={onAction}
              onAddToCollection={(item) => onAction('addToCollection', item)}
            />
          )}
        </tr>
      ))}
    </DataTable>
  );
}
