import type { SessionUser } from '@vpp/contracts/accounts';
import { createContext, useContext } from 'react';

/**
 * The account the signed-in part of the console renders for. The session guard provides it, so
 * pages keep a stable user while the guard itself handles a session that has just ended.
 */
export const SignedInUserContext = createContext<SessionUser | null>(null);

export function useSignedInUser(): SessionUser {
  const user = useContext(SignedInUserContext);
  if (!user) throw new Error('useSignedInUser is used outside the signed-in part of the console');
  return user;
}
