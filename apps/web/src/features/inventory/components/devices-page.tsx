import { useQueryClient } from '@tanstack/react-query';
import type { Device } from '@vpp/contracts/inventory';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../../components/confirm-dialog.tsx';
import { StatusMessage } from '../../../components/live-messages.tsx';
import { PageHeader } from '../../../components/page-header.tsx';
import { useErrorMessage } from '../../../lib/error-messages.ts';
import { pageFromParams, paramsFromFilters, textFromParams } from '../../../lib/url-params.ts';
import { useSignedInUser } from '../../auth/signed-in-user.ts';
import { useDeleteDevice } from '../api/delete-device.ts';
import { DEVICES_PAGE_SIZE, type DevicesQuery, devicesQueryOptions, useDevices } from '../api/get-devices.ts';
import { DeviceDialog } from './device-dialog.tsx';
import { DevicesTable } from './devices-table.tsx';
import { ImportDevicesDialog } from './import-dialogs.tsx';
import { ListCard } from './list-card.tsx';
import { SearchFilter } from './search-filter.tsx';

type OpenDialog = { kind: 'add' } | { kind: 'import' } | { kind: 'edit' | 'delete'; device: Device } | null;

export function DevicesPage() {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const queryClient = useQueryClient();
  const user = useSignedInUser();
  const isAdmin = user.role === 'admin';
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const query = useMemo<DevicesQuery>(() => {
    const current = new URLSearchParams(search);
    const text = textFromParams(current, 'search');
    return { page: pageFromParams(current), pageSize: DEVICES_PAGE_SIZE, ...(text ? { search: text } : {}) };
  }, [search]);
  const devices = useDevices(query);
  const deleteDevice = useDeleteDevice();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [status, setStatus] = useState<string>();
  const total = devices.data?.total ?? 0;

  useEffect(() => {
    if (query.page * query.pageSize < total) {
      queryClient.prefetchQuery(devicesQueryOptions({ ...query, page: query.page + 1 }));
    }
  }, [queryClient, query, total]);

  function closeDialog() {
    setDialog(null);
    deleteDevice.reset();
  }

  return (
    <>
      <PageHeader
        title={t('inventory.devices.title')}
        intro={t('inventory.devices.intro')}
        actions={
          isAdmin && (
            <>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setDialog({ kind: 'import' })}
              >
                {t('inventory.devices.import')}
              </button>
              <button
                type="button"
                className="button button--primary"
                onClick={() => setDialog({ kind: 'add' })}
              >
                <span aria-hidden="true">+ </span>
                {t('inventory.devices.add')}
              </button>
            </>
          )
        }
      />
      <StatusMessage>{status}</StatusMessage>
      <ListCard
        id="devices-results"
        title={t('inventory.devices.caption')}
        results={(count) => t('inventory.devices.results', { count })}
        list={devices}
        empty={query.search ? t('inventory.devices.emptyFiltered') : t('inventory.devices.empty')}
        page={query.page}
        pageSize={query.pageSize}
        onPageChange={(next) => setParams(paramsFromFilters({ search: query.search }, next))}
        toolbar={
          <SearchFilter
            key={query.search ?? ''}
            label={t('inventory.devices.filters')}
            placeholder={t('inventory.devices.searchPlaceholder')}
            search={query.search}
            onApply={(next) => setParams(paramsFromFilters({ search: next }, 1))}
          />
        }
      >
        {(items) => (
          <DevicesTable
            devices={items}
            caption={t('inventory.devices.caption')}
            onAction={isAdmin ? (kind, device) => setDialog({ kind, device }) : undefined}
          />
        )}
      </ListCard>

      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <DeviceDialog
          device={dialog.kind === 'edit' ? dialog.device : undefined}
          onClose={closeDialog}
          onSaved={(saved) => {
            closeDialog();
            setStatus(
              dialog.kind === 'add'
                ? t('inventory.devices.addedMessage', { serialNumber: saved.serialNumber })
                : t('inventory.devices.savedMessage', { serialNumber: saved.serialNumber }),
            );
          }}
        />
      )}
      {dialog?.kind === 'import' && <ImportDevicesDialog onClose={closeDialog} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('inventory.devices.deleteTitle')}
          message={t('inventory.devices.deleteConfirm', { serialNumber: dialog.device.serialNumber })}
          confirmLabel={t('inventory.delete')}
          pending={deleteDevice.isPending}
          error={deleteDevice.error ? describeError(deleteDevice.error) : undefined}
          onClose={closeDialog}
          onConfirm={() => {
            const { device } = dialog;
            deleteDevice.mutate(device.id, {
              onSuccess: () => {
                closeDialog();
                setStatus(t('inventory.devices.deletedMessage', { serialNumber: device.serialNumber }));
              },
            });
          }}
        />
      )}
    </>
  );
}
