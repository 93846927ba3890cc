import { useQuery } from '@tanstack/react-query';
import {
  alertChannelSchema,
  alertDeliverySchema,
  type CreateAlertChannel,
  type UpdateAlertChannel,
} from '@vpp/contracts/alerts';
import { pagedSchema } from '@vpp/contracts/paging';
import { z } from 'zod';
import { apiCommand, apiRequest } from '../../../lib/api-client.ts';
import { apiQuery, type SaveInput, saveRequest, useRefreshingMutation } from '../../../lib/api-hooks.ts';

const CHANNELS_PATH = '/api/alert-channels';
const channelsSchema = z.object({ items: z.array(alertChannelSchema) });

/** Channels, rules, deliveries and active alerts all live under this key, to refresh them at once. */
export const alertsQueryKey = ['alerts'] as const;
const channelsKey = [...alertsQueryKey, 'channels'] as const;

export const { options: alertChannelsQueryOptions, use: useAlertChannels } = apiQuery({
  key: () => channelsKey,
  get: (signal) => apiRequest(CHANNELS_PATH, channelsSchema, { signal }),
});

export const DELIVERIES_PAGE_SIZE = 20;

export function useChannelDeliveries(channelId: string) {
  return useQuery({
    queryKey: [...channelsKey, channelId, 'deliveries'],
    queryFn: ({ signal }) =>
      apiRequest(
        `${CHANNELS_PATH}/${encodeURIComponent(channelId)}/deliveries`,
        pagedSchema(alertDeliverySchema),
        {
          query: { page: 1, pageSize: DELIVERIES_PAGE_SIZE },
          signal,
        },
      ),
  });
}

export function useSaveAlertChannel() {
  return useRefreshingMutation(
    (input: SaveInput<CreateAlertChannel, UpdateAlertChannel>) =>
      saveRequest(CHANNELS_PATH, alertChannelSchema, input),
    () => [alertsQueryKey],
  );
}

export function useDeleteAlertChannel() {
  return useRefreshingMutation(
    (id: string) => apiCommand(`${CHANNELS_PATH}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    () => [alertsQueryKey],
  );
}

export function useTestAlertChannel() {
  return useRefreshingMutation(
    (id: string) =>
      apiRequest(`${CHANNELS_PATH}/${encodeURIComponent(id)}/test`, alertDeliverySchema, { method: 'POST' }),
    () => [alertsQueryKey],
  );
}
