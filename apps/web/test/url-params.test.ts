import { describe, expect, it } from 'vitest';
import { pageFromParams, paramsFromFilters, textFromParams } from '../src/lib/url-params.ts';

describe('list state in the address', () => {
  it('reads a positive page, or the first one', () => {
    expect(pageFromParams(new URLSearchParams('page=3'))).toBe(3);
    for (const page of ['', 'page=0', 'page=-2', 'page=1.5', 'page=abc']) {
      expect(pageFromParams(new URLSearchParams(page))).toBe(1);
    }
  });

  it('reads trimmed text, and nothing for a blank one', () => {
    expect(textFromParams(new URLSearchParams('search=%20teams%20'), 'search')).toBe('teams');
    expect(textFromParams(new URLSearchParams('search=%20%20'), 'search')).toBeUndefined();
    expect(textFromParams(new URLSearchParams(''), 'search')).toBeUndefined();
  });

  it('writes only the filters that are set, and the page after the first', () => {
    expect(
      paramsFromFilters({ search: 'teams', tokenId: undefined, deviceAssignable: false, category: '' }, 1),
    ).toEqual({
      search: 'teams',
      deviceAssignable: 'false',
    });
    expect(paramsFromFilters({}, 4)).toEqual({ page: '4' });
  });
});
