import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../src/audit-log/record-audit.ts';

describe('audit redaction', () => {
  it('never keeps secrets, at any depth', () => {
    const redacted = redactSecrets({
      email: 'a@example.test',
      password: 'hunter2-hunter2',
      nested: { sToken: 'abc', notificationAuthToken: 'xyz', list: [{ passwordHash: 'scrypt$...' }] },
      when: new Date('2026-01-02T03:04:05Z'),
    });
    expect(redacted).toEqual({
      email: 'a@example.test',
      password: '[redacted]',
      nested: {
        sToken: '[redacted]',
        notificationAuthToken: '[redacted]',
        list: [{ passwordHash: '[redacted]' }],
      },
      when: '2026-01-02T03:04:05.000Z',
    });
  });
});
