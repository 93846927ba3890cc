import { describe, expect, it } from 'vitest';
import type { ManageAssetsRequest, ManageUsersRequest, RevokeAssetsRequest } from '../src/apple-payloads.ts';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { DOCUMENTED_LIMITS } from '../src/service-limits.ts';
import { planManageAssetsBatches, planRevokeBatches, planUserBatches } from '../src/write-batches.ts';
import { eventResponseBody, range, serviceConfigBody, TOKEN_EXPIRATION, UID } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { appleError, type FakeApple, type RecordedRequest } from './fake-apple.ts';

/** Answers each write with a new event id: e-1, e-2, … */
function acceptWrites(apple: FakeApple, method: string, path: string) {
  let count = 0;
  apple.on(method, path, () => {
    count += 1;
    return { json: eventResponseBody(`e-${count}`) };
  });
}

const assets = (count: number) =>
  range(count, 'adam-').map((adamId) => ({ adamId, pricingParam: 'STDQ' as const }));

describe('associate and disassociate', () => {
  it.each([
    ['associateAssets', '/assets/associate'],
    ['disassociateAssets', '/assets/disassociate'],
  ] as const)('%s splits by the live limits and never mixes devices and users', async (method, path) => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({
      json: serviceConfigBody({ maxAssets: 10, maxSerialNumbers: 300, maxClientUserIds: 200 }),
    }));
    acceptWrites(apple, 'POST', path);
    const result = await client[method]({
      assets: assets(15),
      serialNumbers: range(700, 'SER'),
      clientUserIds: range(250, 'user-'),
    });
    const bodies = apple.requestsTo('POST', path).map((request) => request.body as ManageAssetsRequest);
    // 2 asset chunks × (3 serial chunks + 2 user chunks)
    expect(bodies).toHaveLength(10);
    for (const body of bodies) {
      expect(body.assets.length).toBeLessThanOrEqual(10);
      expect(Boolean(body.serialNumbers) !== Boolean(body.clientUserIds)).toBe(true);
      expect(body.serialNumbers?.length ?? 0).toBeLessThanOrEqual(300);
      expect(body.clientUserIds?.length ?? 0).toBeLessThanOrEqual(200);
    }
    // Every (asset, target) pair is sent exactly once.
    const pairs = bodies.flatMap((body) =>
      body.assets.flatMap((one) =>
        [...(body.serialNumbers ?? []), ...(body.clientUserIds ?? [])].map((t) => `${one.adamId}>${t}`),
      ),
    );
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs).toHaveLength(15 * (700 + 250));
    expect(result.eventIds).toEqual(range(10, 'e-').map((_, index) => `e-${index + 1}`));
    expect(result.batches[0]?.request).toEqual(bodies[0]);
  });

  it('sends the documented request body', async () => {
    const { apple, client } = setUpClient();
    acceptWrites(apple, 'POST', '/assets/associate');
    await client.associateAssets({
      assets: [{ adamId: '408709785', pricingParam: 'STDQ' }, { adamId: '1' }],
      serialNumbers: ['C02X'],
    });
    const [request] = apple.requestsTo('POST', '/assets/associate');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toEqual({
      assets: [{ adamId: '408709785', pricingParam: 'STDQ' }, { adamId: '1' }],
      serialNumbers: ['C02X'],
    });
  });

  it('removes duplicates Apple would reject (9703–9705)', async () => {
    const { apple, client } = setUpClient();
    acceptWrites(apple, 'POST', '/assets/associate');
    await client.associateAssets({
      assets: [
        { adamId: '1', pricingParam: 'STDQ' },
        { adamId: '1', pricingParam: 'STDQ' },
        { adamId: '1', pricingParam: 'PLUS' },
      ],
      serialNumbers: ['A', 'A', 'B'],
    });
    expect(apple.requestsTo('POST', '/assets/associate')[0]?.body).toEqual({
      assets: [
        { adamId: '1', pricingParam: 'STDQ' },
        { adamId: '1', pricingParam: 'PLUS' },
      ],
      serialNumbers: ['A', 'B'],
    });
  });

  it('sends nothing when there is nothing to do', async () => {
    const { apple, client } = setUpClient();
    acceptWrites(apple, 'POST', '/assets/associate');
    expect(await client.associateAssets({ assets: assets(3) })).toEqual({ batches: [], eventIds: [] });
    expect(await client.associateAssets({ assets: [], serialNumbers: ['A'] })).toEqual({
      batches: [],
      eventIds: [],
    });
    expect(apple.requestsTo('POST', '/assets/associate')).toHaveLength(0);
  });

  it('stops at a failed batch and reports the batches Apple already accepted', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({ json: serviceConfigBody({ maxSerialNumbers: 2 }) }));
    apple.sequence('POST', '/assets/associate', [
      { json: eventResponseBody('e-1') },
      appleError(9707, 400, 'not device assignable'),
    ]);
    const error = (await caught(() =>
      client.associateAssets({ assets: [{ adamId: '1' }], serialNumbers: ['A', 'B', 'C', 'D', 'E'] }),
    )) as AppleVppError;
    expect(error.kind).toBe('NOT_DEVICE_ASSIGNABLE');
    expect(error.submittedBatches).toEqual([
      { eventId: 'e-1', request: { assets: [{ adamId: '1' }], serialNumbers: ['A', 'B'] } },
    ]);
    expect(apple.requestsTo('POST', '/assets/associate')).toHaveLength(2);
  });

  it('re-reads the limits and re-splits once when Apple says a batch is over a limit', async () => {
    const { apple, client } = setUpClient();
    apple.sequence('GET', '/service/config', [
      { json: serviceConfigBody({ maxSerialNumbers: 4 }) },
      { json: serviceConfigBody({ maxSerialNumbers: 2 }) },
    ]);
    apple.on('POST', '/assets/associate', (request: RecordedRequest) => {
      const serials = (request.body as ManageAssetsRequest).serialNumbers ?? [];
      return serials.length > 2
        ? appleError(9702, 400)
        : { json: eventResponseBody(`e-${serials.join('')}`) };
    });
    const result = await client.associateAssets({
      assets: [{ adamId: '1' }],
      serialNumbers: ['A', 'B', 'C', 'D'],
    });
    expect(result.eventIds).toEqual(['e-AB', 'e-CD']);
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(2);
  });

  it('gives up if re-reading the limits does not help', async () => {
    const { apple, client } = setUpClient();
    apple.on('POST', '/assets/associate', () => appleError(9700, 400));
    const error = (await caught(() =>
      client.associateAssets({ assets: [{ adamId: '1' }], serialNumbers: ['A'] }),
    )) as AppleVppError;
    expect(error.kind).toBe('LIMIT_EXCEEDED');
    expect(apple.requestsTo('POST', '/assets/associate')).toHaveLength(1);
  });
});

