import { describe, expect, it } from 'vitest';
import { createEmulator } from '../src/create-emulator.ts';
import { generateDemoOrganisation } from '../src/generators/demo-organisation.ts';
import { request, startEmulator } from './emulator-harness.ts';

describe('content metadata lookup', () => {
  it('answers known apps and books with name, bundle id, icon URL, platforms and device licensing', async () => {
    const server = await startEmulator({ organisation: generateDemoOrganisation() });
    const { urls } = (await request(`${server.baseUrl}/service/config`)).body;
    const lookup = await request(
      `${urls.contentMetadataLookup}?version=2&id=361309726,424389933,1604123456,881256329,42&p=mdm-lockup&caller=MDM&platform=enterprisestore&cc=us&l=en`,
    );
    expect(lookup.status).toBe(200);
    const { results } = lookup.body;
    expect(Object.keys(results).sort()).toEqual(['1604123456', '361309726', '424389933', '881256329']);
    expect(results['361309726']).toMatchObject({
      id: '361309726',
      name: 'Pages',
      bundleId: 'com.apple.Pages',
      kind: 'iosSoftware',
      deviceFamilies: ['iphone', 'ipad', 'ipod'],
      isVppDeviceBasedLicensingEnabled: true,
    });
    expect(results['424389933']).toMatchObject({ kind: 'macSoftware', deviceFamilies: ['mac'] });
    expect(results['1604123456'].isVppDeviceBasedLicensingEnabled).toBe(false);
    expect(results['881256329']).toMatchObject({ kind: 'ebook', isVppDeviceBasedLicensingEnabled: false });
    expect(results['881256329'].bundleId).toBeUndefined();
    expect(lookup.body).toMatchObject({ version: 2, isAuthenticated: false });
    expect(results['361309726'].artwork.url).toBe(`${server.origin}/image/thumb/361309726/{w}x{h}bb.{f}`);
  });

  it('serves generated icons as PNG and SVG', async () => {
    const server = await startEmulator({ organisation: generateDemoOrganisation() });
    const png = await fetch(`${server.origin}/image/thumb/361309726/128x128bb.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(128);
    const svg = await request(`${server.origin}/image/thumb/361309726/64x64bb.svg`);
    expect(String(svg.body)).toContain('<svg');
    expect(String(svg.body)).toContain('>P<');
    expect((await request(`${server.origin}/image/thumb/1/64x64bb.png`)).status).toBe(404);
  });

  it('gives each app its own icon', async () => {
    const emulator = createEmulator({ organisation: generateDemoOrganisation() });
    const server = await emulator.start();
    try {
      const icon = async (adamId: string) =>
        Buffer.from(await (await fetch(`${server.origin}/image/thumb/${adamId}/32x32bb.png`)).arrayBuffer());
      expect(await icon('361309726')).not.toEqual(await icon('361285480'));
      expect(await icon('361309726')).toEqual(await icon('361309726'));
    } finally {
      await emulator.close();
    }
  });
});
