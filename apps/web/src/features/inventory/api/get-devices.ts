import { useQuery } from '@tanstack/react-query';
import { type DeviceListQuery, deviceSchema } from '@vpp/contracts/inventory';
import { pagedList } from '../../../lib/api-hooks.ts';

export const DEVICES_PAGE_SIZE = 50;

export type DevicesQuery = DeviceListQuery;

/** Every device list and device lives under this key. */
export const devicesQueryKey = ['devices'] as const;

export const firstDevicesPage: DevicesQuery = { page: 1, pageSize: DEVICES_PAGE_SIZE };

const devicesList = pagedList<DevicesQuery, typeof deviceSchema>(
  '/api/devices',
  deviceSchema,
  devicesQueryKey,
);
export const getDevices = devicesList.get;

export const devicesQueryOptions = devicesList.options;

export function useDevices(query: DevicesQuery) {
  return useQuery(devicesQueryOptions(query));
}
