import { type CreateTokenFields, tokenSchema } from '@vpp/contracts/tokens';
import { apiRequest } from '../../../lib/api-client.ts';
import { useRefreshingMutation } from '../../../lib/api-hooks.ts';
import { categoriesQueryKey } from './get-categories.ts';
import { syncHealthQueryKey } from './get-sync-health.ts';
import { tokenQueryKey } from './get-token.ts';
import { tokensQueryKey } from './get-tokens.ts';

export interface CreateTokenInput {
  fields: CreateTokenFields;
  file: File;
}

/** The upload is multipart: the checked fields, categories as a comma list, and the `token` file. */
export function createToken({ fields, file }: CreateTokenInput) {
  const body = new FormData();
  body.set('name', fields.name);
  body.set('description', fields.description);
  body.set('categories', fields.categories.join(', '));
  body.set('appleId', fields.appleId);
  body.set('type', fields.type);
  if (fields.takeOver) body.set('takeOver', 'true');
  body.set('token', file, file.name);
  return apiRequest('/api/tokens', tokenSchema, { method: 'POST', body });
}

export function useCreateToken() {
  return useRefreshingMutation(createToken, (token, _input, queryClient) => {
    // The token page opens with the answer, so it follows the first sync the upload queued.
    queryClient.setQueryData(tokenQueryKey(token.id), token);
    return [tokensQueryKey, categoriesQueryKey, syncHealthQueryKey];
  });
}
