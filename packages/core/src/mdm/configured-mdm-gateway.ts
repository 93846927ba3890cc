import type { AppConfig, MdmConnection } from '@vpp/config/config';
import type { Database } from '@vpp/db/database';
import type { Logger } from 'pino';
import {
  DEVICE_MANAGEMENT_KEY,
  effectiveMdmConnection,
  type TokenCipher,
} from '../settings/device-management.ts';
import { createHttpMdmGateway, type MdmGateway } from './mdm-gateway.ts';
import { nanoMdmGatewayFromConnection } from './nanomdm-gateway.ts';

// The gateway as configured now: Settings → Device management when saved, else the MDM_*
// environment. The saved row's update time is read at every use, so a change made in the console
// (by the API process) reaches the worker without a restart; the driver is rebuilt only then.
// With no device side configured, commands wait (deferred, retried with backoff) until one is.

export function gatewayForConnection(
  connection: MdmConnection,
  config: AppConfig,
  logger?: Logger,
): MdmGateway | null {
  if (connection.kind === 'nanomdm' || connection.kind === 'nanohub') {
    return nanoMdmGatewayFromConnection(connection, logger);
  }
  const callbackUrl =
    config.MDM_EVENTS_CALLBACK_URL ??
    (config.PUBLIC_URL ? new URL('/api/mdm/events', config.PUBLIC_URL).toString() : null);
  if (connection.kind !== 'webhook' || !callbackUrl || !config.MDM_EVENTS_SECRET) return null;
  return createHttpMdmGateway({
    commandsUrl: connection.gatewayUrl,
    callbackUrl,
    callbackToken: config.MDM_EVENTS_SECRET,
  });
}

export function createConfiguredMdmGateway(deps: {
  database: Database;
  cipher: TokenCipher;
  config: AppConfig;
  logger?: Logger;
}): MdmGateway {
  let cached: { stamp: string; gateway: MdmGateway | null } | undefined;
  async function current(): Promise<MdmGateway | null> {
    const row = await deps.database.prisma.setting.findUnique({
      where: { key: DEVICE_MANAGEMENT_KEY },
      select: { updatedAt: true },
    });
    const stamp = row?.updatedAt.toISOString() ?? 'environment';
    if (cached?.stamp === stamp) return cached.gateway;
    const connection = await effectiveMdmConnection(deps.database.prisma, deps.cipher, deps.config);
    cached = { stamp, gateway: gatewayForConnection(connection, deps.config, deps.logger) };
    return cached.gateway;
  }
  return {
    async send(commands) {
      const gateway = await current();
      if (gateway === null)
        return { commandUuids: [], deferred: commands.map((command) => command.commandId) };
      return gateway.send(commands);
    },
    async confirmInstalls(checks) {
      const gateway = await current();
      if (gateway === null) return { commandUuids: [], deferred: checks.map((check) => check.commandId) };
      return gateway.confirmInstalls ? gateway.confirmInstalls(checks) : undefined;
    },
  };
}