describe('revoke', () => {
  it('splits users and devices by the revoke limits', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({
      json: serviceConfigBody({
        maxRevokeSerialNumbers: 3,
        maxRevokeClientUserIds: 2,
        maxSerialNumbers: 1000,
      }),
    }));
    acceptWrites(apple, 'POST', '/assets/revoke');
    const result = await client.revokeAssets({
      serialNumbers: ['A', 'B', 'C', 'D'],
      clientUserIds: ['u1', 'u2', 'u3'],
    });
    expect(
      apple.requestsTo('POST', '/assets/revoke').map((request) => request.body as RevokeAssetsRequest),
    ).toEqual([
      { serialNumbers: ['A', 'B', 'C'] },
      { serialNumbers: ['D'] },
      { clientUserIds: ['u1', 'u2'] },
      { clientUserIds: ['u3'] },
    ]);
    expect(result.eventIds).toHaveLength(4);
  });
});

describe('users', () => {
  it('creates users in batches of maxUsers', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({ json: serviceConfigBody({ maxUsers: 100 }) }));
    acceptWrites(apple, 'POST', '/users/create');
    const users = range(250, 'client-').map((clientUserId) => ({
      clientUserId,
      email: `${clientUserId}@example.com`,
      managedAppleId: `${clientUserId}@appleid.example.com`,
    }));
    const result = await client.createUsers(users);
    const bodies = apple
      .requestsTo('POST', '/users/create')
      .map((request) => request.body as ManageUsersRequest);
    expect(bodies.map((body) => body.users.length)).toEqual([100, 100, 50]);
    expect(bodies.flatMap((body) => body.users)).toEqual(users);
    expect(result.eventIds).toEqual(['e-1', 'e-2', 'e-3']);
  });

  it('updates users with POST /users/update', async () => {
    const { apple, client } = setUpClient();
    acceptWrites(apple, 'POST', '/users/update');
    await client.updateUsers([{ clientUserId: 'client-3', email: 'client-3@example.com' }]);
    expect(apple.requestsTo('POST', '/users/update')[0]?.body).toEqual({
      users: [{ clientUserId: 'client-3', email: 'client-3@example.com' }],
    });
  });

  it('retires users by clientUserId only', async () => {
    const { apple, client } = setUpClient();
    acceptWrites(apple, 'POST', '/users/retire');
    await client.retireUsers(['client-1', 'client-2', 'client-1']);
    expect(apple.requestsTo('POST', '/users/retire')[0]?.body).toEqual({
      users: [{ clientUserId: 'client-1' }, { clientUserId: 'client-2' }],
    });
  });
});

