// One EventSource on /api/events for the signed-in user, shared by every page.
import { createContext, useContext, useEffect, useReducer, useState, type ReactNode } from 'react';
import { INITIAL_LIVE, liveReducer, parseCallEvent, type LiveState } from '../lib/liveCalls';

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'unsupported';

interface LiveValue extends LiveState {
  connection: LiveConnection;
}

const LiveContext = createContext<LiveValue>({ ...INITIAL_LIVE, connection: 'unsupported' });

export function LiveProvider({ children, enabled }: { children: ReactNode; enabled: boolean }) {
  const [state, dispatch] = useReducer(liveReducer, INITIAL_LIVE);
  const [connection, setConnection] = useState<LiveConnection>('connecting');

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
    return () => {
      es.removeEventListener('call', onCall);
      es.close();
      dispatch({ type: 'reset' });
    };
  }, [enabled]);

  return <LiveContext.Provider value={{ ...state, connection }}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  return useContext(LiveContext);
}
