import { randomUUID } from 'node:crypto';
import { build, type PlistValue } from 'plist';

// The MDM commands the console sends, as the XML plists NanoMDM's enqueue API takes as its body
// (`CommandUUID` + `Command.RequestType` + the command's keys). Keys and types follow Apple's
// command schema (apple/device-management, mdm/commands/*.yaml).

export type MdmRequestType =
  | 'InstallApplication'
  | 'RemoveApplication'
  | 'ManagedApplicationList'
  | 'DeviceInformation';

/** The operating system of an enrolled device, as the console tells them apart. */
export type DevicePlatform = 'iOS' | 'iPadOS' | 'macOS' | 'tvOS' | 'visionOS' | 'watchOS';

export interface MdmCommandPlist {
  commandUuid: string;
  requestType: MdmRequestType;
  /** The XML plist, the body of `PUT …/enqueue/{ids}`. */
  plist: string;
}

/** `ManagementFlags` 1: remove the app when the MDM profile is removed. */
export const REMOVE_WITH_MDM_PROFILE = 1;

/** `Options.PurchaseMethod` 1: the app is installed with a Volume Purchase (Apps and Books) license. */
export const PURCHASE_METHOD_VPP = 1;

/** What `DeviceInformation` asks for by default: enough to fill the console's device record. */
export const DEFAULT_DEVICE_INFORMATION_QUERIES = [
  'DeviceName',
  'OSVersion',
  'BuildVersion',
  'ModelName',
  'Model',
  'ProductName',
  'SerialNumber',
  'UDID',
  'IsSupervised',
] as const;

function command(requestType: MdmRequestType, keys: Record<string, PlistValue>, commandUuid?: string) {
  const uuid = commandUuid ?? randomUUID().toUpperCase();
  if (uuid.trim() === '') throw new TypeError('a CommandUUID must not be empty');
  return {
    commandUuid: uuid,
    requestType,
    plist: build({ CommandUUID: uuid, Command: { RequestType: requestType, ...keys } }),
  };
}

/** Apple's `iTunesStoreID` is a plist integer; the console keeps adamIds as strings. */
function storeId(iTunesStoreId: number | string): number {
  const text = String(iTunesStoreId);
  const value = Number(text);
  if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(value)) {
    throw new TypeError(`not an iTunes Store id: ${JSON.stringify(text)}`);
  }
  return value;
}

export interface InstallApplicationInput {
  /** The app's adamId (Apple's iTunesStoreID). */
  iTunesStoreId: number | string;
  /** The device's platform: on macOS the app is installed as managed (`InstallAsManaged`). */
  platform: DevicePlatform;
  /** Default 1: remove the app with the MDM profile. */
  managementFlags?: number;
  commandUuid?: string;
}

/** `InstallApplication` of a VPP-licensed App Store app (`PurchaseMethod` 1). License the device first. */
export function buildInstallApplication(input: InstallApplicationInput): MdmCommandPlist {
  const keys: Record<string, PlistValue> = {
    iTunesStoreID: storeId(input.iTunesStoreId),
    Options: { PurchaseMethod: PURCHASE_METHOD_VPP },
    ManagementFlags: input.managementFlags ?? REMOVE_WITH_MDM_PROFILE,
  };
  if (input.platform === 'macOS') keys.InstallAsManaged = true;
  return command('InstallApplication', keys, input.commandUuid);
}

/** `RemoveApplication` of a managed app, by bundle id. */
export function buildRemoveApplication(input: { bundleId: string; commandUuid?: string }): MdmCommandPlist {
  if (input.bundleId.trim() === '') throw new TypeError('a bundle id must not be empty');
  return command('RemoveApplication', { Identifier: input.bundleId }, input.commandUuid);
}

/** `ManagedApplicationList`, limited to `bundleIds` when given: confirms an install or removal. */
export function buildManagedApplicationList(
  input: { bundleIds?: string[]; commandUuid?: string } = {},
): MdmCommandPlist {
  const keys: Record<string, PlistValue> =
    input.bundleIds === undefined ? {} : { Identifiers: [...input.bundleIds] };
  return command('ManagedApplicationList', keys, input.commandUuid);
}

/** `DeviceInformation` with the given queries (default: name, OS, model, serial, UDID). */
export function buildDeviceInformation(
  input: { queries?: readonly string[]; commandUuid?: string } = {},
): MdmCommandPlist {
  const queries = [...(input.queries ?? DEFAULT_DEVICE_INFORMATION_QUERIES)];
  return command('DeviceInformation', { Queries: queries }, input.commandUuid);
}

/**
 * The platform of a device from what its Authenticate or DeviceInformation says: `ModelName`
 * ("iPad", "MacBook Pro") first, then the `ProductName`/`Model` identifier ("iPad13,1", "Mac14,2").
 */
export function devicePlatformOf(device: {
  modelName?: string | undefined;
  productName?: string | undefined;
  model?: string | undefined;
}): DevicePlatform | undefined {
  for (const text of [device.modelName, device.productName, device.model]) {
    if (text === undefined) continue;
    const name = text.toLowerCase();
    if (name.startsWith('ipad')) return 'iPadOS';
    if (name.startsWith('iphone') || name.startsWith('ipod')) return 'iOS';
    if (name.startsWith('mac') || name.startsWith('imac')) return 'macOS';
    if (name.startsWith('appletv') || name.startsWith('apple tv')) return 'tvOS';
    if (name.startsWith('realitydevice') || name.includes('vision')) return 'visionOS';
    if (name.startsWith('watch') || name.startsWith('apple watch')) return 'watchOS';
  }
  return undefined;
}
