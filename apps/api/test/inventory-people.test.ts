import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['signedInAgent']>>;
let manager: Awaited<ReturnType<TestApp['signedInAgent']>>;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.signedInAgent('admin');
  manager = await t.signedInAgent('manager');
});
afterAll(() => t.close());

/** A VPP token row straight in the database: people's registrations hang off tokens. */
async function addToken(name: string) {
  return t.database.prisma.vppToken.create({
    data: {
      name,
      appleId: 'vpp@example.test',
      type: 'BUSINESS',
      orgName: 'Example Org',
      locationUid: `location-${randomBytes(6).toString('hex')}`,
      sTokenEncrypted: randomBytes(32),
      sTokenSha256: randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + 180 * 86_400_000),
    },
  });
}

async function registerAtApple(tokenId: string, clientUserId: string, status: string, inviteCode?: string) {
  await t.database.prisma.vppUser.create({
    data: { tokenId, clientUserId, status, inviteCode: inviteCode ?? null },
  });
}

describe('people', () => {
  it('creates, reads, lists, updates and deletes a person, each change audited', async () => {
    const created = await admin.post('/api/people').send({
      email: '  Ada.Lovelace@Example.TEST ',
      displayName: 'Ada Lovelace',
      managedAppleId: 'ada@appleid.example.test',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'ada.lovelace@example.test',
      displayName: 'Ada Lovelace',
      managedAppleId: 'ada@appleid.example.test',
      vppStatus: 'NOT_REGISTERED',
      vppRegistrations: [],
      collections: 0,
      memberOf: [],
      devices: [],
    });
    // Generated: opaque and stable, never the email.
    const { id, clientUserId } = created.body as { id: string; clientUserId: string };
    expect(clientUserId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const list = await manager.get('/api/people?search=lovelace');
    expect(list.body.total).toBe(1);
    expect(Object.keys(list.body.items[0]).sort()).toEqual(
      [
        'clientUserId',
        'collections',
        'createdAt',
        'displayName',
        'email',
        'id',
        'managedAppleId',
        'updatedAt',
        'vppRegistrations',
        'vppStatus',
      ].sort(),
    );

    const updated = await admin
      .patch(`/api/people/${id}`)
      .send({ displayName: 'Augusta Ada King', managedAppleId: null, clientUserId });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: 'Augusta Ada King',
      managedAppleId: null,
      clientUserId,
    });
    expect((await manager.get(`/api/people/${id}`)).body.clientUserId).toBe(clientUserId);

    expect((await admin.delete(`/api/people/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/people/${id}`)).status).toBe(404);

    const audit = await admin.get(`/api/audit-log?search=${id}`);
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'person.delete',
      'person.update',
      'person.create',
    ]);
    expect(audit.body.items[1].before).toMatchObject({ displayName: 'Ada Lovelace' });
    expect(audit.body.items[1].after).toMatchObject({
      displayName: 'Augusta Ada King',
      managedAppleId: null,
    });
  });

  it('keeps one person per email and per clientUserId, and never changes a clientUserId', async () => {
    const first = await admin
      .post('/api/people')
      .send({ email: 'grace@example.test', clientUserId: 'emp-42' });
    expect(first.status).toBe(201);
    expect(first.body.clientUserId).toBe('emp-42');

    const sameEmail = await admin.post('/api/people').send({ email: 'GRACE@example.test' });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body).toMatchObject({ code: 'CONFLICT', existingId: first.body.id });

    const sameClientUserId = await admin
      .post('/api/people')
      .send({ email: 'other@example.test', clientUserId: 'emp-42' });
    expect(sameClientUserId.status).toBe(409);

    const other = await admin.post('/api/people').send({ email: 'hopper@example.test' });
    const takeEmail = await admin.patch(`/api/people/${other.body.id}`).send({ email: 'grace@example.test' });
    expect(takeEmail.status).toBe(409);

    const changeId = await admin.patch(`/api/people/${first.body.id}`).send({ clientUserId: 'emp-43' });
    expect(changeId.status).toBe(409);
    expect(changeId.body.detail).toMatch(/clientUserId cannot change/);
  });

  it('creates one person when several requests add the same email at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        admin.post('/api/people').send({ email: 'race@example.test', displayName: `Racer ${index}` }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await t.database.prisma.person.count({ where: { email: 'race@example.test' } })).toBe(1);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await t.database.prisma.person.count();
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'body.email'],
      [{ email: 'not-an-email' }, 'body.email'],
      [{ email: 'ok@example.test', clientUserId: 'someone@example.test' }, 'body.clientUserId'],
      [{ email: 'ok@example.test', clientUserId: 'has space' }, 'body.clientUserId'],
      [{ email: 'ok@example.test', managedAppleId: 'nope' }, 'body.managedAppleId'],
      [{ email: 'ok@example.test', vppStatus: 'ASSOCIATED' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const response = await admin.post('/api/people').send(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((error: { path: string }) => error.path).join(' ')).toContain(path);
    }
    expect(await t.database.prisma.person.count()).toBe(before);
  });

  it('shows the VPP status as the best registration over every token, with invitations', async () => {
    const first = await addToken('Alpha location');
    const second = await addToken('Beta location');
    const statuses: [string, [string, string | undefined][], string][] = [
      ['nobody', [], 'NOT_REGISTERED'],
      ['retired', [['Retired', undefined]], 'RETIRED'],
      ['invited', [['Registered', 'INVITE-1']], 'REGISTERED'],
      [
        'mixed',
        [
          ['Retired', undefined],
          ['Associated', undefined],
        ],
        'ASSOCIATED',
      ],
      [
        'upgraded',
        [
          ['Associated', undefined],
          ['Registered', 'INVITE-2'],
        ],
        'ASSOCIATED',
      ],
      ['deleted', [['Deleted', undefined]], 'NOT_REGISTERED'],
    ];
    for (const [name, registrations, expected] of statuses) {
      const person = await admin.post('/api/people').send({ email: `${name}@vpp.example.test` });
      expect(person.status).toBe(201);
      for (const [index, [status, inviteCode]] of registrations.entries()) {
        await registerAtApple(
          (index === 0 ? first : second).id,
          person.body.clientUserId,
          status,
          inviteCode,
        );
      }
      const read = await manager.get(`/api/people/${person.body.id}`);
      expect(read.body.vppStatus, name).toBe(expected);
    }
    const invited = (await manager.get('/api/people?search=invited@vpp')).body.items[0];
    expect(invited.vppRegistrations).toEqual([
      {
        tokenId: first.id,
        tokenName: 'Alpha location',
        status: 'REGISTERED',
        inviteCode: 'INVITE-1',
        inviteUrl: null,
      },
    ]);
    const upgraded = (await manager.get('/api/people?search=upgraded@vpp')).body.items[0];
    expect(upgraded.vppRegistrations).toEqual([
      {
        tokenId: first.id,
        tokenName: 'Alpha location',
        status: 'ASSOCIATED',
        inviteCode: null,
        inviteUrl: null,
      },
      {
        tokenId: second.id,
        tokenName: 'Beta location',
        status: 'REGISTERED',
        inviteCode: 'INVITE-2',
        inviteUrl: null,
      },
    ]);
    const page = await manager.get('/api/people?search=@vpp.example.test&pageSize=10');
    expect(page.body.items.map((person: { vppStatus: string }) => person.vppStatus)).toHaveLength(6);
  });

  it('lists the devices and collections of a person, and deleting them leaves both', async () => {
    const person = await admin.post('/api/people').send({ email: 'owner@example.test' });
    const device = await admin
      .post('/api/devices')
      .send({ serialNumber: 'OWNED00001', primaryUserId: person.body.id });
    const collection = await admin.post('/api/collections').send({ name: 'Teachers', type: 'USER' });
    await admin
      .put(`/api/collections/${collection.body.id}/members`)
      .send({ memberIds: [person.body.id] })
      .expect(200);
    const read = await manager.get(`/api/people/${person.body.id}`);
    expect(read.body).toMatchObject({
      collections: 1,
      memberOf: [{ id: collection.body.id, name: 'Teachers' }],
      devices: [{ id: device.body.id, serialNumber: 'OWNED00001' }],
    });

    expect((await admin.delete(`/api/people/${person.body.id}`)).status).toBe(204);
    expect((await manager.get(`/api/collections/${collection.body.id}`)).body.memberCount).toBe(0);
    expect((await manager.get(`/api/devices/${device.body.id}`)).body.primaryUser).toBeNull();
  });
});
