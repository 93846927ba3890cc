import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildRemoveApplication } from '../src/mdm-commands.ts';
import { createNanoMdmClient } from '../src/nanomdm-client.ts';
import { NanoMdmError } from '../src/nanomdm-error.ts';

// The client's reading of NanoMDM's answers, against a loopback server that answers what a test
// tells it to (the shapes of micromdm/nanomdm api.APIResult). The emulator contract suite runs the
// same client against the emulated NanoMDM; this covers answers the emulator never gives.

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Answer = { status: number; body?: unknown; raw?: string; delayMs?: number; hangUp?: boolean };

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function fakeNanoMdm(answer: (seen: Seen) => Answer) {
  const seen: Seen[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request = {
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body: Buffer.concat(chunks).toString('utf8'),
    };
    seen.push(request);
    const reply = answer(request);
    if (reply.hangUp) {
      req.socket.destroy();
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    res.statusCode = reply.status;
    res.setHeader('content-type', 'application/json');
    res.end(reply.raw ?? JSON.stringify(reply.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() && server.closeAllConnections() });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const A = 'AAAAAAAA-0000-0000-0000-000000000001';
const B = 'BBBBBBBB-0000-0000-0000-000000000002';
const KEY = 'api-key-that-must-not-leak';

async function failure(promise: Promise<unknown>): Promise<NanoMdmError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NanoMdmError);
  const rendered = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
  expect(rendered).not.toContain(KEY);
  return error as NanoMdmError;
}

describe('NanoMDM enqueue client', () => {
  it('PUTs the plist to /v1/enqueue/{ids} with Basic nanomdm:<key>, reading 200', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 200,
      body: {
        status: { [A]: { push_result: 'push-a' }, [B]: { push_result: 'push-b' } },
        command_uuid: 'C-1',
        request_type: 'RemoveApplication',
      },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: `${nano.url}/`, apiKey: KEY });
    const command = buildRemoveApplication({ bundleId: 'com.apple.Pages', commandUuid: 'C-1' });
    const outcome = await client.enqueue([A, B], command);
    expect(nano.seen[0]).toMatchObject({
      method: 'PUT',
      url: `/v1/enqueue/${A},${B}`,
      authorization: `Basic ${Buffer.from(`nanomdm:${KEY}`).toString('base64')}`,
      body: command.plist,
    });
    expect(outcome).toMatchObject({
      commandUuid: 'C-1',
      requestType: 'RemoveApplication',
      httpStatus: 200,
      queued: [A, B],
      notQueued: [],
      notPushed: [],
    });
    expect(outcome.results[0]).toEqual({ id: A, queued: true, pushed: true, pushId: 'push-a' });
  });

  it('speaks NanoHUB: /api/v1/nanomdm/enqueue with the user nanohub, and ?nopush=1', async () => {
    const nano = await fakeNanoMdm(() => ({ status: 200, body: { no_push: true, command_uuid: 'C-2' } }));
    const client = createNanoMdmClient({ kind: 'nanohub', url: nano.url, apiKey: KEY });
    const outcome = await client.enqueue([A], buildRemoveApplication({ bundleId: 'x' }), { noPush: true });
    expect(nano.seen[0]?.url).toBe(`/api/v1/nanomdm/enqueue/${A}?nopush=1`);
    expect(nano.seen[0]?.authorization).toBe(`Basic ${Buffer.from(`nanohub:${KEY}`).toString('base64')}`);
    expect(outcome.results[0]).toEqual({ id: A, queued: true, pushed: false });
    expect(outcome.notPushed).toEqual([]);
  });

  it('207: says which ids were not queued and which were not pushed', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 207,
      body: {
        status: { [A]: { push_result: 'p' }, [B]: { command_error: 'enrollment not found' } },
        command_uuid: 'C-3',
        request_type: 'RemoveApplication',
      },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    const outcome = await client.enqueue([A, B], buildRemoveApplication({ bundleId: 'x' }));
    expect(outcome.httpStatus).toBe(207);
    expect(outcome.queued).toEqual([A]);
    expect(outcome.notQueued).toEqual([{ id: B, reason: 'enrollment not found' }]);
  });

  it('500 with only push errors: the command is queued, the push is to be retried', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 500,
      body: { status: { [A]: { push_error: 'APNs: BadDeviceToken' } }, command_uuid: 'C-4' },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    const outcome = await client.enqueue([A], buildRemoveApplication({ bundleId: 'x' }));
    expect(outcome).toMatchObject({
      httpStatus: 500,
      queued: [A],
      notPushed: [{ id: A, reason: 'APNs: BadDeviceToken' }],
    });
  });

  it('500 with nothing queued: ENQUEUE_FAILED, retryable, naming each id', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 500,
      body: { status: { [A]: { command_error: 'db down' }, [B]: { command_error: 'db down' } } },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    const error = await failure(
      client.enqueue([A, B], buildRemoveApplication({ bundleId: 'x', commandUuid: 'C-5' })),
    );
    expect(error).toMatchObject({
      kind: 'ENQUEUE_FAILED',
      retryable: true,
      httpStatus: 500,
      commandUuid: 'C-5',
      failedIds: [
        { id: A, reason: 'db down' },
        { id: B, reason: 'db down' },
      ],
    });
  });

  it('a plist NanoMDM cannot decode is REJECTED, not retried', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 500,
      body: { command_error: 'decoding command: invalid command' },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    const error = await failure(client.enqueue([A], buildRemoveApplication({ bundleId: 'x' })));
    expect(error).toMatchObject({ kind: 'REJECTED', retryable: false });
  });

  it('maps HTTP failures: 401, 404, 503, HTML bodies, hang-ups, refused connections, timeouts', async () => {
    const command = buildRemoveApplication({ bundleId: 'x' });
    const cases: [Answer, string, boolean][] = [
      [{ status: 401, raw: 'Unauthorized' }, 'UNAUTHORIZED', false],
      [{ status: 404, raw: '404 page not found' }, 'NOT_FOUND', false],
      [{ status: 503, raw: '<html>busy</html>' }, 'UNAVAILABLE', true],
      [{ status: 500, raw: '<html>proxy</html>' }, 'UNAVAILABLE', true],
      [{ status: 200, raw: 'not json' }, 'INVALID_RESPONSE', true],
      [{ status: 400, raw: '{}' }, 'REJECTED', false],
      [{ status: 0, hangUp: true }, 'UNREACHABLE', true],
    ];
    for (const [answer, kind, retryable] of cases) {
      const nano = await fakeNanoMdm(() => answer);
      const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
      const error = await failure(client.enqueue([A], command));
      expect(error, JSON.stringify(answer)).toMatchObject({ kind, retryable });
    }
    const refused = createNanoMdmClient({ kind: 'nanomdm', url: 'http://127.0.0.1:1', apiKey: KEY });
    expect(await failure(refused.enqueue([A], command))).toMatchObject({
      kind: 'UNREACHABLE',
      retryable: true,
    });

    const slow = await fakeNanoMdm(() => ({ status: 200, body: {}, delayMs: 500 }));
    const impatient = createNanoMdmClient({ kind: 'nanomdm', url: slow.url, apiKey: KEY, timeoutMs: 50 });
    expect(await failure(impatient.enqueue([A], command))).toMatchObject({
      kind: 'TIMEOUT',
      retryable: true,
      mayHaveBeenQueued: true,
    });
  });

  it('refuses bad ids and too many ids before sending anything', async () => {
    const client = createNanoMdmClient({
      kind: 'nanomdm',
      url: 'http://127.0.0.1:1',
      apiKey: KEY,
      maxIdsPerRequest: 2,
    });
    const command = buildRemoveApplication({ bundleId: 'x' });
    await expect(client.enqueue([], command)).rejects.toThrow(TypeError);
    await expect(client.enqueue(['a,b'], command)).rejects.toThrow(TypeError);
    await expect(client.enqueue([A, B, 'C'], command)).rejects.toThrow(/at most 2/);
    expect(() => createNanoMdmClient({ kind: 'nanomdm', url: 'ftp://x', apiKey: KEY })).toThrow();
    expect(() => createNanoMdmClient({ kind: 'nanomdm', url: 'http://x', apiKey: '' })).toThrow();
  });

  it('pushes with GET /v1/push/{ids}', async () => {
    const nano = await fakeNanoMdm(() => ({
      status: 207,
      body: { status: { [A]: { push_result: 'p' }, [B]: { push_error: 'no push info' } } },
    }));
    const client = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    expect(await client.push([A, B])).toEqual({
      httpStatus: 207,
      pushed: [A],
      failed: [{ id: B, reason: 'no push info' }],
    });
    expect(nano.seen[0]).toMatchObject({ method: 'GET', url: `/v1/push/${A},${B}` });
  });

  it('checks the connection: version, then the authenticated push-certificate endpoint', async () => {
    const nano = await fakeNanoMdm((seen) =>
      seen.url === '/version'
        ? { status: 200, body: { version: 'v0.9.0' } }
        : seen.authorization === `Basic ${Buffer.from(`nanomdm:${KEY}`).toString('base64')}`
          ? { status: 400, body: { error: 'missing required query parameter: topic' } }
          : { status: 401, raw: 'Unauthorized' },
    );
    const good = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: KEY });
    expect(await good.checkConnection()).toEqual({ version: 'v0.9.0' });
    expect(nano.seen.map((seen) => seen.url)).toEqual(['/version', '/v1/pushcert']);
    const wrongKey = createNanoMdmClient({ kind: 'nanomdm', url: nano.url, apiKey: 'wrong' });
    expect(await failure(wrongKey.checkConnection())).toMatchObject({ kind: 'UNAUTHORIZED' });
  });
});
