import { describe, expect, it } from 'vitest';
import { checkPlatform, devicePlatform, runsOn } from '../src/deployments/device-platform.ts';
import { planTarget } from '../src/deployments/license-claim.ts';

describe('device platform from model or OS', () => {
  it.each([
    ['iPad Air', 'iPad'],
    ['iPad (10th generation)', 'iPad'],
    ['iPad13,1', 'iPad'],
    ['iPhone 15 Pro', 'iPhone'],
    ['iPhone16,1', 'iPhone'],
    ['iPod touch', 'iPhone'],
    ['MacBook Pro', 'Mac'],
    ['iMac', 'Mac'],
    ['Mac mini', 'Mac'],
    ['Mac14,2', 'Mac'],
    ['Apple TV 4K', 'AppleTV'],
    ['AppleTV11,1', 'AppleTV'],
    ['Apple Vision Pro', 'Vision'],
    ['RealityDevice14,1', 'Vision'],
    ['Apple Watch Series 9', 'Watch'],
  ])('%s is %s', (model, platform) => {
    expect(devicePlatform(model)).toBe(platform);
  });

  it('falls back on the OS name and says null when nothing tells', () => {
    expect(devicePlatform('', 'iPadOS')).toBe('iPad');
    expect(devicePlatform(null, 'macOS')).toBe('Mac');
    expect(devicePlatform('Cart 7', null)).toBeNull();
    expect(devicePlatform('')).toBeNull();
  });

  it('knows which store platforms each device installs', () => {
    expect(runsOn(['iOS'], 'iPad')).toBe(true);
    expect(runsOn(['iOS'], 'iPhone')).toBe(true);
    expect(runsOn(['macOS'], 'iPad')).toBe(false);
    expect(runsOn(['macOS'], 'Mac')).toBe(true);
    expect(runsOn(['iOS'], 'Mac')).toBe(false);
    expect(runsOn(['tvOS'], 'AppleTV')).toBe(true);
    expect(runsOn(['visionOS'], 'Vision')).toBe(true);
  });
});

describe('platform check', () => {
  it('refuses a macOS-only app on an iPad, naming the device', () => {
    const failure = checkPlatform(['macOS'], ['iPad'], { kind: 'device', label: 'SN1' });
    expect(failure?.code).toBe('PLATFORM_NOT_SUPPORTED');
    expect(failure?.reason).toContain('device SN1 is an iPad');
  });

  it('passes what it cannot judge: no app platforms, or no known device', () => {
    expect(checkPlatform([], ['iPad'], { kind: 'device', label: 'SN1' })).toBeNull();
    expect(checkPlatform(['macOS'], [null], { kind: 'device', label: 'SN1' })).toBeNull();
    expect(checkPlatform(['macOS'], [], { kind: 'person', label: 'ada@example.test' })).toBeNull();
  });

  it('passes a person when one of their devices runs the app', () => {
    expect(checkPlatform(['macOS'], ['iPad', 'Mac'], { kind: 'person', label: 'ada' })).toBeNull();
    expect(checkPlatform(['macOS'], ['iPad', 'iPhone'], { kind: 'person', label: 'ada' })?.reason).toContain(
      'iPad, iPhone',
    );
  });
});

describe('planning an install checks the platform before any license', () => {
  const iPad = {
    kind: 'device' as const,
    deviceId: 'd1',
    serialNumber: 'SN1',
    primaryUser: null,
    model: 'iPad Air',
  };

  it('fails an iPad for a macOS-only app, keeping who it is for', () => {
    const target = planTarget(iPad, true, ['macOS']);
    expect(target.failure?.code).toBe('PLATFORM_NOT_SUPPORTED');
    expect(target.assignee).toBe('SN1');
  });

  it('lets an iOS app through, and still fails a user license without a primary user first', () => {
    expect(planTarget(iPad, true, ['iOS']).failure).toBeNull();
    expect(planTarget(iPad, false, ['iOS']).failure?.code).toBe('NO_PRIMARY_USER');
  });

  it('checks a person against the models of their devices', () => {
    const person = {
      kind: 'person' as const,
      personId: 'p1',
      clientUserId: 'cu-1',
      label: 'ada@example.test',
      deviceModels: ['iPad mini'],
    };
    expect(planTarget(person, false, ['macOS']).failure?.code).toBe('PLATFORM_NOT_SUPPORTED');
    expect(
      planTarget({ ...person, deviceModels: ['iPad mini', 'MacBook Air'] }, false, ['macOS']).failure,
    ).toBeNull();
    expect(planTarget({ ...person, deviceModels: [] }, false, ['macOS']).failure).toBeNull();
  });
});
