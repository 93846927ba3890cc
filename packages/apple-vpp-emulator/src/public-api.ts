// The package's entry point: the names other workspaces import. Internals stay unexported.

export { formatAppleDate } from './apple/apple-date.ts';
export { APPLE_ERRORS, type AppleErrorNumber, type AppleErrorResponse } from './apple/apple-errors.ts';
export { DEFAULT_SERVICE_LIMITS, type ServiceLimits, UNLIMITED_COUNT } from './apple/service-limits.ts';
export { decodeVppToken, encodeVppToken, type VppTokenContent } from './apple/vpp-token.ts';
export type { EmulatorControl } from './control/emulator-control.ts';
export {
  CONTROL_BASE_PATH,
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  NANOMDM_BASE_PATH,
  type StartedEmulator,
} from './create-emulator.ts';
export { DeviceFleet } from './device-fleet/device-fleet.ts';
export type { EmulatorQuirks, HttpNotificationUrls, PageSizes } from './emulator-context.ts';
export { API_BASE_PATH } from './endpoints/service-config.ts';
export { type DemoOrganisationOptions, generateDemoOrganisation } from './generators/demo-organisation.ts';
export {
  DEFAULT_SCALE,
  generateScaledOrganisation,
  type ScaleParameters,
} from './generators/scaled-organisation.ts';
export { slugify, type WrittenTokenFile, writeVppTokenFiles } from './generators/write-token-files.ts';
export type { FaultSettings } from './http/faults.ts';
export type { LoggedRequest } from './http/request-log.ts';
export {
  type DevicePlatform as EmulatedDevicePlatform,
  EmulatedNanoMdm,
  type NanoMdmMode,
} from './nanomdm/emulated-nanomdm.ts';
export type { WebhookDelivery as NanoMdmWebhookDelivery } from './nanomdm/nanomdm-webhooks.ts';
export type { NotificationDelivery } from './notifications/notification-sender.ts';
export { Organisation } from './state/organisation.ts';
