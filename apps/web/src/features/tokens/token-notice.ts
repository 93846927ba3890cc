import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * What the token pages tell the reader after moving them on: the token page after an upload, the
 * token list after a deletion. It travels in the router's location state.
 */
export interface TokenNotice {
  tokenNotice: 'added' | 'deleted';
  name: string;
}

function isTokenNotice(state: unknown): state is TokenNotice {
  return (
    typeof state === 'object' &&
    state !== null &&
    'tokenNotice' in state &&
    (state.tokenNotice === 'added' || state.tokenNotice === 'deleted') &&
    'name' in state &&
    typeof state.name === 'string'
  );
}

/**
 * The notice the previous page left. It is set after the page is in place, so the live region
 * announces it, and taken out of the location state, so a reload does not repeat it.
 */
export function useTokenNotice(): TokenNotice | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<TokenNotice>();
  const state: unknown = location.state;

  useEffect(() => {
    if (!isTokenNotice(state)) return;
    setNotice(state);
    navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [state, location.pathname, location.search, navigate]);

  return notice;
}
