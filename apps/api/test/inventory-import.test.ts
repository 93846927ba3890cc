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

type Refused = { line: number; value: string; reason: string };

function uploadCsv(path: string, csv: string | Buffer, filename = 'import.csv') {
  return admin.post(path).attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv), {
    filename,
    contentType: 'text/csv',
  });
}

function postCsvBody(path: string, csv: string) {
  return admin.post(path).set('content-type', 'text/csv').send(csv);
}

async function importAudits(action: string) {
  const response = await admin.get(`/api/audit-log?action=${action}&pageSize=500`);
  return response.body.items as { summary: string; after: Record<string, number> }[];
}

describe('device CSV import', () => {
  it('creates, updates and reports refused rows with their line and reason', async () => {
    await admin.post('/api/people').send({ email: 'owner@example.test' }).expect(201);
    await admin.post('/api/devices').send({ serialNumber: 'EXIST00001', name: 'Old name' }).expect(201);
    const csv = [
      'serialNumber,name,model,primaryUserEmail',
      'imp0000001,First iPad,iPad Air,Owner@Example.test', // 2: created, serial upper-cased
      'EXIST00001,New name,iPad Pro,', // 3: updated
      'IMP0000001,Again,iPad,', // 4: duplicate of line 2 (case-insensitive)
      'BAD-SERIAL,Broken,iPad,', // 5: bad serial
      'SHORT,Too short,iPad,', // 6: bad serial
      ',No serial,iPad,', // 7: missing serial
      'IMP0000002,Nobody’s,iPad,ghost@example.test', // 8: unknown primary user
      'IMP0000003,Bad email,iPad,not-an-email', // 9: bad email
      'IMP0000004,Second iPad,iPad mini,', // 10: created
    ].join('\n');
    const response = await uploadCsv('/api/devices/import', csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, updated: 1, unchanged: 0, ignoredColumns: [] });
    const refused = response.body.refused as Refused[];
    expect(refused.map((row) => [row.line, row.value])).toEqual([
      [4, 'IMP0000001'],
      [5, 'BAD-SERIAL'],
      [6, 'SHORT'],
      [7, ''],
      [8, 'IMP0000002'],
      [9, 'IMP0000003'],
    ]);
    expect(refused[0]?.reason).toBe('duplicate of line 2');
    expect(refused[1]?.reason).toBe('serialNumber must be 8 to 14 letters and digits');
    expect(refused[3]?.reason).toBe('serialNumber is required');
    expect(refused[4]?.reason).toMatch(/ghost@example\.test is no person/);
    expect(refused[5]?.reason).toMatch(/primaryUserEmail is not a valid email/);

    const first = await manager.get('/api/devices?search=IMP0000001');
    expect(first.body.items[0]).toMatchObject({
      serialNumber: 'IMP0000001',
      name: 'First iPad',
      model: 'iPad Air',
      primaryUser: { email: 'owner@example.test' },
    });
    const existing = await manager.get('/api/devices?search=EXIST00001');
    expect(existing.body.items[0]).toMatchObject({ name: 'New name', model: 'iPad Pro', primaryUser: null });
    expect((await manager.get('/api/devices?search=IMP0000002')).body.total).toBe(0);

    const [audit] = await importAudits('device.import');
    expect(audit?.after).toMatchObject({ rows: 9, created: 2, updated: 1, unchanged: 0, refused: 6 });

    // The same file again changes nothing.
    const again = await uploadCsv('/api/devices/import', csv);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  });

  it('reads quotes, commas and line breaks in fields, a BOM, CRLF line ends and odd header spelling', async () => {
    const csv =
      '\uFEFF"Serial Number",Name,MODEL,Site\r\n' +
      'QUOTE00001,"Reception, front desk","iPad ""Pro"" 12.9",HQ\r\n' +
      'QUOTE00002,"Two\r\nlines",iPad,HQ\r\n' +
      '\r\n' +
      'QUOTE00003,Plain,iPad,HQ\r\n' +
      'QUOTE00004,Unquoted, comma,iPad,HQ\r\n' +
      'quote00001,Duplicate,iPad,HQ\r\n';
    const response = await postCsvBody('/api/devices/import', csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 3, updated: 0, ignoredColumns: ['Site'] });
    expect(response.body.refused).toEqual([
      {
        line: 7,
        value: 'QUOTE00004',
        reason: 'has 5 cells but the header has 4: quote values that contain the separator',
      },
      { line: 8, value: 'quote00001', reason: 'duplicate of line 2' },
    ]);
    const devices = await manager.get('/api/devices?search=QUOTE&pageSize=10');
    expect(
      devices.body.items.map((device: { name: string; model: string }) => [device.name, device.model]),
    ).toEqual([
      ['Reception, front desk', 'iPad "Pro" 12.9'],
      ['Two\nlines', 'iPad'],
      ['Plain', 'iPad'],
    ]);
  });

  it('keeps the fields of columns the file lacks, and reads semicolon-separated files', async () => {
    const person = await admin.post('/api/people').send({ email: 'keep@example.test' }).expect(201);
    await admin
      .post('/api/devices')
      .send({ serialNumber: 'KEEP000001', name: 'Kept', model: 'iPad', primaryUserId: person.body.id })
      .expect(201);
    const response = await postCsvBody('/api/devices/import', 'serialNumber;model\nKEEP000001;iPad mini\n');
    expect(response.body).toMatchObject({ created: 0, updated: 1, refused: [] });
    const device = (await manager.get('/api/devices?search=KEEP000001')).body.items[0];
    expect(device).toMatchObject({ name: 'Kept', model: 'iPad mini', primaryUserId: person.body.id });
  });

  it('refuses files without the required columns, naming them', async () => {
    const before = await t.database.prisma.device.count();
    const response = await uploadCsv('/api/devices/import', 'serial,name\nABCDEFGH1,x\n');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.detail).toMatch(/no serialNumber column/);
    expect(response.body.detail).toMatch(/it names: serial, name/);
    expect(response.body.missingColumns).toEqual(['serialNumber']);

    const people = await uploadCsv('/api/people/import', 'displayName\nAda\n');
    expect(people.status).toBe(400);
    expect(people.body.missingColumns).toEqual(['email']);

    const empty = await uploadCsv('/api/devices/import', '');
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toMatch(/empty/);
    expect(await t.database.prisma.device.count()).toBe(before);
  });

  it('refuses what is not a CSV upload, and files too large, without writing', async () => {
    const before = await t.database.prisma.device.count();
    const json = await admin.post('/api/devices/import').send({ serialNumber: 'ABCDEFGH1' });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const noFile = await admin.post('/api/devices/import').field('other', 'x');
    expect(noFile.status).toBe(400);
    expect(noFile.body.code).toBe('VALIDATION_FAILED');

    const latin1 = await uploadCsv(
      '/api/devices/import',
      Buffer.from('serialNumber,name\nLATIN00001,Caf\xe9\n', 'latin1'),
    );
    expect(latin1.status).toBe(400);
    expect(latin1.body.detail).toMatch(/UTF-8/);

    const utf16 = await uploadCsv(
      '/api/devices/import',
      Buffer.from('serialNumber\nUTF16AAAA1\n', 'utf16le'),
    );
    expect(utf16.status).toBe(400);
    expect(utf16.body.detail).toMatch(/NUL characters/);

    const unclosed = await uploadCsv('/api/devices/import', 'serialNumber,name\nQUOTE90001,"never closed\n');
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.detail).toMatch(/not valid CSV/);

    const tooManyRows = [
      'serialNumber',
      ...Array.from({ length: 50_001 }, (_, i) => `ROWS${String(i).padStart(6, '0')}`),
    ];
    const rows = await uploadCsv('/api/devices/import', tooManyRows.join('\n'));
    expect(rows.status).toBe(413);
    expect(rows.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect(rows.body.detail).toMatch(/50000/);

    const big = `serialNumber,name\n${`BIGFILE001,${'x'.repeat(1000)}\n`.repeat(11 * 1024)}`;
    const file = await uploadCsv('/api/devices/import', big);
    expect(file.status).toBe(413);
    expect(file.body.code).toBe('PAYLOAD_TOO_LARGE');
    const body = await postCsvBody('/api/devices/import', big);
    expect(body.status).toBe(413);
    expect(body.body.code).toBe('PAYLOAD_TOO_LARGE');

    expect(await t.database.prisma.device.count()).toBe(before);
  });

  it('imports 50,000 devices in a few seconds, set-based, then updates them all', async () => {
    await admin.post('/api/people').send({ email: 'bulk-owner@example.test' }).expect(201);
    const lines = ['serialNumber,name,model,primaryUserEmail'];
    for (let i = 0; i < 50_000; i += 1) {
      lines.push(
        `BULK${String(i).padStart(6, '0')},"Cart ${i % 40}, slot ${i}",iPad (10th generation),${i % 10 === 0 ? 'bulk-owner@example.test' : ''}`,
      );
    }
    const csv = lines.join('\r\n');
    let started = performance.now();
    const created = await uploadCsv('/api/devices/import', csv);
    const createMs = performance.now() - started;
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ created: 50_000, updated: 0, refused: [] });
    expect(createMs).toBeLessThan(15_000);

    started = performance.now();
    const updated = await uploadCsv(
      '/api/devices/import',
      csv.replaceAll('iPad (10th generation)', 'iPad (A16)'),
    );
    const updateMs = performance.now() - started;
    expect(updated.body).toMatchObject({ created: 0, updated: 50_000, refused: [] });
    expect(updateMs).toBeLessThan(15_000);
    expect(await t.database.prisma.device.count({ where: { serialNumber: { startsWith: 'BULK' } } })).toBe(
      50_000,
    );
    expect(
      await t.database.prisma.device.count({ where: { primaryUser: { email: 'bulk-owner@example.test' } } }),
    ).toBe(5_000);
    // One audit entry per import, not one per row.
    expect((await importAudits('device.import')).filter((entry) => entry.after.rows === 50_000)).toHaveLength(
      2,
    );
    process.stdout.write(
      `  50,000-device import: create ${Math.round(createMs)} ms, update ${Math.round(updateMs)} ms\n`,
    );
  }, 60_000);
});

