import * as emulatorPackage from '@vpp/apple-vpp-emulator';
import { describe, expect, it } from 'vitest';

describe('package entry point', () => {
  it('exports the programmatic API through the package name', async () => {
    const { createEmulator, generateDemoOrganisation, generateScaledOrganisation, writeVppTokenFiles } =
      emulatorPackage;
    expect(typeof generateScaledOrganisation).toBe('function');
    expect(typeof writeVppTokenFiles).toBe('function');
    expect(emulatorPackage.API_BASE_PATH).toBe('/mdm/v2');
    expect(emulatorPackage.CONTROL_BASE_PATH).toBe('/_emulator');
    const emulator = createEmulator({ organisation: generateDemoOrganisation() });
    try {
      const { baseUrl } = await emulator.start();
      expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mdm\/v2$/);
      expect((await fetch(`${baseUrl}/service/config`)).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });
});
