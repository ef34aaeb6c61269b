import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useLive } from '../live/LiveContext';
import { formatDuration } from '../lib/format';
import { AssistantName } from './ui';

function elapsed(startedAt: string, now: number): number {
  const t = new Date(startedAt).getTime();
  return Number.isNaN(t) ? 0 : Math.max(0, (now - t) / 1000);
}

export function LivePanel({ assistantNames }: { assistantNames?: Map<string, string> }) {
  const { inProgress, connection } = useLive();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (inProgress.length === 0) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [inProgress.length]);

  const connText =
    connection === 'open'
      ? 'Connected'
      : connection === 'connecting'
        ? 'Connecting…'
        : connection === 'reconnecting'
          ? 'Disconnected, reconnecting…'
          : 'Live updates are not supported by this browser';

  return (
    <section className="card live-panel" data-testid="live-calls" aria-labelledby="live-title">
      <div className="card-head">
        <h2 id="live-title">
          <span className={`live-dot ${inProgress.length ? 'on' : ''}`} aria-hidden="true" /> Live calls
        </h2>
        <span className={`conn conn-${connection}`} data-testid="live-connection">
          {connText}
        </span>
      </div>
      {inProgress.length === 0 ? (
        <p className="muted">No calls in progress. New calls appear here as they start.</p>
      ) : (
        <ul className="live-list" aria-live="polite">
          {inProgress.map((c) => (
            <li key={c.callId} className="live-item" data-testid="live-call" data-call-id={c.callId}>
              <div>
                <Link to={`/calls/${encodeURIComponent(c.callId)}`} className="strong">
                  {c.callerName || c.callerPhone || (c.type === 'webCall' ? 'Web call' : 'Unknown caller')}
                </Link>
                {c.callerName && c.callerPhone && <span className="muted"> {c.callerPhone}</span>}
                <div className="muted small">
                  <AssistantName id={c.assistantId} names={assistantNames} fallback="No assistant" />
                </div>
              </div>
              <div className="live-meta">
                <span className="badge badge-live">{c.status || 'in progress'}</span>
                <span className="mono" aria-label="Elapsed time">
                  {formatDuration(elapsed(c.startedAt || c.timestamp, now))}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
