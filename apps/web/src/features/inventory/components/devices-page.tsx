import { useTranslation } from 'react-i18next';
import { devices, useDeleteDevice } from '../api/inventory-api.ts';
import { DeviceDialog } from './device-dialog.tsx';
import { DevicesTable } from './devices-table.tsx';
import { ImportDevicesDialog } from './import-dialogs.tsx';
import { SearchListPage } from './search-list-page.tsx';

export function DevicesPage() {
  const { t } = useTranslation();
  const deleteDevice = useDeleteDevice();
  return (
    <SearchListPage
      section="devices"
      list={devices}
      deletion={deleteDevice}
      itemMessage={(message, device) =>
        t(`inventory.devices.${message}`, { serialNumber: device.serialNumber })
      }
      itemName={(device) => device.serialNumber}
      renderTable={(devices, caption, onAction) => (
        <DevicesTable devices={devices} caption={caption} onAction={onAction} />
      )}
      renderEditDialog={(device, onClose, onSaved) => (
        <DeviceDialog device={device} onClose={onClose} onSaved={onSaved} />
      )}
      renderImportDialog={(onClose) => <ImportDevicesDialog onClose={onClose} />}
    />
  );
}
