import { build, type PlistValue } from 'plist';
import { describe, expect, it } from 'vitest';
import { describeErrorChain, parseNanoMdmWebhook } from '../src/nanomdm-webhook.ts';
import {
  checkWebhookAuthenticity,
  signWebhookBody,
  verifyWebhookSignature,
} from '../src/webhook-signature.ts';

const UDID = '66ADE930-5FDF-5EC4-8429-15640684C489';

function b64(payload: Record<string, PlistValue>): string {
  return Buffer.from(build(payload)).toString('base64');
}

/** A webhook body the way NanoMDM's service/webhook marshals it. */
function checkin(topic: string, payload: Record<string, PlistValue>, extra: Record<string, unknown> = {}) {
  return JSON.stringify({
    topic,
    event_id: 'trace-1',
    created_at: '2026-12-06T01:00:00Z',
    checkin_event: { ids: { id: UDID, type: 'Device' }, udid: UDID, raw_payload: b64(payload), ...extra },
  });
}

function ack(status: string, payload: Record<string, PlistValue>, commandUuid?: string) {
  return JSON.stringify({
    topic: 'mdm.Connect',
    created_at: '0001-01-01T00:00:00Z',
    acknowledge_event: {
      ids: { id: UDID, type: 'Device' },
      udid: UDID,
      status,
      ...(commandUuid === undefined ? {} : { command_uuid: commandUuid }),
      raw_payload: b64({
        UDID,
        Status: status,
        ...(commandUuid ? { CommandUUID: commandUuid } : {}),
        ...payload,
      }),
    },
  });
}

function parsed(body: string) {
  const result = parseNanoMdmWebhook(body);
  if (!result.ok) throw new Error(result.error);
  return result.event;
}

describe('NanoMDM webhook', () => {
  it('reads an Authenticate check-in: serial number, UDID, model, OS', () => {
    const event = parsed(
      checkin('mdm.Authenticate', {
        MessageType: 'Authenticate',
        UDID,
        SerialNumber: 'C02MT66KFLHH',
        DeviceName: 'Fruit',
        Model: 'iMac14,2',
        ModelName: 'iMac',
        ProductName: 'iMac14,2',
        OSVersion: '10.12.6',
        BuildVersion: '16G2136',
        Topic: 'com.apple.mgmt.External.e0bd1eac',
        Challenge: Buffer.from('apple'),
      }),
    );
    expect(event).toMatchObject({
      type: 'checkin',
      messageType: 'Authenticate',
      topic: 'mdm.Authenticate',
      enrollmentId: UDID,
      enrollmentType: 'Device',
      eventId: 'trace-1',
      device: {
        udid: UDID,
        serialNumber: 'C02MT66KFLHH',
        deviceName: 'Fruit',
        modelName: 'iMac',
        osVersion: '10.12.6',
        platform: 'macOS',
      },
    });
    expect(event.createdAt?.toISOString()).toBe('2026-12-06T01:00:00.000Z');
  });

  it('reads a TokenUpdate without keeping the push token or unlock token', () => {
    const body = checkin(
      'mdm.TokenUpdate',
      {
        MessageType: 'TokenUpdate',
        UDID,
        Token: Buffer.from('secret-push-token'),
        PushMagic: 'secret-push-magic',
        UnlockToken: Buffer.from('secret-unlock'),
        AwaitingConfiguration: false,
      },
      { token_update_tally: 1 },
    );
    const event = parsed(body);
    expect(event).toMatchObject({ type: 'checkin', messageType: 'TokenUpdate', tokenUpdateTally: 1 });
    const shown = JSON.stringify(event);
    expect(shown).not.toContain('secret-push-magic');
    expect(shown).not.toContain(Buffer.from('secret-push-token').toString('base64'));
  });

  it('reads a CheckOut', () => {
    expect(parsed(checkin('mdm.CheckOut', { MessageType: 'CheckOut', UDID }))).toMatchObject({
      type: 'checkin',
      messageType: 'CheckOut',
      enrollmentId: UDID,
    });
  });

  it('reads a DeviceInformation answer', () => {
    const event = parsed(
      ack(
        'Acknowledged',
        {
          RequestType: 'DeviceInformation',
          QueryResponses: {
            DeviceName: "Anna's iPad",
            OSVersion: '18.1',
            ModelName: 'iPad',
            ProductName: 'iPad13,1',
            SerialNumber: 'DMPXL0000001',
            IsSupervised: true,
          },
        },
        'C-INFO',
      ),
    );
    expect(event).toMatchObject({
      type: 'command-result',
      status: 'Acknowledged',
      commandUuid: 'C-INFO',
      requestType: 'DeviceInformation',
      errorChain: [],
      deviceInformation: {
        deviceName: "Anna's iPad",
        osVersion: '18.1',
        serialNumber: 'DMPXL0000001',
        platform: 'iPadOS',
        isSupervised: true,
      },
    });
    expect(event.createdAt).toBeUndefined();
  });

  it('reads a ManagedApplicationList answer and an InstallApplication answer', () => {
    const list = parsed(
      ack(
        'Acknowledged',
        {
          ManagedApplicationList: {
            'com.apple.Pages': { Status: 'Managed', ManagementFlags: 1, ExternalVersionIdentifier: 8675309 },
            'com.apple.Keynote': { Status: 'Installing', ManagementFlags: 1 },
          },
        },
        'C-LIST',
      ),
    );
    expect(list).toMatchObject({
      managedApplications: [
        { bundleId: 'com.apple.Keynote', status: 'Installing', managementFlags: 1 },
        { bundleId: 'com.apple.Pages', status: 'Managed', managementFlags: 1, externalVersionId: 8675309 },
      ],
    });
    const install = parsed(
      ack('Acknowledged', { Identifier: 'com.apple.Pages', State: 'Managed' }, 'C-INST'),
    );
    expect(install).toMatchObject({ installApplication: { bundleId: 'com.apple.Pages', state: 'Managed' } });
  });

  it('turns an error chain into plain words', () => {
    const event = parsed(
      ack(
        'Error',
        {
          ErrorChain: [
            {
              ErrorCode: 12021,
              ErrorDomain: 'MCMDMErrorDomain',
              LocalizedDescription: 'Kon “Keynote” niet installeren.',
              USEnglishDescription: 'Couldn’t install “Keynote”.',
            },
            {
              ErrorCode: 507,
              ErrorDomain: 'ASDErrorDomain',
              LocalizedDescription: 'Not supported on this device',
            },
          ],
        },
        'C-ERR',
      ),
    );
    expect(event.type === 'command-result' && event.errorText).toBe(
      'Couldn’t install “Keynote” [MCMDMErrorDomain 12021]. Not supported on this device [ASDErrorDomain 507].',
    );
    expect(describeErrorChain([])).toBe('The device reported an error without details.');
    expect(describeErrorChain([{ errorCode: 1 }, { errorCode: 1 }])).toBe('Error [1].');
  });

  it('reads NotNow and Idle', () => {
    expect(parsed(ack('NotNow', {}, 'C-1'))).toMatchObject({ status: 'NotNow', commandUuid: 'C-1' });
    const idle = parsed(ack('Idle', {}));
    expect(idle).toMatchObject({ status: 'Idle' });
    expect(idle.type === 'command-result' && idle.commandUuid).toBeUndefined();
  });

  it('gives identical deliveries the same dedupe key, different ones different keys', () => {
    const body = ack('Acknowledged', { Identifier: 'com.apple.Pages', State: 'Managed' }, 'C-1');
    expect(parsed(body).dedupeKey).toBe(parsed(body).dedupeKey);
    expect(parsed(ack('NotNow', {}, 'C-1')).dedupeKey).not.toBe(parsed(body).dedupeKey);
  });

  it('refuses bodies that are not NanoMDM webhooks', () => {
    const bad = [
      'not json',
      JSON.stringify({ topic: 'mdm.Connect' }),
      JSON.stringify({
        topic: 'mdm.Connect',
        acknowledge_event: { status: 'Acknowledged', raw_payload: '%%%' },
      }),
      JSON.stringify({
        topic: 'mdm.Connect',
        acknowledge_event: { udid: UDID, status: 'Maybe', raw_payload: b64({ Status: 'Maybe' }) },
      }),
      JSON.stringify({
        topic: 'mdm.Connect',
        acknowledge_event: {
          udid: UDID,
          status: 'Acknowledged',
          raw_payload: Buffer.from('<nope').toString('base64'),
        },
      }),
      JSON.stringify({
        topic: 'mdm.CheckOut',
        checkin_event: { raw_payload: b64({ MessageType: 'CheckOut' }) },
      }),
    ];
    for (const body of bad) expect(parseNanoMdmWebhook(body).ok, body).toBe(false);
  });
});

