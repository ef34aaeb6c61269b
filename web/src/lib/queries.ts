// Every server read the dashboard makes, as TanStack Query options: one key per resource, so a mutation
// invalidates exactly what it changes (keys share a prefix per resource: ['assistants', ...]).
import { infiniteQueryOptions, keepPreviousData, queryOptions, type QueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../api/client';
import type { Me, Settings } from '../api/schemas';
import { assistantLookup, isConnected, isNoVapiKey } from './assistants';

export const CALLS_PAGE_SIZE = 50;

/** The signed-in user, or null when the session is missing (401). */
async function meOrSignedOut(signal: AbortSignal): Promise<Me | null> {
  try {
    return await api.me({ skipAuthRedirect: true, signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export interface Checklist {
  hasKey: boolean;
  connected: boolean;
  assistantsError: unknown;
}

async function loadChecklist(): Promise<Checklist> {
  const settings = await api.settings();
  if (!settings.hasApiKey) return { hasKey: false, connected: false, assistantsError: null };
  try {
    const list = await api.assistants();
    return { hasKey: true, connected: list.some((a) => isConnected(a, settings.webhookUrl)), assistantsError: null };
  } catch (err) {
    // The settings said a key exists but the server has none (e.g. just removed): "no key yet", not an error.
    if (isNoVapiKey(err)) return { hasKey: false, connected: false, assistantsError: null };
    return { hasKey: true, connected: false, assistantsError: err };
  }
}

export const queries = {
  me: () => queryOptions({ queryKey: ['me'], queryFn: ({ signal }) => meOrSignedOut(signal) }),

  /** One page per cursor; `query` is the filters' query string (features/calls/callsQuery) without paging. */
  calls: (query: string) =>
    infiniteQueryOptions({
      queryKey: ['calls', 'list', query],
      queryFn: ({ pageParam, signal }) => {
        const sp = new URLSearchParams(query);
        sp.set('limit', String(CALLS_PAGE_SIZE));
        if (pageParam) sp.set('cursor', pageParam);
        return api.calls(sp.toString(), signal);
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor,
      // New filters keep the old rows on screen until the new ones arrive.
      placeholderData: keepPreviousData,
    }),

  /** Calls already in progress when the live feed opens; read once per session. */
  liveSeed: () =>
    queryOptions({
      queryKey: ['calls', 'live-seed'],
      queryFn: ({ signal }) => api.calls('outcome=in-progress&limit=50', signal),
      staleTime: Infinity,
    }),

  /** `liveVersion` changes when the live feed reports a change to this call: a new read, old data kept meanwhile. */
  call: (callId: string, liveVersion: string) =>
    queryOptions({
      queryKey: ['calls', 'one', callId, liveVersion],
      queryFn: ({ signal }) => api.call(callId, signal),
      placeholderData: keepPreviousData,
    }),

  /** `version` counts ended calls seen live (debounced): each one asks for fresh totals. */
  analytics: (from: string, to: string, version: number) =>
    queryOptions({
      queryKey: ['analytics', 'days', from, to, version],
      queryFn: ({ signal }) => api.analytics(from, to, signal),
      placeholderData: keepPreviousData,
    }),

  analyticsAssistants: (from: string, to: string, version: number) =>
    queryOptions({
      queryKey: ['analytics', 'assistants', from, to, version],
      queryFn: ({ signal }) => api.analyticsAssistants(from, to, signal),
      placeholderData: keepPreviousData,
    }),

  settings: () => queryOptions<Settings>({ queryKey: ['settings'], queryFn: () => api.settings() }),

  /** The first-run checklist of the overview: reads settings and assistants. */
  checklist: () => queryOptions({ queryKey: ['settings', 'checklist'], queryFn: loadChecklist }),

  tokens: () => queryOptions({ queryKey: ['tokens'], queryFn: () => api.tokens() }),

  assistants: () => queryOptions({ queryKey: ['assistants', 'list'], queryFn: () => api.assistants() }),

  /** Assistants for names and filters: never fails (see lib/assistants assistantLookup). */
  assistantLookup: () => queryOptions({ queryKey: ['assistants', 'lookup'], queryFn: assistantLookup }),

  assistant: (id: string) => queryOptions({ queryKey: ['assistants', 'one', id], queryFn: () => api.assistant(id) }),

  sync: () => queryOptions({ queryKey: ['sync'], queryFn: () => api.syncStatus() }),
};

/** What a change of the VAPI key or org id makes stale: the settings, and everything read from VAPI with it. */
export function invalidateVapiAccount(qc: QueryClient): Promise<void> {
  return Promise.all([qc.invalidateQueries({ queryKey: ['settings'] }), qc.invalidateQueries({ queryKey: ['assistants'] })]).then(() => undefined);
}

/**
 * After an assistant changed on VAPI: the lists and the overview checklist. The open editor's own copy is
 * not refetched (that would reset a form being edited); saves write it directly.
 */
export function invalidateAssistantLists(qc: QueryClient): Promise<void> {
  return Promise.all([
    qc.invalidateQueries({ queryKey: ['assistants', 'list'] }),
    qc.invalidateQueries({ queryKey: ['assistants', 'lookup'] }),
    qc.invalidateQueries({ queryKey: ['settings', 'checklist'] }),
  ]).then(() => undefined);
}
