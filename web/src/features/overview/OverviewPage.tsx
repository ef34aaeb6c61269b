import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../api/client';
import { useAuth } from '../auth/AuthContext';
import { LivePanel } from '../../components/LivePanel';
import { Stat } from '../../components/Stat';
import { ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { useLive } from '../../live/LiveContext';
import { assistantNameMap } from '../../lib/assistants';
import { queries } from '../../lib/queries';
import { addDays, formatCost, formatDuration, formatPercent, isoDate } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';

function Step({ done, title, children, testid }: { done: boolean; title: string; children: ReactNode; testid: string }) {
  return (
    <li className={`step ${done ? 'done' : ''}`} data-testid={testid} data-done={done}>
      <span className="step-check" aria-hidden="true">
        {done ? '✓' : ''}
      </span>
      <div>
        <strong>{title}</strong>
        <span className="visually-hidden">{done ? ' (done)' : ' (to do)'}</span>
        <div className="muted">{children}</div>
      </div>
    </li>
  );
}

function FirstRun({ callCount }: { callCount: number }) {
  const cl = useQuery(queries.checklist());
  return (
    <section className="card checklist" data-testid="first-run-checklist" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Get started</h2>
      {cl.isPending ? (
        <Loading />
      ) : cl.isError ? (
        <ErrorMessage error={cl.error} onRetry={() => void cl.refetch()} />
      ) : (
        <ol className="steps">
          <Step done={Boolean(cl.data?.hasKey)} title="Add your VAPI API key" testid="step-api-key">
            Paste your VAPI private key in the <Link to="/settings">VAPI settings</Link>.
          </Step>
          <Step done={Boolean(cl.data?.connected)} title="Connect an assistant" testid="step-connect">
            {cl.data?.hasKey ? (
              <>
                Open your <Link to="/assistants">assistants list</Link> and press “Connect to Voice Matrix” so VAPI sends call events here.
              </>
            ) : (
              <>Once your key is saved, open your assistants list and press “Connect to Voice Matrix” so VAPI sends call events here.</>
            )}
            {cl.data?.assistantsError ? <span className="form-error"> Could not check your assistants: {errorMessage(cl.data.assistantsError)}</span> : null}
          </Step>
          <Step done={callCount > 0} title="Receive your first call" testid="step-first-call">
            Call your assistant. The call shows up live, then in the <Link to="/calls">calls list</Link>.
          </Step>
        </ol>
      )}
    </section>
  );
}

export function OverviewPage() {
  const { state, refresh } = useAuth();
  const { endedVersion } = useLive();
  const version = useDebounced(endedVersion, 1500);
  const to = isoDate(new Date());
  const from = isoDate(addDays(new Date(), -6));
  const stats = useQuery(queries.analytics(from, to, version));
  const names = useQuery(queries.assistantLookup());

  useEffect(() => {
    if (version > 0) void refresh();
  }, [version, refresh]);

  if (state.status !== 'signed-in') return null;
  const me = state.me;
  const t = stats.data?.totals;

  return (
    <>
      <PageHeader title="Overview" />
      {me.callCount <= 0 && <FirstRun callCount={me.callCount} />}
      <LivePanel assistantNames={assistantNameMap(names.data?.assistants)} />
      <section className="card" aria-labelledby="week-title">
        <div className="card-head">
          <h2 id="week-title">Last 7 days</h2>
          <Link to="/analytics">Open analytics</Link>
        </div>
        {stats.isPending ? (
          <Loading />
        ) : stats.isError ? (
          <ErrorMessage error={stats.error} onRetry={() => void stats.refetch()} />
        ) : t ? (
          <div className="stat-grid">
            <Stat label="Calls" value={String(t.totalCalls)} />
            <Stat label="Success rate" value={t.totalCalls ? formatPercent(t.successfulCalls / t.totalCalls) : '—'} />
            <Stat label="Average duration" value={formatDuration(t.averageDuration)} />
            <Stat label="Cost" value={formatCost(t.totalCost)} />
          </div>
        ) : null}
      </section>
    </>
  );
}
