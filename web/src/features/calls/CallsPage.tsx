import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { exportUrl } from '../../api/client';
import type { Call } from '../../api/schemas';
import { LivePanel } from '../../components/LivePanel';
import { AssistantName, Empty, ErrorMessage, Loading, NoVapiKeyNotice, OutcomeBadge, PageHeader } from '../../components/ui';
import { useLive } from '../../live/LiveContext';
import { assistantNameMap } from '../../lib/assistants';
import { queries } from '../../lib/queries';
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

/** The rows of every loaded page, in order; a call that moved between pages while paging shows once. */
function uniqueCalls(pages: ReadonlyArray<{ calls: Call[] }> | undefined): Call[] {
  const seen = new Set<string>();
  const out: Call[] = [];
  for (const page of pages ?? []) {
    for (const c of page.calls) {
      if (seen.has(c.callId)) continue;
      seen.add(c.callId);
      out.push(c);
    }
  }
  return out;
}

export function CallsPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const query = useMemo(() => buildCallsQuery(filters), [filters]);
  const [qDraft, setQDraft] = useState(filters.q);
  const list = useInfiniteQuery(queries.calls(query));
  const assistants = useQuery(queries.assistantLookup());
  const assistantList = assistants.data?.assistants;
  const names = useMemo(() => assistantNameMap(assistantList), [assistantList]);
  const { ended, inProgress } = useLive();

  useEffect(() => setQDraft(filters.q), [filters.q]);

  const calls = useMemo(() => uniqueCalls(list.data?.pages), [list.data]);
  // While other filters load, the old rows stay as they are (live updates are merged into the new ones).
  const switching = list.isPlaceholderData;
  const firstPageError = list.isError && !list.isFetchNextPageError ? list.error : null;
  const moreError = list.isFetchNextPageError ? list.error : null;

  const update = (patch: Partial<CallFilters>) => setParams(filtersToSearch({ ...filters, ...patch }), { replace: true });
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    update({ q: qDraft });
  };

  const shown = useMemo(
    () => (switching ? calls : mergeLiveIntoList(calls, ended, (c) => callMatchesFilters(c, filters), inProgress)),
    [calls, switching, ended, inProgress, filters],
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
        {list.isPending ? (
          <Loading label="Loading calls…" />
        ) : firstPageError ? (
          <ErrorMessage error={firstPageError} onRetry={() => void list.refetch()} />
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
            {moreError !== null && <ErrorMessage error={moreError} prefix="Could not load more calls" />}
            {list.hasNextPage && (
              <div className="load-more">
                <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </button>
              </div>
            )}
          </>
        )}
      </section>
    </>
  );
}
