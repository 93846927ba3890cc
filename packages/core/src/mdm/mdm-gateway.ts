// The device side of a deployment: an MDM server sends InstallApplication / RemoveApplication to
// devices and later reports what they did to `POST /api/mdm/events`. The product talks to it through
// this interface; `createHttpMdmGateway` reaches one over HTTP (the emulator's device fleet, or a
// real MDM's bridge that speaks the same small protocol).

export interface MdmCommand {
  /** Comes back in the device's report; the deployment target's id. */
  commandId: string;
  serialNumber: string;
  action: 'INSTALL' | 'REMOVE';
  adamId: string;
  /** The app's bundle id (RemoveApplication names the app by it); null when Apple gave none. */
  bundleId?: string | null;
  /** The device's MDM enrollment id (UDID), null until the MDM has introduced the device. */
  udid?: string | null;
  /** The device's model ("iPad Air", "Mac14,2"): its platform decides how an app is installed. */
  model?: string;
}

/**
 * What a gateway that knows each command's fate reports. Commands of `deferred` targets were not
 * sent (the MDM is down, refused them, or the device has no enrollment yet): they are tried again
 * later. `commandUuids` names the MDM's command ids per target, which results come back with.
 */
export interface MdmSendResult {
  commandUuids: { commandId: string; mdmCommandUuid: string }[];
  deferred: string[];
}

/** Asks a device which of these apps it has installed (NanoMDM: ManagedApplicationList). */
export interface MdmInstallCheck {
  /** The deployment target's id. */
  commandId: string;
  udid: string;
  bundleId: string;
}

export interface MdmGateway {
  /** Resolves with nothing when every command went out (or throws when none did). */
  send(commands: MdmCommand[]): Promise<MdmSendResult | undefined>;
  /**
   * Gateways whose acknowledgement of an install only means "accepted" (NanoMDM): asks the devices
   * for their managed apps, so INSTALLED is set only when the answer lists the app as installed.
   * Resolves with nothing when the gateway in use cannot ask (the acknowledgement is all there is).
   */
  confirmInstalls?(checks: MdmInstallCheck[]): Promise<MdmSendResult | undefined>;
}

export interface HttpMdmGatewayOptions {
  /** Where commands are POSTed, e.g. the emulator's `/_emulator/mdm/commands`. */
  commandsUrl: string;
  /** Where the device side reports results: this product's `/api/mdm/events`. */
  callbackUrl: string;
  /** The shared secret the device side sends back as a bearer. */
  callbackToken: string;
  fetch?: typeof fetch;
  batchSize?: number;
}

export function createHttpMdmGateway(options: HttpMdmGatewayOptions): MdmGateway {
  const send = options.fetch ?? fetch;
  const batchSize = options.batchSize ?? 1000;
  return {
    async send(commands) {
      for (let start = 0; start < commands.length; start += batchSize) {
        const response = await send(options.commandsUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            callbackUrl: options.callbackUrl,
            callbackToken: options.callbackToken,
            commands: commands.slice(start, start + batchSize),
          }),
          signal: AbortSignal.timeout(30_000),
        });
        if (!response.ok)
          throw new Error(`the MDM gateway answered ${response.status} to ${commands.length} commands`);
      }
      return undefined;
    },
  };
}
