import { describe, expect, it } from 'vitest';
import { RequestPacer } from '../src/request-pacer.ts';
import { createVppClientFactory } from '../src/vpp-client.ts';
import { makeSToken, serviceConfigBody } from './apple-fixtures.ts';
import { setUpClient } from './client-under-test.ts';
import { BASE_URL, FakeApple } from './fake-apple.ts';
import { FakeClock } from './fake-clock.ts';

const pendingStatus = {
  json: { eventStatus: 'PENDING', eventType: 'ASSOCIATE', numCompleted: 0, numRequested: 1, uId: 'u' },
};

/** The largest number of requests that fall in any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let busiest = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    const windowEnd = (sorted[start] as number) + 1000;
    let count = 0;
    for (let index = start; index < sorted.length && (sorted[index] as number) < windowEnd; index += 1)
      count += 1;
    busiest = Math.max(busiest, count);
  }
  return busiest;
}

describe('per-token rate limiting', () => {
  it("keeps every one-second window at or under the service config's maxRequestPerSecond", async () => {
    const { apple, client, clock } = setUpClient();
    apple.on('GET', '/service/config', () => ({ json: serviceConfigBody({ maxRequestPerSecond: 10 }) }));
    apple.on('GET', '/status', () => pendingStatus);
    const start = clock.now();
    await Promise.all(Array.from({ length: 35 }, (_, index) => client.getEventStatus(`e${index}`)));
    const times = apple.requestsTo('GET', '/status').map((request) => request.at);
    expect(times).toHaveLength(35);
    expect(busiestSecond(times)).toBe(10);
    // 35 requests at 10 per second need three full seconds of waiting, and no more.
    expect(clock.now() - start).toBe(3_000);
  });

  it('follows a lower limit after the service config refresh', async () => {
    const { apple, client, clock } = setUpClient();
    apple.sequence('GET', '/service/config', [
      { json: serviceConfigBody({ maxRequestPerSecond: 20 }) },
      { json: serviceConfigBody({ maxRequestPerSecond: 2 }) },
    ]);
    apple.on('GET', '/status', () => pendingStatus);
    await Promise.all(Array.from({ length: 20 }, (_, index) => client.getEventStatus(`a${index}`)));
    await clock.advance(5 * 60_000);
    const before = apple.requestsTo('GET', '/status').length;
    await Promise.all(Array.from({ length: 6 }, (_, index) => client.getEventStatus(`b${index}`)));
    const later = apple
      .requestsTo('GET', '/status')
      .slice(before)
      .map((request) => request.at);
    expect(busiestSecond(later)).toBe(2);
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(2);
  });

  it('paces at the documented default when the service config cannot be read', async () => {
    const { apple, client, logger } = setUpClient({ retry: { maxAttempts: 1 } });
    apple.on('GET', '/service/config', () => ({ status: 500, text: '' }));
    apple.on('GET', '/status', () => pendingStatus);
    await Promise.all(Array.from({ length: 20 }, (_, index) => client.getEventStatus(`e${index}`)));
    expect(busiestSecond(apple.requestsTo('GET', '/status').map((request) => request.at))).toBe(15);
    expect(
      logger.lines.some((line) => line.level === 'warn' && line.msg.includes('documented default')),
    ).toBe(true);
  });

  it('shares one limit between clients of the same token, not between tokens', async () => {
    const clock = new FakeClock();
    const apple = new FakeApple(clock);
    apple.on('GET', '/service/config', () => ({ json: serviceConfigBody({ maxRequestPerSecond: 5 }) }));
    apple.on('GET', '/status', () => pendingStatus);
    const factory = createVppClientFactory({ baseUrl: BASE_URL, fetch: apple.fetch, clock });
    const tokenA = makeSToken({ token: 'a', expDate: '2030-11-08T22:33:22+0000', orgName: 'A' });
    const tokenB = makeSToken({ token: 'b', expDate: '2030-11-08T22:33:22+0000', orgName: 'B' });
    const firstA = factory.forToken(tokenA);
    const secondA = factory.forToken(tokenA);
    const onlyB = factory.forToken(tokenB);
    await Promise.all([
      ...Array.from({ length: 5 }, (_, index) => firstA.getEventStatus(`a1-${index}`)),
      ...Array.from({ length: 5 }, (_, index) => secondA.getEventStatus(`a2-${index}`)),
      ...Array.from({ length: 5 }, (_, index) => onlyB.getEventStatus(`b-${index}`)),
    ]);
    const timesFor = (token: string) =>
      apple
        .requestsTo('GET', '/status')
        .filter((request) => request.headers.authorization === `Bearer ${token}`)
        .map((request) => request.at);
    expect(busiestSecond(timesFor(tokenA))).toBe(5);
    expect(timesFor(tokenA)).toHaveLength(10);
    // Token B was not slowed down by token A's ten requests.
    expect(new Set(timesFor(tokenB)).size).toBe(1);
    expect(apple.requestsTo('GET', '/service/config')).toHaveLength(1);
  });
});

describe('RequestPacer', () => {
  it('serves callers in arrival order and never shortens a hold', async () => {
    const clock = new FakeClock();
    const pacer = new RequestPacer(clock);
    const start = clock.now();
    pacer.holdUntil(start + 5_000, 'RATE_LIMITED');
    pacer.holdUntil(start + 1_000, 'SERVER_ERROR');
    expect(pacer.heldBecause).toBe('RATE_LIMITED');
    const order: string[] = [];
    await Promise.all(
      ['first', 'second', 'third'].map((name) =>
        pacer.acquire(2).then(() => order.push(`${name}@${clock.now() - start}`)),
      ),
    );
    expect(order).toEqual(['first@5000', 'second@5000', 'third@6000']);
  });

  it('lets a caller that aborted leave the queue without blocking the next one', async () => {
    const clock = new FakeClock();
    const pacer = new RequestPacer(clock);
    pacer.holdUntil(clock.now() + 10_000, 'RATE_LIMITED');
    const controller = new AbortController();
    const abandoned = pacer.acquire(1, controller.signal);
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    await expect(pacer.acquire(1)).resolves.toBeUndefined();
  });
});