describe('people CSV import', () => {
  it('creates and updates people by clientUserId or email, refusing bad and duplicate rows', async () => {
    const existing = await admin
      .post('/api/people')
      .send({ email: 'linus@example.test', displayName: 'Linus', clientUserId: 'emp-1001' })
      .expect(201);
    await admin
      .post('/api/people')
      .send({ email: 'taken@example.test', clientUserId: 'emp-1002' })
      .expect(201);
    const csv = [
      'email,displayName,managedAppleId,clientUserId',
      'Margaret@Example.test,Margaret Hamilton,margaret@appleid.example.test,emp-2001', // 2 created
      'linus.new@example.test,Linus T,,emp-1001', // 3 updated: email changes, matched by clientUserId
      'katherine@example.test,Katherine Johnson,,', // 4 created with a generated clientUserId
      'margaret@example.test,Again,,', // 5 duplicate email of line 2
      'not-an-email,Nobody,,', // 6 bad email
      'alan@example.test,Alan,,alan@example.test', // 7 clientUserId is an email
      'dennis@example.test,Dennis,,emp-2001', // 8 clientUserId on line 2 too
      'taken@example.test,Someone else,,emp-9999', // 9 email of another person
      'barbara@example.test,Barbara,not-an-id,', // 10 bad managed Apple ID
    ].join('\n');
    const response = await uploadCsv('/api/people/import', csv);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    const refused = response.body.refused as Refused[];
    expect(refused.map((row) => row.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(refused[0]?.reason).toBe('duplicate of line 2');
    expect(refused[1]?.reason).toMatch(/^email is not a valid email/);
    expect(refused[2]?.reason).toMatch(/^clientUserId must be an opaque id.*never an email/);
    expect(refused[3]?.reason).toBe('clientUserId emp-2001 is on line 2 too');
    expect(refused[4]?.reason).toBe('the email belongs to another person (clientUserId emp-1002)');
    expect(refused[5]?.reason).toMatch(/^managedAppleId is not a valid email/);

    const linus = await manager.get(`/api/people/${existing.body.id}`);
    expect(linus.body).toMatchObject({
      email: 'linus.new@example.test',
      displayName: 'Linus T',
      clientUserId: 'emp-1001',
    });
    const margaret = (await manager.get('/api/people?search=margaret')).body.items;
    expect(margaret).toHaveLength(1);
    expect(margaret[0]).toMatchObject({
      email: 'margaret@example.test',
      clientUserId: 'emp-2001',
      managedAppleId: 'margaret@appleid.example.test',
      vppStatus: 'NOT_REGISTERED',
    });
    const katherine = (await manager.get('/api/people?search=katherine')).body.items[0];
    expect(katherine.clientUserId).toMatch(/^[0-9a-f-]{36}$/);
    expect(katherine.clientUserId).not.toContain('@');

    // Matched by email when the file has no clientUserId column; the Managed Apple ID column is absent: kept.
    const second = await uploadCsv(
      '/api/people/import',
      'email,displayName\nmargaret@example.test,Margaret H.\n',
    );
    expect(second.body).toMatchObject({ created: 0, updated: 1, unchanged: 0, refused: [] });
    const after = (await manager.get('/api/people?search=margaret')).body.items[0];
    expect(after).toMatchObject({
      displayName: 'Margaret H.',
      managedAppleId: 'margaret@appleid.example.test',
    });

    const [audit] = await importAudits('person.import');
    expect(audit?.summary).toMatch(/1 updated/);
  });

  it('imports 50,000 people in a few seconds', async () => {
    const lines = ['email,displayName'];
    for (let i = 0; i < 50_000; i += 1) lines.push(`student${i}@school.example.test,Student ${i}`);
    const started = performance.now();
    const response = await postCsvBody('/api/people/import', lines.join('\n'));
    const ms = performance.now() - started;
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ created: 50_000, refused: [] });
    expect(ms).toBeLessThan(15_000);
    process.stdout.write(`  50,000-person import: ${Math.round(ms)} ms\n`);
  }, 60_000);
});
