import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type DeviceListQuery, deviceSchema } from '@vpp/contracts/inventory';
import { pagedSchema } from '@vpp/contracts/paging';
import { apiRequest } from '../../../lib/api-client.ts';

const devicesPageSchema = pagedSchema(deviceSchema);

export const DEVICES_PAGE_SIZE = 50;

export type DevicesQuery = DeviceListQuery;

/** Every device list and device lives under this key. */
export const devicesQueryKey = ['devices'] as const;

export const firstDevicesPage: DevicesQuery = { page: 1, pageSize: DEVICES_PAGE_SIZE };

export function getDevices(query: DevicesQuery, signal?: AbortSignal) {
  return apiRequest('/api/devices', devicesPageSchema, { query: { ...query }, signal });
}

export const devicesQueryOptions = (query: DevicesQuery) =>
  queryOptions({
    queryKey: [...devicesQueryKey, 'list', query],
    queryFn: ({ signal }) => getDevices(query, signal),
    placeholderData: keepPreviousData,
  });

export function useDevices(query: DevicesQuery) {
  return useQuery(devicesQueryOptions(query));
}
