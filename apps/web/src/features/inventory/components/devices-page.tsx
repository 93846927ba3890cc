import { useTranslation } from 'react-i18next';
import { useDeleteDevice } from '../api/delete-device.ts';
import { DEVICES_PAGE_SIZE, devicesQueryOptions, useDevices } from '../api/get-devices.ts';
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
      pageSize={DEVICES_PAGE_SIZE}
      useList={useDevices}
      listQueryOptions={devicesQueryOptions}
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
