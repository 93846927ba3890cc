import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';

/**
 * What a page tells the reader after moving them on (an application page after it was created, a
 * list after a deletion). It travels in the router's location state.
 */
export interface PageNotice {
  pageNotice: string;
  name: string;
}

/** A notice under `kind`: what happened (one of `kinds` when given), and `name`, what it happened to. */
type Notice<Kind extends string, Value extends string> = { [K in Kind]: Value } & { name: string };

function isNotice<Kind extends string, Value extends string>(
  state: unknown,
  kind: Kind,
  kinds: readonly Value[] | undefined,
): state is Notice<Kind, Value> {
  if (typeof state !== 'object' || state === null) return false;
  const fields = state as Record<string, unknown>;
  const value = fields[kind];
  return (
    typeof value === 'string' &&
    (kinds === undefined || (kinds as readonly string[]).includes(value)) &&
    typeof fields.name === 'string'
  );
}

/**
 * The notice the previous page left under `kind`. It is set after the page is in place, so the live
 * region announces it, and taken out of the location state, so a reload does not repeat it.
 */
export function useLocationNotice<Kind extends string, Value extends string = string>(
  kind: Kind,
  kinds?: readonly Value[],
): Notice<Kind, Value> | undefined {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice, setNotice] = useState<Notice<Kind, Value>>();
  const state: unknown = location.state;

  useEffect(() => {
    if (!isNotice(state, kind, kinds)) return;
    setNotice(state);
    navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: null });
  }, [state, kind, kinds, location.pathname, location.search, navigate]);

  return notice;
}

export function usePageNotice(): PageNotice | undefined {
  return useLocationNotice('pageNotice');
}
