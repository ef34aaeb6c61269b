// State of the live feed (SSE event "call", data = Call in list shape). Pure reducer.
//
// - inProgress: calls whose status is not "ended", updated in place, newest first.
// - ended: calls that ended while the page was open (newest first, capped), to merge into the calls list.
// - endedVersion: bumps on every ended event, so pages can refetch analytics (debounced).
import type { Call } from '../api/schemas';

export interface LiveState {
  inProgress: Call[];
  ended: Call[];
  endedVersion: number;
}

export type LiveAction = { type: 'call'; call: Call } | { type: 'reset' };

export const INITIAL_LIVE: LiveState = { inProgress: [], ended: [], endedVersion: 0 };

export const MAX_ENDED = 200;

export function isEnded(call: Pick<Call, 'status'>): boolean {
  return call.status === 'ended';
}

function startKey(c: Call): number {
  const t = new Date(c.startedAt || c.timestamp).getTime();
  return Number.isNaN(t) ? 0 : t;
}

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  if (action.type === 'reset') return INITIAL_LIVE;
  const call = action.call;
  if (!call || typeof call.callId !== 'string' || !call.callId) return state;

  if (!isEnded(call)) {
    // A late non-ended update for a call we already saw end is ignored (status only moves forward).
    if (state.ended.some((c) => c.callId === call.callId)) return state;
    const idx = state.inProgress.findIndex((c) => c.callId === call.callId);
    let inProgress: Call[];
    if (idx >= 0) {
      inProgress = state.inProgress.slice();
      inProgress[idx] = { ...state.inProgress[idx], ...call };
    } else {
      inProgress = [call, ...state.inProgress].sort((a, b) => startKey(b) - startKey(a));
    }
    return { ...state, inProgress };
  }

  const inProgress = state.inProgress.filter((c) => c.callId !== call.callId);
  const ended = [call, ...state.ended.filter((c) => c.callId !== call.callId)].slice(0, MAX_ENDED);
  // Later updates of an ended call (e.g. the end-of-call-report after status "ended") still change
  // analytics, so they bump the version too.
  return { inProgress, ended, endedVersion: state.endedVersion + 1 };
}

/** Parses an SSE data payload; null when it is not a usable Call. */
export function parseCallEvent(data: string): Call | null {
  try {
    const v: unknown = JSON.parse(data);
    if (typeof v === 'object' && v !== null && typeof (v as { callId?: unknown }).callId === 'string') return v as Call;
  } catch {
    /* ignore malformed events */
  }
  return null;
}

/**
 * Merges live updates into a fetched list: calls already listed are replaced in place by their latest
 * live version (in progress or ended); ended calls not listed and accepted by `include` are prepended
 * (the list is newest first).
 */
export function mergeLiveIntoList(list: Call[], ended: Call[], include: (c: Call) => boolean, inProgress: Call[] = []): Call[] {
  const byId = new Map([...inProgress, ...ended].map((c) => [c.callId, c]));
  const listed = new Set(list.map((c) => c.callId));
  const updated = list.map((c) => byId.get(c.callId) ?? c);
  const fresh = ended.filter((c) => !listed.has(c.callId) && include(c));
  return fresh.length ? [...fresh, ...updated] : updated;
}
