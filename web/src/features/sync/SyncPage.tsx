import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { SyncState } from '../../api/schemas';
import { Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { queries } from '../../lib/queries';

export const POLL_MS = 1500;
const MAX_POLLS = 90;

const LABELS: Record<string, string> = { calls: 'Calls', assistants: 'Assistants' };

function statusBadge(s: string) {
  const cls = s === 'success' ? 'badge-ok' : s === 'failed' ? 'badge-error' : s === 'running' ? 'badge-live' : 'badge-neutral';
  return <span className={`badge ${cls}`}>{s || 'never run'}</span>;
}

export function SyncPage() {
  const queryClient = useQueryClient();
  const res = useQuery(queries.sync());
  const start = useMutation({
    mutationFn: () => api.syncNow(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queries.sync().queryKey }),
  });
  const [polling, setPolling] = useState(false);
  const [startError, setStartError] = useState<unknown>(null);
  const polls = useRef(0);
  const { refetch, data, isFetching: loading } = res;

  // Poll while a sync runs; stop once nothing is running (after at least one poll) or after MAX_POLLS.
  useEffect(() => {
    if (!polling || loading) return;
    const running = (data ?? []).some((s) => s.syncStatus === 'running');
    if (polls.current > 0 && !running) {
      setPolling(false);
      return;
    }
    if (polls.current >= MAX_POLLS) {
      setPolling(false);
      return;
    }
    const id = setTimeout(() => {
      polls.current += 1;
      void refetch();
    }, POLL_MS);
    return () => clearTimeout(id);
  }, [polling, loading, data, refetch]);

  const syncNow = async () => {
    setStartError(null);
    try {
      await start.mutateAsync();
      polls.current = 0;
      setPolling(true);
    } catch (err) {
      setStartError(err);
    }
  };

  const rows: SyncState[] = data ?? [];
  return (
    <>
      <PageHeader title="Sync with VAPI">
        <button type="button" className="btn btn-primary" onClick={syncNow} disabled={polling}>
          {polling ? 'Syncing…' : 'Sync now'}
        </button>
      </PageHeader>
      <p className="muted">Voice Matrix imports calls from VAPI in the background, in case a webhook was missed.</p>
      {startError !== null && <ErrorMessage error={startError} prefix="Could not start a sync" />}
      <section className="card" aria-labelledby="sync-title" aria-busy={polling}>
        <h2 id="sync-title" className="visually-hidden">
          Sync status
        </h2>
        {res.isPending ? (
          <Loading />
        ) : res.isError ? (
          <ErrorMessage error={res.error} onRetry={() => void refetch()} />
        ) : rows.length === 0 ? (
          <Empty>
            <p>No sync has run yet. Add your VAPI key in Settings, then press “Sync now”.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="sync-table">
              <thead>
                <tr>
                  <th scope="col">What</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sync</th>
                  <th scope="col" className="num">Synced</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((s) => (
                  <tr key={s.syncType} data-testid="sync-row" data-sync-type={s.syncType}>
                    <td data-label="What">{LABELS[s.syncType] ?? s.syncType}</td>
                    <td data-label="Status">{statusBadge(s.syncStatus)}</td>
                    <td data-label="Last sync">{formatDateTime(s.lastSyncTimestamp)}</td>
                    <td data-label="Synced" className="num mono">{s.syncedCount}</td>
                    <td data-label="Last error" className={s.errorMessage ? 'form-error' : 'muted'}>
                      {s.errorMessage || 'None'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
