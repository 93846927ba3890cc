import { describe, expect, it } from 'vitest';
import { changeRows } from '../src/features/audit-log/change-rows.ts';

describe('changeRows', () => {
  it('lines up the fields of before and after and marks the changed ones', () => {
    expect(changeRows({ role: 'manager', locale: 'en' }, { role: 'admin', locale: 'en' })).toEqual([
      { field: 'role', before: 'manager', after: 'admin', changed: true },
      { field: 'locale', before: 'en', after: 'en', changed: false },
    ]);
  });

  it('shows a created object as fields without a before value', () => {
    expect(changeRows(null, { email: 'a@example.test', disabled: false })).toEqual([
      { field: 'email', before: undefined, after: 'a@example.test', changed: true },
      { field: 'disabled', before: undefined, after: 'false', changed: true },
    ]);
  });

  it('gives up on values that are not objects', () => {
    expect(changeRows('old', 'new')).toBeNull();
    expect(changeRows([1], [2])).toBeNull();
  });
});