describe('event status', () => {
  it('reads GET /status?eventId= and parses partial failures', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/status', () => ({
      json: {
        eventStatus: 'FAILED',
        eventType: 'ASSOCIATE',
        failures: [
          {
            errorInfo: { clientUserIds: ['user102', 'user101'] },
            errorNumber: 9609,
            errorMessage: 'Unable to find registered user.',
          },
        ],
        numCompleted: 14,
        numRequested: 16,
        tokenExpirationDate: TOKEN_EXPIRATION,
        uId: UID,
      },
    }));
    const status = await client.getEventStatus('af70eb9b-0ab6-405d-87d8-3b9ed0c4f370');
    expect(apple.requestsTo('GET', '/status')[0]?.query).toEqual({
      eventId: 'af70eb9b-0ab6-405d-87d8-3b9ed0c4f370',
    });
    expect(status).toMatchObject({
      eventStatus: 'FAILED',
      eventType: 'ASSOCIATE',
      numCompleted: 14,
      numRequested: 16,
    });
    expect(status.failures).toEqual([
      {
        errorInfo: { clientUserIds: ['user102', 'user101'] },
        errorNumber: 9609,
        errorMessage: 'Unable to find registered user.',
      },
    ]);
  });

  it('parses a pending event without failures', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/status', () => ({
      json: { eventStatus: 'PENDING', eventType: 'CREATE', numCompleted: 1, numRequested: 2, uId: UID },
    }));
    expect((await client.getEventStatus('e')).failures).toEqual([]);
  });

  it('reports an unknown event id as UNKNOWN_EVENT', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/status', () => appleError(9708, 400));
    expect(((await caught(() => client.getEventStatus('nope'))) as AppleVppError).kind).toBe('UNKNOWN_EVENT');
  });
});

describe('batch planning', () => {
  const limits = {
    ...DOCUMENTED_LIMITS,
    maxAssets: 2,
    maxSerialNumbers: 2,
    maxClientUserIds: 3,
    maxUsers: 2,
  };

  it('crosses asset chunks with target chunks', () => {
    const batches = planManageAssetsBatches(
      {
        assets: [{ adamId: 'a' }, { adamId: 'b' }, { adamId: 'c' }],
        serialNumbers: ['1', '2', '3'],
        clientUserIds: ['u'],
      },
      limits,
    );
    expect(batches).toEqual([
      { assets: [{ adamId: 'a' }, { adamId: 'b' }], serialNumbers: ['1', '2'] },
      { assets: [{ adamId: 'a' }, { adamId: 'b' }], serialNumbers: ['3'] },
      { assets: [{ adamId: 'a' }, { adamId: 'b' }], clientUserIds: ['u'] },
      { assets: [{ adamId: 'c' }], serialNumbers: ['1', '2'] },
      { assets: [{ adamId: 'c' }], serialNumbers: ['3'] },
      { assets: [{ adamId: 'c' }], clientUserIds: ['u'] },
    ]);
  });

  it('keeps the last entry for a repeated clientUserId', () => {
    expect(
      planUserBatches(
        [
          { clientUserId: 'x', email: 'old@example.com' },
          { clientUserId: 'y' },
          { clientUserId: 'x', email: 'new@example.com' },
        ],
        limits,
      ),
    ).toEqual([{ users: [{ clientUserId: 'x', email: 'new@example.com' }, { clientUserId: 'y' }] }]);
  });

  it('plans no revoke batch for empty input', () => {
    expect(planRevokeBatches({}, limits)).toEqual([]);
  });
});
