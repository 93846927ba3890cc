import { describe, expect, it } from 'vitest';
import type { AppleVppError } from '../src/apple-vpp-error.ts';
import { pickIconUrl, toContentMetadata } from '../src/content-metadata.ts';
import { S_TOKEN, serviceConfigBody } from './apple-fixtures.ts';
import { caught, setUpClient } from './client-under-test.ts';
import { BASE_URL } from './fake-apple.ts';

const LOOKUP_PATH = '/WebObjects/MZStorePlatform.woa/wa/lookup';

// Shaped like Apple's documented lookup answer (artwork as a list) and a live one (template).
const pages = {
  id: 361309726,
  name: 'Pages',
  bundleId: 'com.apple.Pages',
  artistName: 'Apple',
  kind: 'iosSoftware',
  deviceFamilies: ['iphone', 'ipad', 'mac'],
  artwork: [
    { width: 128, height: 128, url: 'https://is4-ssl.mzstatic.com/image/thumb/a/128x128bb.png' },
    { width: 216, height: 216, url: 'https://is4-ssl.mzstatic.com/image/thumb/a/360x216bb.png' },
  ],
  url: 'https://itunes.apple.com/us/app/pages/id361309726?mt=8',
};
const customApp = {
  id: '451796775',
  name: ' Field Service ',
  bundleId: 'com.example.field',
  kind: 'iosSoftware',
  deviceFamilies: ['iphone', 'watch', 'realityDevice'],
  artwork: { width: 1024, height: 1024, url: 'https://is1-ssl.mzstatic.com/image/thumb/b/{w}x{h}{c}.{f}' },
};
const book = { id: '492186116', name: 'A Book', kind: 'epubBook', artwork: null };

describe('content metadata lookup', () => {
  it('asks the lookup URL from the service config with the documented parameters', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', LOOKUP_PATH, (request) => ({
      json: { results: Object.fromEntries([['361309726', pages]].filter(([id]) => request.query.id === id)) },
    }));
    const found = await client.lookupContentMetadata(['361309726'], {
      platform: 'volumestore',
      country: 'gb',
    });
    const [request] = apple.requestsTo('GET', LOOKUP_PATH);
    expect(request?.url.origin).toBe('https://uclient-api.itunes.apple.com');
    expect(request?.query).toEqual({
      version: '2',
      p: 'mdm-lockup',
      caller: 'MDM',
      platform: 'volumestore',
      cc: 'gb',
      l: 'en',
      id: '361309726',
    });
    expect(request?.headers.cookie).toBe(`itvt=${S_TOKEN}`);
    expect(request?.headers.authorization).toBeUndefined();
    expect(found.get('361309726')).toEqual({
      adamId: '361309726',
      name: 'Pages',
      bundleId: 'com.apple.Pages',
      iconUrl: 'https://is4-ssl.mzstatic.com/image/thumb/a/360x216bb.png',
      platforms: ['iOS', 'macOS'],
      deviceFamilies: ['iphone', 'ipad', 'mac'],
      kind: 'iosSoftware',
      artistName: 'Apple',
      storeUrl: 'https://itunes.apple.com/us/app/pages/id361309726?mt=8',
    });
  });

  it('looks up many ids, leaving out the ones the store does not know', async () => {
    const { apple, client } = setUpClient();
    const catalog: Record<string, unknown> = {
      '361309726': pages,
      '451796775': customApp,
      '492186116': book,
    };
    apple.on('GET', LOOKUP_PATH, (request) => {
      const ids = (request.query.id ?? '').split(',');
      return {
        json: { results: Object.fromEntries(ids.filter((id) => catalog[id]).map((id) => [id, catalog[id]])) },
      };
    });
    const found = await client.lookupContentMetadata([
      '361309726',
      '451796775',
      '492186116',
      '1',
      '361309726',
    ]);
    expect([...found.keys()].sort()).toEqual(['361309726', '451796775', '492186116']);
    expect(apple.requestsTo('GET', LOOKUP_PATH)).toHaveLength(4);

    const batched = await client.lookupContentMetadata(['361309726', '451796775', '1'], {
      idsPerRequest: 10,
    });
    expect(batched.size).toBe(2);
    expect(apple.requestsTo('GET', LOOKUP_PATH).at(-1)?.query.id).toBe('361309726,451796775,1');
  });

  it('does not send the token in clear text to another host', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({
      json: serviceConfigBody({}, { contentMetadataLookup: 'http://store.example.net/lookup' }),
    }));
    apple.on('GET', '/lookup', () => ({ json: { results: {} } }));
    await client.lookupContentMetadata(['1']);
    expect(apple.requestsTo('GET', '/lookup')[0]?.headers.cookie).toBeUndefined();
  });

  it('resolves a relative lookup URL against the base URL (as an emulator may serve it)', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', '/service/config', () => ({
      json: serviceConfigBody({}, { contentMetadataLookup: 'lookup' }),
    }));
    apple.on('GET', '/lookup', () => ({ json: { results: { '7': { name: 'Seven' } } } }));
    const found = await client.lookupContentMetadata(['7']);
    expect(apple.requestsTo('GET', '/lookup')[0]?.url.href.startsWith(`${BASE_URL}/lookup?`)).toBe(true);
    expect(found.get('7')?.name).toBe('Seven');
  });

  it('fails with a typed error when the service config has no lookup URL', async () => {
    const { apple, client } = setUpClient();
    const body = serviceConfigBody();
    const { contentMetadataLookup: _removed, ...urls } = body.urls;
    apple.on('GET', '/service/config', () => ({ json: { ...body, urls } }));
    const error = (await caught(() => client.lookupContentMetadata(['1']))) as AppleVppError;
    expect(error.kind).toBe('INVALID_RESPONSE');
    expect(error.issues[0]?.path).toBe('urls.contentMetadataLookup');
  });

  it('names the field of a malformed item', async () => {
    const { apple, client } = setUpClient();
    apple.on('GET', LOOKUP_PATH, () => ({ json: { results: { '1': { kind: 'iosSoftware' } } } }));
    const error = (await caught(() => client.lookupContentMetadata(['1']))) as AppleVppError;
    expect(error.issues[0]?.path).toBe('results.1.name');
  });
});

describe('toContentMetadata', () => {
  it('fills the artwork template and maps device families to platforms', () => {
    const metadata = toContentMetadata('451796775', { ...customApp, id: undefined });
    expect(metadata.name).toBe('Field Service');
    expect(metadata.iconUrl).toBe('https://is1-ssl.mzstatic.com/image/thumb/b/512x512bb.png');
    expect(metadata.platforms).toEqual(['iOS', 'watchOS', 'visionOS']);
  });

  it('handles a book: no bundle id, no platforms, no icon', () => {
    expect(toContentMetadata('492186116', { ...book, id: undefined })).toMatchObject({
      bundleId: null,
      platforms: [],
      iconUrl: null,
      kind: 'epubBook',
    });
  });

  it('treats a Mac app without device families as macOS', () => {
    expect(toContentMetadata('1', { name: 'Final Cut Pro', kind: 'desktopApp' }).platforms).toEqual([
      'macOS',
    ]);
  });

  it('picks no icon from a template with an unknown placeholder, and the smallest when all are large', () => {
    expect(pickIconUrl({ url: 'https://x.test/{unknown}.png' })).toBeNull();
    expect(
      pickIconUrl([
        { width: 2048, url: 'https://x.test/2048.png' },
        { width: 1024, url: 'https://x.test/1024.png' },
      ]),
    ).toBe('https://x.test/1024.png');
    expect(pickIconUrl([])).toBeNull();
  });
});
