import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, exportUrl } from '../../api/client';
import type { Call } from '../../api/types';
import { LivePanel } from '../../components/LivePanel';
import { AssistantName, Empty, ErrorMessage, Loading, NoVapiKeyNotice, OutcomeBadge, PageHeader } from '../../components/ui';
import { useLive } from '../../live/LiveContext';
import { assistantNameMap, assistantLookup } from '../../lib/assistants';
import {
  buildCallsQuery,
  callMatchesFilters,
  filtersFromSearch,
  filtersToSearch,
  hasFilters,
  OUTCOMES,
  type CallFilters,
} from './callsQuery';
import { formatCost, formatDateTime, formatDuration, shortId } from '../../lib/format';
import { mergeLiveIntoList } from '../../lib/liveCalls';
import { useAsync } from '../../lib/useDebounced';

export const PAGE_SIZE = 50;

interface ListState {
  calls: Call[];
  nextCursor: string | null;
  loading: boolean;
  error: unknown;
  loadingMore: boolean;
  moreError: unknown;
}

const INITIAL: ListState = { calls: [], nextCursor: null, loading: true, error: null, loadingMore: false, moreError: null };

export function CallsPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => buildCallsQuery(filters), [filters]);
  const [qDraft, setQDraft] = useState(filters.q);
  const [list, setList] = useState<ListState>(INITIAL);
  const [reloadTick, setReloadTick] = useState(0);
  const assistants = useAsync(assistantLookup, []);
  const assistantList = assistants.data?.assistants;
  const names = useMemo(() => assistantNameMap(assistantList), [assistantList]);
  const { ended, inProgress } = useLive();

  useEffect(() => setQDraft(filters.q), [filters.q]);

  useEffect(() => {
    const ctrl = new AbortController();
    setList((s) => ({ ...s, loading: true, error: null, moreError: null }));
    api.calls(buildCallsQuery(filters, { limit: PAGE_SIZE }), ctrl.signal).then(
      (page) => setList({ ...INITIAL, loading: false, calls: page.calls ?? [], nextCursor: page.nextCursor ?? null }),
      (err: unknown) => {
        if (!ctrl.signal.aborted) setList({ ...INITIAL, loading: false, error: err });
      },
    );
    return () => ctrl.abort();
    // `query` captures every filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, reloadTick]);

  const loadMore = async () => {
    if (!list.nextCursor) return;
    setList((s) => ({ ...s, loadingMore: true, moreError: null }));
    try {
      const page = await api.calls(buildCallsQuery(filters, { limit: PAGE_SIZE, cursor: list.nextCursor }));
      setList((s) => {
        const seen = new Set(s.calls.map((c) => c.callId));
        const more = (page.calls ?? []).filter((c) => !seen.has(c.callId));
        return { ...s, loadingMore: false, calls: [...s.calls, ...more], nextCursor: page.nextCursor ?? null };
      });
    } catch (err) {
      setList((s) => ({ ...s, loadingMore: false, moreError: err }));
    }
  };

  const update = (patch: Partial<CallFilters>) => setParams(filtersToSearch({ ...filters, ...patch }), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: qDraft });
  };

  const shown = useMemo(
    () => (list.loading ? list.calls : mergeLiveIntoList(list.calls, ended, (c) => callMatchesFilters(c, filters), inProgress)),
    [list.calls, list.loading, ended, inProgress, filters],
  );

  return (
    <>
      <PageHeader title="Calls">
        <a className="btn btn-small" href={exportUrl('csv', query)} download data-testid="export-csv">
          Export CSV
        </a>
        <a className="btn btn-small" href={exportUrl('json', query)} download data-testid="export-json">
          Export JSON
        </a>
      </PageHeader>

      <LivePanel assistantNames={names} />

      <section className="card" aria-label="Call filters">
        <form className="filters" onSubmit={onSearch} role="search" data-testid="call-filters">
          <label className="field">
            <span>From</span>
            <input type="date" name="from" value={filters.from} max={filters.to || undefined} onChange={(e) => update({ from: e.target.value })} />
          </label>
          <label className="field">
            <span>To</span>
            <input type="date" name="to" value={filters.to} min={filters.from || undefined} onChange={(e) => update({ to: e.target.value })} />
          </label>
          <label className="field">
            <span>Assistant</span>
            <select name="assistantId" value={filters.assistantId} onChange={(e) => update({ assistantId: e.target.value })}>
              <option value="">All assistants</option>
              {(assistantList ?? []).map((a) => (
                <option key={a.id} value={a.id} title={a.name ? undefined : a.id}>
                  {a.name || shortId(a.id)}
                </option>
              ))}
              {filters.assistantId && !names.has(filters.assistantId) && (
                <option value={filters.assistantId} title={filters.assistantId}>
                  {shortId(filters.assistantId)}
                </option>
              )}
            </select>
          </label>
          <label className="field">
            <span>Outcome</span>
            <select name="outcome" value={filters.outcome} onChange={(e) => update({ outcome: e.target.value })}>
              <option value="">All outcomes</option>
              {OUTCOMES.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field field-grow">
            <span>Search transcripts and summaries</span>
            <input type="search" name="q" value={qDraft} onChange={(e) => setQDraft(e.target.value)} placeholder="e.g. appointment" />
          </label>
          <div className="filter-actions">
            <button type="submit" className="btn btn-primary">
              Search
            </button>
            {hasFilters(filters) && (
              <button type="button" className="btn" onClick={() => setParams(new URLSearchParams(), { replace: true })}>
                Clear filters
              </button>
            )}
          </div>
        </form>
        {assistants.data?.noKey && (
          <NoVapiKeyNotice inline>
            No VAPI key yet: add it in <Link to="/settings">Settings</Link> to filter calls by assistant name.
          </NoVapiKeyNotice>
        )}
      </section>

      <section className="card" aria-labelledby="calls-title">
        <h2 id="calls-title" className="visually-hidden">
          Call list
        </h2>
        {list.loading && list.calls.length === 0 ? (
          <Loading label="Loading calls…" />
        ) : list.error ? (
          <ErrorMessage error={list.error} onRetry={() => setReloadTick((t) => t + 1)} />
        ) : shown.length === 0 ? (
          <Empty>
            {hasFilters(filters) ? (
              <p>No calls match these filters.</p>
            ) : (
              <p>
                No calls yet. Once an assistant is <Link to="/assistants">connected</Link>, calls appear here.
              </p>
            )}
          </Empty>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table calls-table" data-testid="calls-table">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Caller</th>
                    <th scope="col">Assistant</th>
                    <th scope="col" className="num">
                      Duration
                    </th>
                    <th scope="col">Outcome</th>
                    <th scope="col" className="num">
                      Cost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((c) => (
                    <tr key={c.callId} data-testid="call-row" data-call-id={c.callId}>
                      <td data-label="Time">
                        <Link to={`/calls/${encodeURIComponent(c.callId)}`}>{formatDateTime(c.timestamp)}</Link>
                      </td>
                      <td data-label="Caller">
                        <div>{c.callerName || (c.type === 'webCall' ? 'Web call' : 'Unknown caller')}</div>
                        {c.callerPhone && <div className="muted small mono">{c.callerPhone}</div>}
                      </td>
                      <td data-label="Assistant">
                        <AssistantName id={c.assistantId} names={names} />
                      </td>
                      <td data-label="Duration" className="num mono">
                        {formatDuration(c.duration)}
                      </td>
                      <td data-label="Outcome">
                        <OutcomeBadge outcome={c.outcome} label={c.outcomeLabel} />
                      </td>
                      <td data-label="Cost" className="num mono">
                        {formatCost(c.cost)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {list.moreError !== null && <ErrorMessage error={list.moreError} prefix="Could not load more calls" />}
            {list.nextCursor && (
              <div className="load-more">
                <button type="button" className="btn" onClick={loadMore} disabled={list.loadingMore}>
                  {list.loadingMore ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
