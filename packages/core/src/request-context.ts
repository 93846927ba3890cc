import type { Role } from '@vpp/contracts/accounts';

export interface Actor {
  id: string;
  email: string;
  role: Role;
  /** The session the request came with (absent for bearer callers and work no person started). */
  sessionId?: string;
  /**
   * Set when an API key is the caller: `id` is then the key's id and `email` reads `api-key:<name>`,
   * so the audit log names the key, not a person.
   */
  apiKey?: { id: string; name: string };
}

/** Who is asking, and the request's id: handed to every service that records or authorises. */
export interface RequestContext {
  requestId: string;
  ip: string | null;
  actor: Actor | null;
}

/** The context of work that no person started (worker jobs, start-up). */
export function systemContext(requestId = 'system'): RequestContext {
  return { requestId, ip: null, actor: null };
}
