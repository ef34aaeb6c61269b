import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Settings, SettingsUpdate } from '../../api/schemas';
import { ErrorMessage } from '../../components/ui';
import { invalidateVapiAccount } from '../../lib/queries';
import { keyHintText } from './keyHint';

/** The VAPI private key and org id. Saving refreshes the settings (the page then shows the new hint). */
export function VapiKeyForm({ settings }: { settings: Settings }) {
  // The key input always starts empty: a saved key is never sent back, only its hint is shown.
  const [apiKey, setApiKey] = useState('');
  const [orgId, setOrgId] = useState(settings.orgId ?? '');
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: SettingsUpdate) => api.saveSettings(body),
    onSuccess: () => void invalidateVapiAccount(queryClient),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteSettings(),
    onSuccess: () => void invalidateVapiAccount(queryClient),
  });
  const busy = save.isPending || remove.isPending;
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState('');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body: SettingsUpdate = {};
    if (apiKey.trim()) body.apiKey = apiKey.trim();
    if (orgId.trim() !== (settings.orgId ?? '')) body.orgId = orgId.trim();
    if (!body.apiKey && body.orgId === undefined) {
      setNotice('Nothing to save.');
      return;
    }
    setError(null);
    setNotice('');
    try {
      await save.mutateAsync(body);
      setApiKey('');
      setNotice('Saved.');
    } catch (err) {
      setError(err);
    }
  };

  const removeKey = async () => {
    if (!window.confirm('Remove the saved VAPI API key? Assistants and sync stop working until you add a key again.')) return;
    setError(null);
    try {
      await remove.mutateAsync();
      setNotice('Key removed.');
    } catch (err) {
      setError(err);
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
          <button type="button" className="btn btn-danger" onClick={removeKey} disabled={busy}>
            Remove key
          </button>
        )}
      </div>
    </form>
  );
}
