import { type DeviceListQuery, deviceSchema } from '@vpp/contracts/inventory';
import { pagedList } from '../../../lib/api-hooks.ts';

export const DEVICES_PAGE_SIZE = 50;

export type DevicesQuery = DeviceListQuery;

/** Every device list and device lives under this key. */
export const devicesQueryKey = ['devices'] as const;

export const firstDevicesPage: DevicesQuery = { page: 1, pageSize: DEVICES_PAGE_SIZE };

export const {
  get: getDevices,
  options: devicesQueryOptions,
  useList: useDevices,
} = pagedList<DevicesQuery, typeof deviceSchema>('/api/devices', deviceSchema, devicesQueryKey);
