import { type PlistValue, parse } from 'plist';
import { describe, expect, it } from 'vitest';
import {
  buildDeviceInformation,
  buildInstallApplication,
  buildManagedApplicationList,
  buildRemoveApplication,
  devicePlatformOf,
} from '../src/mdm-commands.ts';

function decoded(plist: string): Record<string, PlistValue> {
  return parse(plist) as Record<string, PlistValue>;
}

describe('MDM command plists', () => {
  it('InstallApplication: integer iTunesStoreID, VPP purchase method, removed with the MDM profile', () => {
    const command = buildInstallApplication({ iTunesStoreId: '361309726', platform: 'iPadOS' });
    expect(command.requestType).toBe('InstallApplication');
    expect(command.plist).toContain('<key>iTunesStoreID</key>\n      <integer>361309726</integer>');
    expect(decoded(command.plist)).toEqual({
      CommandUUID: command.commandUuid,
      Command: {
        RequestType: 'InstallApplication',
        iTunesStoreID: 361309726,
        Options: { PurchaseMethod: 1 },
        ManagementFlags: 1,
      },
    });
  });

  it('InstallApplication on macOS installs as managed', () => {
    const command = buildInstallApplication({
      iTunesStoreId: 409183694,
      platform: 'macOS',
      commandUuid: 'C-1',
    });
    expect(decoded(command.plist)).toMatchObject({
      CommandUUID: 'C-1',
      Command: { InstallAsManaged: true, ManagementFlags: 1, Options: { PurchaseMethod: 1 } },
    });
    expect(command.plist).toContain('<key>InstallAsManaged</key>\n      <true/>');
  });

  it('refuses an adamId that is not an integer', () => {
    expect(() => buildInstallApplication({ iTunesStoreId: 'abc', platform: 'iOS' })).toThrow(
      /iTunes Store id/,
    );
    expect(() => buildInstallApplication({ iTunesStoreId: '0123', platform: 'iOS' })).toThrow();
    expect(() =>
      buildInstallApplication({ iTunesStoreId: '99999999999999999999', platform: 'iOS' }),
    ).toThrow();
  });

  it('gives every command its own CommandUUID', () => {
    const first = buildRemoveApplication({ bundleId: 'com.apple.Pages' });
    const second = buildRemoveApplication({ bundleId: 'com.apple.Pages' });
    expect(first.commandUuid).not.toBe(second.commandUuid);
    expect(first.commandUuid).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('RemoveApplication, ManagedApplicationList and DeviceInformation carry their keys', () => {
    expect(decoded(buildRemoveApplication({ bundleId: 'com.apple.Pages' }).plist).Command).toEqual({
      RequestType: 'RemoveApplication',
      Identifier: 'com.apple.Pages',
    });
    expect(() => buildRemoveApplication({ bundleId: ' ' })).toThrow();
    expect(
      decoded(buildManagedApplicationList({ bundleIds: ['com.apple.Pages', 'com.apple.Keynote'] }).plist)
        .Command,
    ).toEqual({
      RequestType: 'ManagedApplicationList',
      Identifiers: ['com.apple.Pages', 'com.apple.Keynote'],
    });
    expect(decoded(buildManagedApplicationList().plist).Command).toEqual({
      RequestType: 'ManagedApplicationList',
    });
    const info = decoded(buildDeviceInformation().plist).Command as Record<string, PlistValue>;
    expect(info.RequestType).toBe('DeviceInformation');
    expect(info.Queries).toEqual(
      expect.arrayContaining(['SerialNumber', 'OSVersion', 'DeviceName', 'ModelName']),
    );
    expect(decoded(buildDeviceInformation({ queries: ['UDID'] }).plist).Command).toEqual({
      RequestType: 'DeviceInformation',
      Queries: ['UDID'],
    });
  });

  it('tells the platform from model names and identifiers', () => {
    expect(devicePlatformOf({ modelName: 'iPad', productName: 'iPad13,1' })).toBe('iPadOS');
    expect(devicePlatformOf({ modelName: 'iPhone' })).toBe('iOS');
    expect(devicePlatformOf({ modelName: 'MacBook Pro' })).toBe('macOS');
    expect(devicePlatformOf({ modelName: 'iMac', productName: 'iMac14,2' })).toBe('macOS');
    expect(devicePlatformOf({ productName: 'Mac14,2' })).toBe('macOS');
    expect(devicePlatformOf({ productName: 'AppleTV11,1' })).toBe('tvOS');
    expect(devicePlatformOf({ modelName: 'Toaster' })).toBeUndefined();
  });
});