describe('webhook HMAC', () => {
  const body = ack('Acknowledged', {}, 'C-1');

  it('verifies NanoMDM’s base64 HMAC-SHA256 of the body', () => {
    const signature = signWebhookBody(body, 'shared-key');
    expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(verifyWebhookSignature(body, signature, 'shared-key')).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), signature, 'shared-key')).toBe(true);
    expect(verifyWebhookSignature(body, signature, 'other-key')).toBe(false);
    expect(verifyWebhookSignature(`${body} `, signature, 'shared-key')).toBe(false);
    expect(verifyWebhookSignature(body, signature.slice(0, 20), 'shared-key')).toBe(false);
    expect(verifyWebhookSignature(body, 'not base64!', 'shared-key')).toBe(false);
    expect(verifyWebhookSignature(body, undefined, 'shared-key')).toBe(false);
  });

  it('refuses unsigned webhooks unless explicitly allowed', () => {
    const signature = signWebhookBody(body, 'k');
    expect(checkWebhookAuthenticity({ body, signature, key: 'k', allowUnsigned: false })).toEqual({
      ok: true,
      signed: true,
    });
    expect(checkWebhookAuthenticity({ body, signature: undefined, key: 'k', allowUnsigned: true })).toEqual({
      ok: false,
      reason: 'missing-signature',
    });
    expect(checkWebhookAuthenticity({ body, signature: 'AAAA', key: 'k', allowUnsigned: true })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(
      checkWebhookAuthenticity({ body, signature: undefined, key: undefined, allowUnsigned: false }),
    ).toEqual({
      ok: false,
      reason: 'unsigned-not-allowed',
    });
    expect(
      checkWebhookAuthenticity({ body, signature: undefined, key: undefined, allowUnsigned: true }),
    ).toEqual({
      ok: true,
      signed: false,
    });
  });
});
