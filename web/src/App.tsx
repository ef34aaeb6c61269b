import { lazy, Suspense, useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api, setUnauthorizedHandler } from './api/client';
import { AuthProvider, useAuth } from './features/auth/AuthContext';
import { LiveProvider } from './live/LiveContext';
import { createQueryClient } from './lib/queryClient';
import { ErrorMessage, Loading } from './components/ui';
import { SignInPage, SignUpPage } from './features/auth/AuthPages';
import { OverviewPage } from './features/overview/OverviewPage';
import { CallsPage } from './features/calls/CallsPage';
import { CallDetailPage } from './features/call-detail/CallDetailPage';
import { AssistantsPage } from './features/assistants/AssistantsPage';
import { AssistantEditorPage } from './features/assistants/AssistantEditorPage';
import { SettingsPage } from './features/settings/SettingsPage';
import { SyncPage } from './features/sync/SyncPage';

// Charts are heavy: load the analytics page (and recharts) only when it is opened.
const AnalyticsPage = lazy(() => import('./features/analytics/AnalyticsPage'));

const NAV = [
  { to: '/', label: 'Overview', end: true },
  { to: '/calls', label: 'Calls', end: false },
  { to: '/analytics', label: 'Analytics', end: false },
  { to: '/assistants', label: 'Assistants', end: false },
  { to: '/sync', label: 'Sync', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

function UnauthorizedBridge() {
  const navigate = useNavigate();
  const location = useLocation();
  const { signedOut } = useAuth();
  useEffect(() => {
    setUnauthorizedHandler(() => {
      signedOut();
      if (!location.pathname.startsWith('/signin')) {
        navigate(`/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
      }
    });
  }, [navigate, location, signedOut]);
  return null;
}

function Shell() {
  const { state, signedOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();

  if (state.status === 'loading') return <Loading label="Loading Voice Matrix…" />;
  if (state.status === 'signed-out') {
    if (state.error) {
      return (
        <main className="auth-page">
          <ErrorMessage error={state.error} prefix="Could not check your session" onRetry={() => window.location.reload()} />
        </main>
      );
    }
    return <Navigate to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  const signOut = async () => {
    try {
      await api.logout();
    } catch {
      /* the session is gone either way */
    }
    signedOut();
    navigate('/signin', { replace: true });
  };

  return (
    <LiveProvider enabled>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Voice Matrix
        </div>
        <nav aria-label="Main" className="nav">
          {NAV.map((n) => (
            <NavLink key={n.to} to={n.to} end={n.end} className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}>
              {n.label}
            </NavLink>
          ))}
        </nav>
        <div className="user-box">
          <span className="user-email" data-testid="user-email">
            {state.me.email}
          </span>
          <button type="button" className="btn btn-small" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <Outlet />
      </main>
    </LiveProvider>
  );
}

function NotFound() {
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p>
        <NavLink to="/">Go to the overview</NavLink>
      </p>
    </div>
  );
}

export function AppRoutes() {
  return (
    <>
      <UnauthorizedBridge />
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/signup" element={<SignUpPage />} />
        <Route element={<Shell />}>
          <Route index element={<OverviewPage />} />
          <Route path="calls" element={<CallsPage />} />
          <Route path="calls/:callId" element={<CallDetailPage />} />
          <Route
            path="analytics"
            element={
              <Suspense fallback={<Loading label="Loading analytics…" />}>
                <AnalyticsPage />
              </Suspense>
            }
          />
          <Route path="assistants" element={<AssistantsPage />} />
          <Route path="assistants/new" element={<AssistantEditorPage />} />
          <Route path="assistants/:assistantId" element={<AssistantEditorPage />} />
          <Route path="settings" element={<SettingsPage />} />
          <Route path="sync" element={<SyncPage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </QueryClientProvider>
  );
}
