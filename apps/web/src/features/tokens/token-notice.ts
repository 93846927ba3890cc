import { useLocationNotice } from '../../lib/page-notice.ts';

/**
 * What the token pages tell the reader after moving them on: the token page after an upload, the
 * token list after a deletion. It travels in the router's location state.
 */
export interface TokenNotice {
  tokenNotice: 'added' | 'deleted';
  name: string;
}

const tokenNotices = ['added', 'deleted'] as const;

export function useTokenNotice(): TokenNotice | undefined {
  return useLocationNotice('tokenNotice', tokenNotices);
}
