import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UNLIMITED_COUNT } from '../src/apple/service-limits.ts';
import { createEmulator } from '../src/create-emulator.ts';
import { generateDemoOrganisation } from '../src/generators/demo-organisation.ts';
import { generateScaledOrganisation } from '../src/generators/scaled-organisation.ts';
import type { Organisation } from '../src/state/organisation.ts';
import { startEmulator } from './emulator-harness.ts';

const NOW = new Date('2026-01-15T10:00:00Z');

/** A digest of everything an organisation serves: tokens, assets, assignments (in row order), users. */
function digest(organisation: Organisation): string {
  const hash = createHash('sha256');
  for (const location of organisation.locations) {
    hash.update(
      `${location.id}|${location.uId}|${location.locationName}|${location.currentToken.vppToken}\n`,
    );
    for (const asset of location.assets)
      hash.update(`${JSON.stringify(asset)}|${location.assignedCount(asset)}\n`);
    const table = location.assignments;
    for (let row = 0; row < table.size; row++) {
      hash.update(`${table.assetOfRow(row)}:${table.subjectName(table.subjectOfRow(row))};`);
    }
    for (const user of location.users) hash.update(`${JSON.stringify(user)}\n`);
  }
  return hash.digest('hex');
}

describe('demo organisation', () => {
  it('has Business and Education locations with varied, realistic content', () => {
    const organisation = generateDemoOrganisation({ now: NOW });
    const types = organisation.locations.map((location) => location.type);
    expect(types.filter((type) => type === 'BUSINESS').length).toBeGreaterThanOrEqual(2);
    expect(types.filter((type) => type === 'EDUCATION').length).toBeGreaterThanOrEqual(2);
    const assets = organisation.locations.flatMap((location) => location.assets);
    expect(assets.some((asset) => asset.productType === 'App' && asset.deviceAssignable)).toBe(true);
    expect(assets.some((asset) => asset.productType === 'App' && !asset.deviceAssignable)).toBe(true);
    expect(assets.some((asset) => asset.productType === 'Book')).toBe(true);
    expect(assets.some((asset) => asset.unlimited)).toBe(true);
    expect(assets.some((asset) => asset.supportedPlatforms.includes('macOS'))).toBe(true);
    expect(assets.some((asset) => asset.pricingParam === 'PLUS')).toBe(true);
    expect(organisation.catalog.get('361309726')?.name).toBe('Pages');
    const statuses = new Set(
      organisation.locations.flatMap((location) => location.users.map((user) => user.status)),
    );
    expect(statuses).toEqual(new Set(['Associated', 'Registered', 'Retired']));
    for (const location of organisation.locations) {
      expect(location.assignments.size).toBeGreaterThan(0);
      for (const asset of location.assets) {
        expect(location.assignedCount(asset)).toBeLessThanOrEqual(asset.totalCount);
      }
    }
    // One token expires soon, so a console can show the warning.
    const soonest = Math.min(
      ...organisation.locations.map((location) => location.currentToken.expiresAt.getTime()),
    );
    expect(soonest - NOW.getTime()).toBeLessThan(15 * 24 * 60 * 60 * 1000);
  });

  it('is the same organisation, tokens included, for the same day', () => {
    expect(digest(generateDemoOrganisation({ now: NOW }))).toBe(
      digest(generateDemoOrganisation({ now: NOW })),
    );
  });

  it('serves unlimited free apps with Apple’s 2147483647 count', async () => {
    const server = await startEmulator({ organisation: generateDemoOrganisation() });
    const location = server.emulator.control.listLocations()[0];
    const assets = (await server.apple(location?.vppToken).get('/assets', { adamId: '361309726' })).body
      .assets;
    expect(assets[0].totalCount).toBe(UNLIMITED_COUNT);
  });
});

describe('scaled organisation', () => {
  it('spreads exactly the requested assignments over the requested tokens and apps', () => {
    const organisation = generateScaledOrganisation(
      { tokens: 7, apps: 12, assignments: 10_001, seed: 3 },
      NOW,
    );
    expect(organisation.locations).toHaveLength(7);
    const sizes = organisation.locations.map((location) => location.assignments.size);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(10_001);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (const location of organisation.locations) {
      expect(location.assets).toHaveLength(12);
      for (const asset of location.assets) {
        if (!asset.unlimited) expect(location.assignedCount(asset)).toBeLessThanOrEqual(asset.totalCount);
      }
      // User assignments only go to users who exist.
      const table = location.assignments;
      for (let row = 0; row < table.size; row++) {
        const subject = table.subjectOfRow(row);
        if (table.subjectKind(subject) === 'clientUserId') {
          expect(location.findUser(table.subjectName(subject))).toBeDefined();
        } else {
          expect(location.assets[table.assetOfRow(row)]?.deviceAssignable).toBe(true);
        }
      }
    }
  });

  it('is deterministic for a seed and different for another', () => {
    const parameters = { tokens: 5, apps: 20, assignments: 20_000 };
    const first = digest(generateScaledOrganisation({ ...parameters, seed: 11 }, NOW));
    expect(digest(generateScaledOrganisation({ ...parameters, seed: 11 }, NOW))).toBe(first);
    expect(digest(generateScaledOrganisation({ ...parameters, seed: 12 }, NOW))).not.toBe(first);
  });

  it('builds a million assignments in a few seconds', () => {
    const started = performance.now();
    const organisation = generateScaledOrganisation({ tokens: 1, apps: 50, assignments: 1_000_000, seed: 1 });
    const elapsed = performance.now() - started;
    expect(organisation.locations[0]?.assignments.size).toBe(1_000_000);
    expect(elapsed).toBeLessThan(5000);
  });

  it('builds 3,000 tokens sharing a million assignments and serves any of them', async () => {
    const started = performance.now();
    const organisation = generateScaledOrganisation({
      tokens: 3000,
      apps: 25,
      assignments: 1_000_000,
      seed: 2,
    });
    expect(performance.now() - started).toBeLessThan(8000);
    expect(organisation.locations).toHaveLength(3000);
    const emulator = createEmulator({ organisation, rateLimit: false });
    const server = await emulator.start();
    try {
      const last = organisation.locations[2999];
      const response = await fetch(`${server.baseUrl}/assignments`, {
        headers: { authorization: `Bearer ${last?.currentToken.vppToken}` },
      });
      const body = (await response.json()) as { size: number; uId: string };
      expect(body.size).toBe(333);
      expect(body.uId).toBe(last?.uId);
    } finally {
      await emulator.close();
    }
  });

  it('rejects parameters it cannot build', () => {
    expect(() => generateScaledOrganisation({ tokens: 0 })).toThrow();
    expect(() => generateScaledOrganisation({ apps: 1.5 })).toThrow();
  });
});
