import { AppleError } from '../apple/apple-errors.ts';
import type { Location } from '../state/location.ts';
import { readText } from './query-parameters.ts';

/** `GET /status?eventId=`: Apple's `StatusResponse` without the envelope; 9708 for an unknown id. */
export function eventStatus(location: Location, query: Record<string, unknown>) {
  const eventId = readText(query, 'eventId');
  const event = eventId === undefined || eventId === '' ? undefined : location.findEvent(eventId);
  if (event === undefined) throw new AppleError(9708);
  const body: Record<string, unknown> = {
    eventStatus: event.status,
    eventType: event.eventType,
    numCompleted: event.numCompleted,
    numRequested: event.numRequested,
  };
  if (event.failures.length > 0) body.failures = event.failures;
  return body;
}
