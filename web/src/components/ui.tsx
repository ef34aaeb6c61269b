import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { assistantLabel } from '../lib/assistants';
import { copyText } from '../lib/clipboard';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

export function ErrorMessage({ error, onRetry, prefix }: { error: unknown; onRetry?: () => void; prefix?: string }) {
  return (
    <div className="state state-error" role="alert" data-testid="error">
      <p>
        {prefix ? `${prefix}: ` : ''}
        {errorMessage(error)}
      </p>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" data-testid="empty">
      {children}
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
    <button
      type="button"
      className="btn btn-small"
      aria-label={label}
      onClick={async () => {
        const ok = await copyText(text);
        setStatus(ok ? 'copied' : 'failed');
        setTimeout(() => setStatus('idle'), 2000);
      }}
    >
      {status === 'copied' ? 'Copied' : status === 'failed' ? 'Copy failed: select and copy' : 'Copy'}
    </button>
    <span className="visually-hidden" aria-live="polite">
      {status === 'copied' ? 'Copied to the clipboard' : status === 'failed' ? 'Could not copy; select the text and copy it' : ''}
    </span>
    </>
  );
}

const OUTCOME_CLASS: Record<string, string> = {
  completed: 'badge-ok',
  'not-connected': 'badge-neutral',
  error: 'badge-error',
  'in-progress': 'badge-live',
};

export function OutcomeBadge({ outcome, label }: { outcome: string; label?: string }) {
  const text = label || outcome || 'Unknown';
  return (
    <span className={`badge ${OUTCOME_CLASS[outcome] ?? 'badge-neutral'}`} data-testid="outcome-badge" data-outcome={outcome}>
      {text}
    </span>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}

/** An assistant's name, or its shortened id with the full id as a tooltip. */
export function AssistantName({ id, names, fallback }: { id: string | null | undefined; names?: Map<string, string>; fallback?: string }) {
  const l = assistantLabel(id, names, fallback);
  return l.title ? (
    <span className="mono" title={l.title}>
      {l.text}
    </span>
  ) : (
    <>{l.text}</>
  );
}

/** Shown instead of an error while no VAPI key is saved (the server answers 400 "VAPI API key not configured"). */
export function NoVapiKeyNotice({ children, inline = false }: { children?: ReactNode; inline?: boolean }) {
  const text = children ?? (
    <>
      No VAPI key yet. Add your VAPI private API key in <Link to="/settings">Settings</Link> to see your assistants.
    </>
  );
  return inline ? (
    <p className="muted small no-key" role="note" data-testid="no-vapi-key">
      {text}
    </p>
  ) : (
    <div className="card notice" role="note" data-testid="no-vapi-key">
      {text}
    </div>
  );
}
