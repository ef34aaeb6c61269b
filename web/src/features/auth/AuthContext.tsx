import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../../api/client';
import type { Me } from '../../api/types';

type AuthState = { status: 'loading' } | { status: 'signed-out'; error?: unknown } | { status: 'signed-in'; me: Me };

interface AuthValue {
  state: AuthState;
  refresh: () => Promise<void>;
  signedOut: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const me = await api.me({ skipAuthRedirect: true });
      setState({ status: 'signed-in', me });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setState({ status: 'signed-out' });
      else setState({ status: 'signed-out', error: err });
    }
  }, []);

  const signedOut = useCallback(() => setState({ status: 'signed-out' }), []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return <AuthContext.Provider value={{ state, refresh, signedOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
