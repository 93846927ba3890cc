import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';
import { parseVppFile } from '../src/config-as-code.ts';
import { readCredentials, writeCredentials } from '../src/config-file.ts';
import { renderTable } from '../src/output.ts';

// What vppctl decides without a console: credentials and their file, usage errors, the YAML file's
// shape, tables. (tests against the running product: test/integration/vppctl.test.ts)

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vppctl-unit-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function vppctl(env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { env, io: { out: (text) => out.push(text), err: (text) => err.push(text) } });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vppctl without a console', () => {
  it('keeps credentials in a 0600 file, and lets the environment override them', async () => {
    const env = { VPPCTL_CONFIG: path.join(dir, 'nested', 'config.json') };
    await writeFile(path.join(dir, 'placeholder'), '');
    await writeCredentials(env, { url: 'https://vpp.example.test', apiKey: 'vpp_file' });
    expect((await stat(env.VPPCTL_CONFIG)).mode & 0o777).toBe(0o600);
    expect(await readCredentials(env)).toEqual({ url: 'https://vpp.example.test', apiKey: 'vpp_file' });
    expect(await readCredentials({ ...env, VPPCTL_API_KEY: 'vpp_env' })).toEqual({
      url: 'https://vpp.example.test',
      apiKey: 'vpp_env',
    });
    expect(JSON.parse(await readFile(env.VPPCTL_CONFIG, 'utf8')).apiKey).toBe('vpp_file');
    expect(await readCredentials({ VPPCTL_CONFIG: path.join(dir, 'none.json') })).toBeNull();
  });

  it('exits 2 for usage errors and when not logged in, 0 for help, 3 when the console cannot be reached', async () => {
    const none = { VPPCTL_CONFIG: path.join(dir, 'none.json') };
    expect((await vppctl(none, 'nonsense')).code).toBe(2);
    expect((await vppctl(none, 'deploy', '--app', 'x')).code).toBe(2);
    expect((await vppctl(none, '--output', 'xml', 'tokens', 'list')).code).toBe(2);
    expect((await vppctl(none, '--help')).code).toBe(0);
    const notLoggedIn = await vppctl(none, 'tokens', 'list');
    expect(notLoggedIn.code).toBe(2);
    expect(notLoggedIn.err).toContain('vppctl login');
    const dead = await vppctl(
      { ...none, VPPCTL_URL: 'http://127.0.0.1:9', VPPCTL_API_KEY: 'vpp_x' },
      'tokens',
      'list',
    );
    expect(dead.code).toBe(3);
  });

  it('reads a vpp.yaml with defaults, and names what is wrong with a bad one', () => {
    const file = parseVppFile(
      'collections:\n  - name: Lab\n    type: DEVICE\ndeployments:\n  - application: App\n    collection: Lab\n',
      'vpp.yaml',
    );
    expect(file.deployments[0]).toEqual({
      application: 'App',
      collection: 'Lab',
      action: 'INSTALL',
      purpose: 'REQUIRED',
    });
    expect(file.tokens).toEqual([]);
    expect(() => parseVppFile('tokens:\n  - description: x\n', 'vpp.yaml')).toThrow(/location or a name/);
    expect(() => parseVppFile('collections: [', 'vpp.yaml')).toThrow(/not valid YAML/);
    expect(() => parseVppFile('surprise: 1\n', 'vpp.yaml')).toThrow(/not a vppctl file/);
    expect(() =>
      parseVppFile('collections:\n  - {name: A, type: USER}\n  - {name: A, type: USER}\n', 'vpp.yaml'),
    ).toThrow(/"A" twice/);
  });

  it('aligns table columns', () => {
    expect(
      renderTable(
        [
          { id: '1', name: 'Long name', tags: ['a', 'b'] },
          { id: '22', name: null },
        ],
        ['id', 'name', 'tags'],
      ),
    ).toBe(['ID  NAME       TAGS', '1   Long name  a,b', '22  -          -'].join('\n'));
  });
});
