import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CreatedToken } from '../../api/schemas';
import { CopyButton, Empty, ErrorMessage, Loading } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { queries } from '../../lib/queries';

/** API tokens for scripts: the list, creating one (its secret shown once) and revoking. */
export function ApiTokens() {
  const queryClient = useQueryClient();
  const list = useQuery(queries.tokens());
  const invalidateTokens = () => void queryClient.invalidateQueries({ queryKey: queries.tokens().queryKey });
  const createToken = useMutation({ mutationFn: (tokenName: string) => api.createToken(tokenName), onSuccess: invalidateTokens });
  const revokeToken = useMutation({ mutationFn: (id: string) => api.revokeToken(id), onSuccess: invalidateTokens });
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const busy = createToken.isPending;
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(new Error('Give the token a name.'));
      return;
    }
    setError(null);
    try {
      setCreated(await createToken.mutateAsync(name.trim()));
      setName('');
    } catch (err) {
      setError(err);
    }
  };

  const revoke = async (id: string, tokenName: string) => {
    if (!window.confirm(`Revoke the token “${tokenName}”? Scripts using it stop working.`)) return;
    setError(null);
    try {
      await revokeToken.mutateAsync(id);
      if (created?.id === id) setCreated(null);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <div data-testid="api-tokens">
      {created && (
        <div className="secret-once" data-testid="new-token" role="status">
          <p>
            <strong>Token “{created.name}” created. Copy it now: it will not be shown again.</strong>
          </p>
          <div className="input-row">
            <input type="text" readOnly value={created.token} className="mono" aria-label="New API token" onFocus={(e) => e.target.select()} />
            <CopyButton text={created.token} label="Copy API token" />
          </div>
          <button type="button" className="btn btn-small" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <form className="input-row" onSubmit={create}>
        <label htmlFor="token-name" className="visually-hidden">
          New token name
        </label>
        <input id="token-name" type="text" placeholder="Token name, e.g. reporting script" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
      ) : (list.data ?? []).length === 0 ? (
        <Empty>
          <p>No API tokens. Tokens let scripts call the API with “Authorization: Bearer &lt;token&gt;”.</p>
        </Empty>
      ) : (
        <ul className="token-list">
          {(list.data ?? []).map((t) => (
            <li key={t.id} data-testid="token-row">
              <div>
                <strong>{t.name || t.id}</strong>
                <div className="muted small">
                  {t.createdAt ? `Created ${formatDateTime(t.createdAt)}` : ''}
                  {t.lastUsedAt ? ` · last used ${formatDateTime(t.lastUsedAt)}` : ''}
                </div>
              </div>
              <button type="button" className="btn btn-small btn-danger" onClick={() => revoke(t.id, t.name || t.id)}>
                Revoke<span className="visually-hidden"> {t.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
