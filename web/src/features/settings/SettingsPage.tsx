import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import type { CreatedToken, RotatedSecret, Settings } from '../../api/types';
import { CopyButton, Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useAsync } from '../../lib/useDebounced';

/** The hint as the server gives it ("…wxyz", "sk-…wxyz"), or "…wxyz" when it is only the last characters. */
export function keyHintText(hint: string | undefined): string {
  if (!hint) return 'hidden';
  return /^[A-Za-z0-9]{1,8}$/.test(hint) ? `…${hint}` : hint;
}

function VapiKeyForm({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  // The key input always starts empty: a saved key is never sent back, only its hint is shown.
  const [apiKey, setApiKey] = useState('');
  const [orgId, setOrgId] = useState(settings.orgId ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: { apiKey?: string; orgId?: string } = {};
    if (apiKey.trim()) body.apiKey = apiKey.trim();
    if (orgId.trim() !== (settings.orgId ?? '')) body.orgId = orgId.trim();
    if (!body.apiKey && body.orgId === undefined) {
      setNotice('Nothing to save.');
      return;
    }
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      await api.saveSettings(body);
      setApiKey('');
      setNotice('Saved.');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!window.confirm('Remove the saved VAPI API key? Assistants and sync stop working until you add a key again.')) return;
    setBusy(true);
    setError(null);
    try {
      await api.deleteSettings();
      setNotice('Key removed.');
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} data-testid="vapi-key-form">
      <div className="field">
        <label htmlFor="vapi-key">VAPI private API key</label>
        <input
          id="vapi-key"
          name="apiKey"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          placeholder={settings.hasApiKey ? 'Enter a new key to replace the saved one' : 'Paste your private key'}
          aria-describedby="vapi-key-status"
        />
        <span id="vapi-key-status" className="muted small" data-testid="key-status">
          {settings.hasApiKey ? (
            <>
              A key is saved (<span className="mono">{keyHintText(settings.keyHint)}</span>).
            </>
          ) : (
            'No key saved yet.'
          )}
        </span>
      </div>
      <div className="field">
        <label htmlFor="vapi-org">VAPI organization id</label>
        <input id="vapi-org" name="orgId" type="text" spellCheck={false} value={orgId} onChange={(e) => setOrgId(e.target.value)} />
        <span className="muted small">Used to match webhooks sent to the shared URL.</span>
      </div>
      {error !== null && <ErrorMessage error={error} prefix="Could not save" />}
      {notice && (
        <p className="ok-text" role="status">
          {notice}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        {settings.hasApiKey && (
          <button type="button" className="btn btn-danger" onClick={remove} disabled={busy}>
            Remove key
          </button>
        )}
      </div>
    </form>
  );
}

function Webhook({ settings }: { settings: Settings }) {
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const url = settings.webhookUrl ?? '';

  const rotate = async () => {
    if (settings.webhookSecretSet && !window.confirm('Create a new webhook secret? The old one keeps working for a short grace period.')) return;
    setBusy(true);
    setError(null);
    try {
      setRotated(await api.rotateWebhookSecret());
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="webhook-settings">
      <div className="field">
        <label htmlFor="webhook-url">Webhook URL (VAPI server URL)</label>
        <div className="input-row">
          <input id="webhook-url" type="text" readOnly value={url} className="mono" onFocus={(e) => e.target.select()} />
          <CopyButton text={url} label="Copy webhook URL" />
        </div>
      </div>
      <div className="field">
        <span className="label">Webhook secret</span>
        {rotated ? (
          <div className="secret-once" data-testid="new-webhook-secret" role="status">
            <p>
              <strong>Your new secret. Copy it now: it will not be shown again.</strong>
            </p>
            <div className="input-row">
              <input type="text" readOnly value={rotated.webhookSecret} className="mono" aria-label="New webhook secret" onFocus={(e) => e.target.select()} />
              <CopyButton text={rotated.webhookSecret} label="Copy webhook secret" />
            </div>
            {rotated.previousValidUntil ? (
              <p className="muted small">The previous secret stays valid until {formatDateTime(rotated.previousValidUntil)}.</p>
            ) : null}
          </div>
        ) : (
          <p className="muted">
            {settings.webhookSecretSet
              ? 'A secret is set. For safety it is not shown again; rotate it to get a new one.'
              : 'No secret yet. Create one and set it in VAPI (header X-Vapi-Secret, or a Bearer credential).'}
          </p>
        )}
        {settings.webhookAuth && <p className="muted small">Authentication: {settings.webhookAuth}</p>}
      </div>
      {error !== null && <ErrorMessage error={error} prefix="Could not rotate the secret" />}
      <button type="button" className="btn" onClick={rotate} disabled={busy}>
        {busy ? 'Rotating…' : settings.webhookSecretSet ? 'Rotate secret' : 'Create secret'}
      </button>
    </div>
  );
}

function Tokens() {
  const list = useAsync(() => api.tokens(), []);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(new Error('Give the token a name.'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.createToken(name.trim()));
      setName('');
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (id: string, tokenName: string) => {
    if (!window.confirm(`Revoke the token “${tokenName}”? Scripts using it stop working.`)) return;
    setError(null);
    try {
      await api.revokeToken(id);
      if (created?.id === id) setCreated(null);
      list.reload();
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
      {list.loading && !list.data ? (
        <Loading />
      ) : list.error ? (
        <ErrorMessage error={list.error} onRetry={list.reload} />
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

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
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

export function SettingsPage() {
  const settings = useAsync(() => api.settings(), []);
  return (
    <>
      <PageHeader title="Settings" />
      {settings.loading && !settings.data ? (
        <Loading label="Loading settings…" />
      ) : settings.error ? (
        <ErrorMessage error={settings.error} onRetry={settings.reload} />
      ) : settings.data ? (
        <>
          <section className="card" aria-labelledby="vapi-title">
            <h2 id="vapi-title">VAPI account</h2>
            <VapiKeyForm key={`${settings.data.hasApiKey}-${settings.data.keyHint}-${settings.data.orgId}`} settings={settings.data} onSaved={settings.reload} />
          </section>
          <section className="card" aria-labelledby="webhook-title">
            <h2 id="webhook-title">Webhook</h2>
            <Webhook settings={settings.data} />
          </section>
        </>
      ) : null}
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <Tokens />
      </section>
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <PasswordForm />
      </section>
    </>
  );
}
