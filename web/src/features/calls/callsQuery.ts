// Calls filters <-> query string for GET /api/calls and /api/calls/export.
import { addDays, parseLocalDate } from '../../lib/format';

export interface CallFilters {
  /** YYYY-MM-DD, a day in the browser's time zone (inclusive). */
  from: string;
  /** YYYY-MM-DD, a day in the browser's time zone (inclusive). */
  to: string;
  assistantId: string;
  outcome: string;
  q: string;
}

export const EMPTY_FILTERS: CallFilters = { from: '', to: '', assistantId: '', outcome: '', q: '' };

export const OUTCOMES: ReadonlyArray<{ value: string; label: string }> = [
  { value: 'completed', label: 'Completed' },
  { value: 'not-connected', label: 'Not connected' },
  { value: 'error', label: 'Error' },
  { value: 'in-progress', label: 'In progress' },
];

/**
 * Builds the query string (no leading "?"). Days picked in the browser's time zone become ISO
 * date-times: from = local midnight of `from`, to = local midnight after `to` (the API's `to` is exclusive).
 */
export function buildCallsQuery(f: CallFilters, opts: { cursor?: string | null; limit?: number } = {}): string {
  const sp = new URLSearchParams();
  const from = parseLocalDate(f.from);
  if (from) sp.set('from', from.toISOString());
  const to = parseLocalDate(f.to);
  if (to) sp.set('to', addDays(to, 1).toISOString());
  if (f.assistantId) sp.set('assistantId', f.assistantId);
  if (f.outcome) sp.set('outcome', f.outcome);
  const q = f.q.trim();
  if (q) sp.set('q', q);
  if (opts.limit) sp.set('limit', String(opts.limit));
  if (opts.cursor) sp.set('cursor', opts.cursor);
  return sp.toString();
}

/** Filters as kept in the page URL (plain values, so links are shareable). */
export function filtersFromSearch(sp: URLSearchParams): CallFilters {
  return {
    from: sp.get('from') ?? '',
    to: sp.get('to') ?? '',
    assistantId: sp.get('assistantId') ?? '',
    outcome: sp.get('outcome') ?? '',
    q: sp.get('q') ?? '',
  };
}

export function filtersToSearch(f: CallFilters): URLSearchParams {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) sp.set(k, v);
  return sp;
}

export function hasFilters(f: CallFilters): boolean {
  return Boolean(f.from || f.to || f.assistantId || f.outcome || f.q.trim());
}

/** Whether a call (e.g. one that just ended live) belongs in a list with these filters. */
export function callMatchesFilters(
  call: { timestamp: string; assistantId: string; outcome: string },
  f: CallFilters,
): boolean {
  if (f.q.trim()) return false; // full-text matching happens on the server only
  if (f.assistantId && call.assistantId !== f.assistantId) return false;
  if (f.outcome && call.outcome !== f.outcome) return false;
  const t = new Date(call.timestamp).getTime();
  const from = parseLocalDate(f.from);
  if (from && !(t >= from.getTime())) return false;
  const to = parseLocalDate(f.to);
  if (to && !(t < addDays(to, 1).getTime())) return false;
  return true;
}
