import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { useAuth } from './AuthContext';
import { ErrorMessage } from '../../components/ui';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/signin') ? next : '/';
}

function AuthForm({ mode }: { mode: 'signin' | 'signup' }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { state, refresh } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'signin') await api.login(email.trim(), password);
      else await api.signup(email.trim(), password);
      await refresh();
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const title = mode === 'signin' ? 'Sign in' : 'Create an account';
  return (
    <main className="auth-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="auth-title" noValidate={false}>
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Voice Matrix
        </div>
        <h1 id="auth-title">{title}</h1>
        <label className="field">
          <span>Email</span>
          <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'signup' ? 8 : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && <ErrorMessage error={error} />}
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Please wait…' : title}
        </button>
        <p className="muted">
          {mode === 'signin' ? (
            <>
              No account yet? <Link to="/signup">Sign up</Link>
            </>
          ) : (
            <>
              Already have an account? <Link to="/signin">Sign in</Link>
            </>
          )}
        </p>
      </form>
    </main>
  );
}

export function SignInPage() {
  return <AuthForm mode="signin" />;
}

export function SignUpPage() {
  return <AuthForm mode="signup" />;
}
