import { holdingsSchema } from '@vpp/contracts/holdings';
import { deviceDetailSchema, personDetailSchema } from '@vpp/contracts/inventory';
import { apiRequest } from '../../../lib/api-client.ts';
import { apiQuery } from '../../../lib/api-hooks.ts';
import { devices, people } from './inventory-api.ts';

// One device or one person, and what they hold, for their pages. Under the lists' keys, so a
// change to devices or people refreshes them too.

const path = (kind: 'devices' | 'people', id: string, tail = '') =>
  `/api/${kind}/${encodeURIComponent(id)}${tail}`;

export const { use: useDevice } = apiQuery({
  key: (id: string) => [...devices.key, 'detail', id],
  get: (id: string, signal) => apiRequest(path('devices', id), deviceDetailSchema, { signal }),
});

export const { use: useDeviceHoldings } = apiQuery({
  key: (id: string) => [...devices.key, 'holdings', id],
  get: (id: string, signal) => apiRequest(path('devices', id, '/holdings'), holdingsSchema, { signal }),
});

export const { use: usePerson } = apiQuery({
  key: (id: string) => [...people.key, 'detail', id],
  get: (id: string, signal) => apiRequest(path('people', id), personDetailSchema, { signal }),
});

export const { use: usePersonHoldings } = apiQuery({
  key: (id: string) => [...people.key, 'holdings', id],
  get: (id: string, signal) => apiRequest(path('people', id, '/holdings'), holdingsSchema, { signal }),
});
