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
}

export interface MdmGateway {
  send(commands: MdmCommand[]): Promise<void>;
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
    },
  };
}
