import { createContext, useCallback, useContext, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../api/schemas';
import { queries } from '../../lib/queries';

type AuthState = { status: 'loading' } | { status: 'signed-out'; error?: unknown } | { status: 'signed-in'; me: Me };

interface AuthValue {
  state: AuthState;
  refresh: () => Promise<void>;
  signedOut: () => void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery(queries.me());
  const { refetch } = me;

  const state: AuthState = me.isPending
    ? { status: 'loading' }
    : me.isError
      ? { status: 'signed-out', error: me.error }
      : me.data
        ? { status: 'signed-in', me: me.data }
        : { status: 'signed-out' };

  const refresh = useCallback(async () => {
    await refetch();
  }, [refetch]);

  const signedOut = useCallback(() => {
    // Nothing read for the previous user may show for the next one.
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    queryClient.setQueryData(queries.me().queryKey, null);
  }, [queryClient]);

  return <AuthContext.Provider value={{ state, refresh, signedOut }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
