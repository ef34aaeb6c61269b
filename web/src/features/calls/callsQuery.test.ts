import { describe, expect, it } from 'vitest';
import { buildCallsQuery, callMatchesFilters, EMPTY_FILTERS, filtersFromSearch, filtersToSearch } from './callsQuery';

describe('buildCallsQuery', () => {
  it('is empty without filters', () => {
    expect(buildCallsQuery(EMPTY_FILTERS)).toBe('');
  });

  it('turns local days into an ISO range with an exclusive end', () => {
    const sp = new URLSearchParams(buildCallsQuery({ ...EMPTY_FILTERS, from: '2026-03-01', to: '2026-03-02' }));
    expect(sp.get('from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(sp.get('to')).toBe(new Date(2026, 2, 3).toISOString());
  });

  it('adds assistant, outcome, trimmed q, limit and cursor; ignores invalid dates', () => {
    const q = buildCallsQuery(
      { from: 'nope', to: '', assistantId: 'a1', outcome: 'not-connected', q: '  refund please ' },
      { limit: 50, cursor: 'CUR' },
    );
    expect(q).toBe('assistantId=a1&outcome=not-connected&q=refund+please&limit=50&cursor=CUR');
  });

  it('round-trips filters through the page URL', () => {
    const f = { from: '2026-03-01', to: '', assistantId: 'a1', outcome: 'error', q: 'x' };
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
  });

  it('matches live calls against the filters', () => {
    const call = { timestamp: new Date(2026, 2, 2, 12).toISOString(), assistantId: 'a1', outcome: 'completed' };
    expect(callMatchesFilters(call, EMPTY_FILTERS)).toBe(true);
    expect(callMatchesFilters(call, { ...EMPTY_FILTERS, assistantId: 'a2' })).toBe(false);
    expect(callMatchesFilters(call, { ...EMPTY_FILTERS, outcome: 'error' })).toBe(false);
    expect(callMatchesFilters(call, { ...EMPTY_FILTERS, from: '2026-03-02', to: '2026-03-02' })).toBe(true);
    expect(callMatchesFilters(call, { ...EMPTY_FILTERS, to: '2026-03-01' })).toBe(false);
    expect(callMatchesFilters(call, { ...EMPTY_FILTERS, q: 'anything' })).toBe(false);
  });
});
