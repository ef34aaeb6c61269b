import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ui';

/** Changing the signed-in user's password (the current one is required). */
export function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({ mutationFn: (p: { current: string; next: string }) => api.changePassword(p.current, p.next) });
  const busy = change.isPending;
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(false);
    try {
      await change.mutateAsync({ current, next });
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit}>
      <div className="row">
        <div className="field">
          <label htmlFor="pw-current">Current password</label>
          <input id="pw-current" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="pw-new">New password</label>
          <input id="pw-new" type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />
        </div>
      </div>
      {error !== null && <ErrorMessage error={error} prefix="Could not change the password" />}
      {done && (
        <p className="ok-text" role="status">
          Password changed.
        </p>
      )}
      <button type="submit" className="btn" disabled={busy}>
        {busy ? 'Saving…' : 'Change password'}
      </button>
    </form>
  );
}
