import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../packages/vppctl/src/cli.ts';
import { makeApnsCertificate } from './apns-test-certificate.ts';
import { type ProductUnderTest, startProduct, waitFor } from './product-under-test.ts';

// vppctl against the running product (API, worker, Apple emulator) with an API key: list tokens,
// start a sync, print the report as CSV, plan and apply a YAML file (a collection and a deployment),
// plan again (no changes), and a revoked key's exit code. Most commands run through vppctl's own
// entry function; two run the real `vppctl` bin in a child process, as a pipeline would.

const APP = '810000001';
const BIN = path.resolve(import.meta.dirname, '../../packages/vppctl/bin/vppctl.mjs');
const execFileAsync = promisify(execFile);

let product: ProductUnderTest;
let tokenId: string;
let key: { id: string; key: string };
let workDir: string;
let env: Record<string, string>;

async function vppctl(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { env, io: { out: (text) => out.push(text), err: (text) => err.push(text) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function vppctlProcess(argv: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, ...argv], {
      env: { PATH: process.env.PATH ?? '', HOME: workDir, ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  product = await startProduct({ emulatorOptions: { deviceCommandDelayMs: 20 } });
  const location = product.emulator.control.createLocation({
    orgName: 'CLI Org',
    locationName: 'CLI campus',
    type: 'EDUCATION',
    assets: [{ adamId: APP, name: 'Pipeline App', deviceAssignable: true, count: 10 }],
  });
  await product.startWorker();
  const upload = product.admin.post('/api/tokens');
  for (const [field, value] of Object.entries({
    name: 'CLI token',
    appleId: 'it@example.test',
    type: 'EDUCATION',
  }))
    upload.field(field, value);
  tokenId = (await upload.attach('token', Buffer.from(location.vppToken), 'cli.vpptoken')).body.id;
  await waitFor(() =>
    product.app.database.prisma.syncRun.findFirst({ where: { tokenId, status: 'SUCCEEDED' } }),
  );
  expect(
    (await product.admin.put('/api/apns-certificate').send({ certificate: makeApnsCertificate(60) })).status,
  ).toBe(200);
  const storeApp = await product.app.database.prisma.storeApp.findFirstOrThrow({
    where: { tokenId, adamId: APP },
  });
  expect((await product.admin.post(`/api/store-apps/${storeApp.id}/applications`).send({})).status).toBe(201);
  for (const serial of ['CLISERIAL01', 'CLISERIAL02', 'CLISERIAL03']) {
    expect((await product.admin.post('/api/devices').send({ serialNumber: serial })).status).toBe(201);
  }
  const created = await product.admin.post('/api/api-keys').send({ name: 'vppctl test', role: 'admin' });
  expect(created.status).toBe(201);
  key = created.body;
  workDir = await mkdtemp(path.join(os.tmpdir(), 'vppctl-'));
  env = { VPPCTL_CONFIG: path.join(workDir, 'config.json') };
});

afterAll(async () => {
  await product?.close();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('vppctl', () => {
  it('logs in with an API key and keeps it in a file only its owner can read', async () => {
    const login = await vppctl('login', '--url', product.apiUrl, '--key', key.key);
    expect(login.code).toBe(0);
    const file = await stat(env.VPPCTL_CONFIG!);
    expect(file.mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(env.VPPCTL_CONFIG!, 'utf8'))).toEqual({
      url: product.apiUrl,
      apiKey: key.key,
    });
  });

  it('lists tokens (as JSON and as a table) and starts a sync', async () => {
    const listed = await vppctl('tokens', 'list', '--output', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ id: tokenId, name: 'CLI token' })]);
    const table = await vppctl('tokens', 'list');
    expect(table.out.split('\n')[0]).toMatch(/^ID\s+NAME\s+LOCATIONNAME/);
    expect(table.out).toContain('CLI campus');

    const sync = await vppctl('tokens', 'sync', tokenId, '-o', 'json');
    expect(sync.code).toBe(0);
    const { syncRunId } = JSON.parse(sync.out) as { syncRunId: string };
    const runRow = await product.app.database.prisma.syncRun.findUniqueOrThrow({ where: { id: syncRunId } });
    expect(runRow).toMatchObject({ tokenId, trigger: 'MANUAL' });
    // The sync is audited as the key.
    const audit = await product.app.database.prisma.auditEntry.findFirst({
      where: { actorApiKeyId: key.id },
    });
    expect(audit?.actorEmail).toBe('api-key:vppctl test');
  });

  it('lists store apps and prints the license report as CSV', async () => {
    const apps = await vppctl('apps', 'list', '-o', 'json');
    expect(JSON.parse(apps.out)).toEqual([expect.objectContaining({ adamId: APP, name: 'Pipeline App' })]);
    const report = await vppctl('report', '--csv');
    expect(report.code).toBe(0);
    const lines = report.out.split('\n');
    expect(lines.length).toBe(2);
    expect(lines[1]).toContain('Pipeline App');
  });

  it('plans and applies a YAML file: a collection and a deployment, then a second plan has no changes', async () => {
    const file = path.join(workDir, 'vpp.yaml');
    await writeFile(
      file,
      [
        'tokens:',
        '  - location: CLI campus',
        '    description: Managed from vpp.yaml',
        '    categories: [HQ]',
        'collections:',
        '  - name: Lab iPads',
        '    type: DEVICE',
        '    description: Every iPad in the lab',
        '    members: [CLISERIAL01, CLISERIAL02]',
        'deployments:',
        '  - application: Pipeline App',
        '    collection: Lab iPads',
        '    action: INSTALL',
        '    purpose: REQUIRED',
        '',
      ].join('\n'),
    );
    const plan = await vppctl('plan', '-f', file);
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('~ token "CLI token"');
    expect(plan.out).toContain('+ collection "Lab iPads"');
    expect(plan.out).toContain('+ deployment "Pipeline App → Lab iPads"');
    expect(plan.out).toContain('Plan: 2 to create, 1 to change, 0 to delete.');
    // A plan changes nothing.
    expect(await product.app.database.prisma.collection.count({ where: { name: 'Lab iPads' } })).toBe(0);

    const apply = await vppctl('apply', '-f', file);
    expect(apply.code).toBe(0);
    expect(apply.out).toContain('Applied.');
    const collection = await product.app.database.prisma.collection.findFirstOrThrow({
      where: { name: 'Lab iPads' },
      include: { devices: true },
    });
    expect(collection.devices).toHaveLength(2);
    const deployment = await product.app.database.prisma.deployment.findFirstOrThrow({
      where: { collectionId: collection.id },
    });
    expect(deployment).toMatchObject({ action: 'INSTALL', purpose: 'REQUIRED' });
    const token = (await product.admin.get(`/api/tokens/${tokenId}`)).body;
    expect(token).toMatchObject({ description: 'Managed from vpp.yaml', categories: ['HQ'] });

    const again = await vppctl('plan', '-f', file, '-o', 'json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ changes: [], problems: [] });
  });

  it('previews a deployment with --dry-run without creating one', async () => {
    const before = await product.app.database.prisma.deployment.count();
    const dry = await vppctl(
      'deploy',
      '--app',
      'Pipeline App',
      '--collection',
      'Lab iPads',
      '--uninstall',
      '--dry-run',
      '-o',
      'json',
    );
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out)).toMatchObject({ targets: 2 });
    expect(await product.app.database.prisma.deployment.count()).toBe(before);
  });

  it('previews a reclaim with --dry-run: the licenses of devices unseen for 30 days, changing nothing', async () => {
    const prisma = product.app.database.prisma;
    const serials = ['CLISERIAL01', 'CLISERIAL02', 'CLISERIAL03'];
    await prisma.device.updateMany({
      where: { serialNumber: { in: serials } },
      data: { lastSeenAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    // The deployment applied above licenses the lab iPads.
    const held = await waitFor(async () => {
      const count = await prisma.licenseAssignment.count({ where: { tokenId, assignee: { in: serials } } });
      return count > 0 ? count : null;
    }, 20_000);
    const dry = await vppctl(
      'reclaim',
      '--rule',
      'DEVICE_NOT_SEEN',
      '--days',
      '30',
      '--dry-run',
      '-o',
      'json',
    );
    expect(dry.code).toBe(0);
    const result = JSON.parse(dry.out);
    expect(result).toMatchObject({ dryRun: true, reclaim: null, currency: 'EUR' });
    expect(result.candidates).toHaveLength(held);
    expect(result.candidates[0]).toMatchObject({ rule: 'DEVICE_NOT_SEEN', appName: 'Pipeline App' });
    const table = await vppctl('reclaim', '--rule', 'DEVICE_NOT_SEEN', '--dry-run');
    expect(table.out.split('\n')[0]).toMatch(/^APP\s+TOKENNAME\s+LICENSETYPE\s+HOLDER/);
    expect(table.out).toContain(`Would take back ${held} licenses`);
    expect(await prisma.licenseAssignment.count({ where: { tokenId, assignee: { in: serials } } })).toBe(
      held,
    );
    expect(await prisma.reclaim.count()).toBe(0);
    expect((await vppctl('reclaim', '--rule', 'EVERYTHING', '--dry-run')).code).toBe(2);
    expect((await vppctl('reclaim', '--rule', 'DEVICE_NOT_SEEN', '--days', 'soon', '--dry-run')).code).toBe(
      2,
    );
    expect((await vppctl('reclaim', '--dry-run')).code).toBe(2);
  });

  it('exits 2 on bad usage and on a file it cannot use, and 1 with the code when the plan has problems', async () => {
    expect((await vppctl('tokens', 'frobnicate')).code).toBe(2);
    expect((await vppctl('plan')).code).toBe(2);
    const bad = path.join(workDir, 'bad.yaml');
    await writeFile(bad, 'collections:\n  - name: X\n    type: LAPTOP\n');
    const invalid = await vppctl('plan', '-f', bad);
    expect(invalid.code).toBe(2);
    expect(invalid.err).toContain('collections.0.type');
    await writeFile(bad, 'deployments:\n  - application: No Such App\n    collection: Lab iPads\n');
    const problems = await vppctl('apply', '-f', bad);
    expect(problems.code).toBe(1);
    expect(problems.out).toContain('no such application');
  });

  it('runs as the real bin from env (VPPCTL_URL/VPPCTL_API_KEY); a revoked key exits 1 with 401, a dead URL 3', async () => {
    const viaEnv = { VPPCTL_URL: product.apiUrl, VPPCTL_API_KEY: key.key };
    const listed = await vppctlProcess(['tokens', 'list', '-o', 'json'], viaEnv);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)[0].id).toBe(tokenId);

    expect((await product.admin.delete(`/api/api-keys/${key.id}`)).status).toBe(204);
    const revoked = await vppctlProcess(['tokens', 'list'], viaEnv);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('UNAUTHENTICATED (HTTP 401)');

    const unreachable = await vppctl('tokens', 'list');
    expect(unreachable.code).toBe(1);
    env.VPPCTL_URL = 'http://127.0.0.1:9';
    const dead = await vppctl('tokens', 'list');
    expect(dead.code).toBe(3);
    delete env.VPPCTL_URL;
  });
});
