// One EventSource on /api/events for the signed-in user, shared by every page.
import { createContext, useContext, useEffect, useReducer, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { queries } from '../lib/queries';
import { INITIAL_LIVE, isEnded, liveReducer, parseCallEvent, type LiveState } from '../lib/liveCalls';

/** Calls still "in progress" after this long are probably missing their end event: not shown as live. */
const SEED_MAX_AGE_MS = 3 * 3600 * 1000;

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'unsupported';

interface LiveValue extends LiveState {
  connection: LiveConnection;
}

const LiveContext = createContext<LiveValue>({ ...INITIAL_LIVE, connection: 'unsupported' });

export function LiveProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const [state, dispatch] = useReducer(liveReducer, INITIAL_LIVE);
  const [connection, setConnection] = useState<LiveConnection>('connecting');
  const queryClient = useQueryClient();

  useEffect(() => {
    if (!enabled) return;
    if (typeof EventSource === 'undefined') {
      setConnection('unsupported');
      return;
    }
    const es = new EventSource('/api/events', { withCredentials: true });
    setConnection('connecting');
    es.onopen = () => setConnection('open');
    es.onerror = () => setConnection('reconnecting'); // EventSource retries by itself
    const onCall = (ev: MessageEvent<string>) => {
      const call = parseCallEvent(ev.data);
      if (call) dispatch({ type: 'call', call });
    };
    es.addEventListener('call', onCall);
    // The server dropped events this page fell behind on: forget the live state and read everything again.
    const onResync = () => {
      dispatch({ type: 'reset' });
      void queryClient.invalidateQueries();
    };
    es.addEventListener('resync', onResync);

    return () => {
      es.removeEventListener('call', onCall);
      es.removeEventListener('resync', onResync);
      es.close();
      dispatch({ type: 'reset' });
    };
  }, [enabled, queryClient]);

  // Calls that were already in progress before the page opened (best effort: a failed read shows nothing).
  const seed = useQuery({ ...queries.liveSeed(), enabled });
  useEffect(() => {
    if (!seed.data) return;
    const now = Date.now();
    for (const call of seed.data.calls) {
      const t = new Date(call.startedAt || call.timestamp).getTime();
      if (!isEnded(call) && !(now - t > SEED_MAX_AGE_MS)) dispatch({ type: 'call', call });
    }
    // dataUpdatedAt: a refetch after a resync re-seeds even when the answer did not change.
  }, [seed.data, seed.dataUpdatedAt]);

  return <LiveContext.Provider value={{ ...state, connection }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  return useContext(LiveContext);
}
