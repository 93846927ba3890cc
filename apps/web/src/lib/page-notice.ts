import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * What a page tells the reader after moving them on (an application page after it was created, a
 * list after a deletion). It travels in the router's location state, like the token notices.
 */
export interface PageNotice {
  pageNotice: string;
  name: string;
}

function isPageNotice(state: unknown): state is PageNotice {
  return (
    typeof state === 'object' &&
    state !== null &&
    'pageNotice' in state &&
    typeof state.pageNotice === 'string' &&
    'name' in state &&
    typeof state.name === 'string'
  );
}

/**
 * The notice the previous page left. It is set after the page is in place, so the live region
 * announces it, and taken out of the location state, so a reload does not repeat it.
 */
export function usePageNotice(): PageNotice | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<PageNotice>();
  const state: unknown = location.state;

  useEffect(() => {
    if (!isPageNotice(state)) return;
    setNotice(state);
    navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [state, location.pathname, location.search, navigate]);

  return notice;
}
