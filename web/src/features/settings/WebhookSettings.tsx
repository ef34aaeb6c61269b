import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { RotatedSecret, Settings } from '../../api/schemas';
import { CopyButton, ErrorMessage } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { queries } from '../../lib/queries';

/** The webhook URL to paste into VAPI and the secret, shown once when it is created or rotated. */
export function WebhookSettings({ settings }: { settings: Settings }) {
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const queryClient = useQueryClient();
  const rotateSecret = useMutation({
    mutationFn: () => api.rotateWebhookSecret(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queries.settings().queryKey }),
  });
  const busy = rotateSecret.isPending;
  const [error, setError] = useState<unknown>(null);
  const url = settings.webhookUrl ?? '';

  const rotate = async () => {
    if (settings.webhookSecretSet && !window.confirm('Create a new webhook secret? The old one keeps working for a short grace period.')) return;
    setError(null);
    try {
      setRotated(await rotateSecret.mutateAsync());
    } catch (err) {
      setError(err);
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
