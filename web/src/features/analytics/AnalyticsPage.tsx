import { useMemo, useState, type FormEvent, type ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from '@tanstack/react-query';
import { Stat } from '../../components/Stat';
import { AssistantName, Empty, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { useLive } from '../../live/LiveContext';
import { fillDays, rangeFor, type ChartDay } from './analytics';
import { assistantNameMap } from '../../lib/assistants';
import { queries } from '../../lib/queries';
import { formatCost, formatDuration, formatPercent } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';

type Preset = 7 | 30 | 90 | 'custom';

const H = 220;
const ACCENT = '#4f46e5';
const GREEN = '#059669';
const AMBER = '#d97706';
// Lines have gaps on days without calls: small dots keep a single day between gaps visible.
const DOT = { r: 2 };

function ChartCard({ title, testid, children, empty }: { title: string; testid: string; children: ReactElement; empty: boolean }) {
  return (
    <section className="card chart-card" data-testid={testid} aria-label={title}>
      <h2>{title}</h2>
      {empty ? (
        <p className="muted">No data in this range.</p>
      ) : (
        <div className="chart" role="img" aria-label={`${title} chart`}>
          <ResponsiveContainer width="100%" height={H}>
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </section>
  );
}

export function AnalyticsPage() {
  const [preset, setPreset] = useState<Preset>(30);
  const [range, setRange] = useState(() => rangeFor(30));
  const [draft, setDraft] = useState(range);
  const [rangeError, setRangeError] = useState('');
  const { endedVersion } = useLive();
  const version = useDebounced(endedVersion, 2000);

  const data = useQuery(queries.analytics(range.from, range.to, version));
  const perAssistant = useQuery(queries.analyticsAssistants(range.from, range.to, version));
  const assistants = useQuery(queries.assistantLookup());
  const names = useMemo(() => assistantNameMap(assistants.data?.assistants), [assistants.data]);

  const days: ChartDay[] = useMemo(() => (data.data ? fillDays(data.data.days, range.from, range.to) : []), [data.data, range]);
  const t = data.data?.totals;
  const noCalls = !t || t.totalCalls === 0;

  const choose = (p: Preset) => {
    setPreset(p);
    if (p !== 'custom') {
      const r = rangeFor(p);
      setRange(r);
      setDraft(r);
      setRangeError('');
    }
  };

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.from || !draft.to) return setRangeError('Choose both a start and an end date.');
    if (draft.from > draft.to) return setRangeError('The start date must be on or before the end date.');
    setRangeError('');
    setRange(draft);
  };

  return (
    <>
      <PageHeader title="Analytics" />
      <section className="card" aria-label="Date range">
        <div className="range-bar">
          <div className="segmented" role="group" aria-label="Range">
            {([7, 30, 90] as const).map((n) => (
              <button key={n} type="button" className={`btn ${preset === n ? 'btn-primary' : ''}`} aria-pressed={preset === n} onClick={() => choose(n)}>
                {n} days
              </button>
            ))}
            <button type="button" className={`btn ${preset === 'custom' ? 'btn-primary' : ''}`} aria-pressed={preset === 'custom'} onClick={() => choose('custom')}>
              Custom
            </button>
          </div>
          {preset === 'custom' && (
            <form className="filters" onSubmit={applyCustom}>
              <label className="field">
                <span>From</span>
                <input type="date" name="from" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
              </label>
              <label className="field">
                <span>To</span>
                <input type="date" name="to" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
              </label>
              <div className="filter-actions">
                <button type="submit" className="btn btn-primary">
                  Apply
                </button>
              </div>
            </form>
          )}
        </div>
        {rangeError && (
          <p className="form-error" role="alert">
            {rangeError}
          </p>
        )}
        <p className="muted small">
          {range.from} to {range.to} (days in UTC)
        </p>
      </section>

      {data.isPending ? (
        <Loading label="Loading analytics…" />
      ) : data.isError ? (
        <ErrorMessage error={data.error} onRetry={() => void data.refetch()} />
      ) : t ? (
        <>
          <section className="stat-grid card" data-testid="analytics-totals" aria-label="Totals">
            <Stat label="Calls" value={String(t.totalCalls)} testid="total-calls" />
            <Stat label="Success rate" value={t.totalCalls ? formatPercent(t.successfulCalls / t.totalCalls) : '—'} testid="total-success-rate" />
            <Stat label="Average duration" value={formatDuration(t.averageDuration)} testid="total-average-duration" />
            <Stat label="Total duration" value={formatDuration(t.totalDuration)} testid="total-duration" />
            <Stat label="Total cost" value={formatCost(t.totalCost)} testid="total-cost" />
            <Stat
              label="Satisfaction (0–10)"
              value={t.satisfactionScore === null || t.satisfactionScore === undefined ? '—' : t.satisfactionScore.toFixed(1)}
              testid="total-satisfaction"
            />
          </section>

          <div className="chart-grid">
            <ChartCard title="Calls per day" testid="chart-calls-per-day" empty={noCalls}>
              <BarChart data={days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis allowDecimals={false} fontSize={12} width={32} />
                <Tooltip />
                <Bar dataKey="totalCalls" name="Calls" fill={ACCENT} />
              </BarChart>
            </ChartCard>
            <ChartCard title="Success rate per day" testid="chart-success-rate" empty={noCalls}>
              <LineChart data={days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis domain={[0, 100]} unit="%" fontSize={12} width={44} />
                <Tooltip formatter={(v) => (v === null || v === undefined ? 'No calls' : `${String(v)}%`)} />
                <Line type="linear" dataKey="successRate" name="Success rate" stroke={GREEN} connectNulls={false} dot={DOT} />
              </LineChart>
            </ChartCard>
            <ChartCard title="Average duration per day" testid="chart-average-duration" empty={noCalls}>
              <LineChart data={days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis fontSize={12} width={56} tickFormatter={(v: number) => formatDuration(v)} />
                <Tooltip formatter={(v) => (v === null || v === undefined ? 'No calls' : formatDuration(Number(v)))} />
                <Line type="linear" dataKey="averageDuration" name="Average duration" stroke={ACCENT} connectNulls={false} dot={DOT} />
              </LineChart>
            </ChartCard>
            <ChartCard title="Cost per day" testid="chart-cost-per-day" empty={noCalls}>
              <BarChart data={days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis fontSize={12} width={44} tickFormatter={(v: number) => `$${v}`} />
                <Tooltip formatter={(v) => formatCost(Number(v))} />
                <Bar dataKey="totalCost" name="Cost" fill={AMBER} />
              </BarChart>
            </ChartCard>
            <ChartCard title="Satisfaction per day" testid="chart-satisfaction" empty={t.satisfactionScore === null || t.satisfactionScore === undefined}>
              <LineChart data={days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={12} />
                <YAxis domain={[0, 10]} fontSize={12} width={32} />
                <Tooltip />
                <Line type="linear" dataKey="satisfaction" name="Satisfaction" stroke={GREEN} connectNulls={false} dot={DOT} />
              </LineChart>
            </ChartCard>
            <ChartCard title="Top intents" testid="chart-top-intents" empty={(t.topIntents ?? []).length === 0}>
              <BarChart data={t.topIntents ?? []} layout="vertical" margin={{ left: 16 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} fontSize={12} />
                <YAxis type="category" dataKey="intent" width={110} fontSize={12} />
                <Tooltip />
                <Bar dataKey="count" name="Calls" fill={ACCENT} />
              </BarChart>
            </ChartCard>
          </div>
        </>
      ) : null}

      <section className="card" aria-labelledby="per-assistant-title" data-testid="analytics-assistants">
        <h2 id="per-assistant-title">By assistant</h2>
        {perAssistant.isPending ? (
          <Loading />
        ) : perAssistant.isError ? (
          <ErrorMessage error={perAssistant.error} onRetry={() => void perAssistant.refetch()} />
        ) : (perAssistant.data ?? []).length === 0 ? (
          <Empty>
            <p>No calls in this range.</p>
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Assistant</th>
                  <th scope="col" className="num">Calls</th>
                  <th scope="col" className="num">Success rate</th>
                  <th scope="col" className="num">Average duration</th>
                  <th scope="col" className="num">Cost</th>
                </tr>
              </thead>
              <tbody>
                {(perAssistant.data ?? []).map((a) => (
                  <tr key={a.assistantId || '(none)'} data-testid="assistant-stats-row">
                    <td data-label="Assistant">
                      <AssistantName id={a.assistantId} names={names} fallback="No assistant" />
                    </td>
                    <td data-label="Calls" className="num mono">{a.totalCalls}</td>
                    <td data-label="Success rate" className="num mono">{a.totalCalls ? formatPercent(a.successfulCalls / a.totalCalls) : '—'}</td>
                    <td data-label="Average duration" className="num mono">{formatDuration(a.totalCalls ? a.totalDuration / a.totalCalls : 0)}</td>
                    <td data-label="Cost" className="num mono">{formatCost(a.totalCost)}</td>
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

export default AnalyticsPage;
