import type { ClientConfig } from '@vpp/apple-vpp-client/schemas';
import { parseVppTokenFile, type VppTokenFile } from '@vpp/apple-vpp-client/vpptoken-file';
import { AppError } from '@vpp/contracts/errors';
import { installationId } from '../settings/installation-identity.ts';
import { appleErrorToAppError } from './apple-errors-to-app-errors.ts';
import type { TokenServiceDeps } from './token-service-deps.ts';

export interface CheckedTokenFile {
  file: VppTokenFile;
  clientConfig: ClientConfig;
  /** Another MDM's mdmInfo on the location, or null when the location is free or ours. */
  foreignMdm: { id: string; name: string } | null;
  ourMdmId: string;
}

/** Reads an uploaded `.vpptoken` and asks Apple about its location. Writes nothing. */
export async function checkTokenFile(
  deps: TokenServiceDeps,
  content: Buffer | undefined,
): Promise<CheckedTokenFile> {
  if (!content || content.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Attach the .vpptoken file.', {
      errors: [{ path: 'body.token', message: 'is required' }],
    });
  }
  let file: VppTokenFile;
  try {
    file = parseVppTokenFile(content);
  } catch (error) {
    throw appleErrorToAppError(error);
  }
  if (file.expDate.getTime() <= deps.now().getTime()) {
    throw new AppError(
      'TOKEN_EXPIRED',
      `This token expired on ${file.expDate.toISOString().slice(0, 10)}. Download a new one.`,
    );
  }
  const client = deps.appleClients.forToken(file.sToken);
  let clientConfig: ClientConfig;
  try {
    clientConfig = await client.getClientConfig();
  } catch (error) {
    throw appleErrorToAppError(error);
  }
  const ourMdmId = await installationId(deps.prisma);
  const mdm = clientConfig.mdmInfo;
  const foreignMdm = mdm?.id && mdm.id !== ourMdmId ? { id: mdm.id, name: mdm.name ?? '' } : null;
  return { file, clientConfig, foreignMdm, ourMdmId };
}
