import { useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { Call, CostBreakdown } from '../../api/schemas';
import { AssistantName, ErrorMessage, Loading, OutcomeBadge, PageHeader } from '../../components/ui';
import { useLive } from '../../live/LiveContext';
import { assistantNameMap } from '../../lib/assistants';
import { queries } from '../../lib/queries';
import { formatCost, formatDateTime, formatDuration } from '../../lib/format';
import { parseTranscript } from './transcript';

const COST_ROWS: ReadonlyArray<readonly [keyof CostBreakdown, string]> = [
  ['transport', 'Telephony (transport)'],
  ['stt', 'Speech to text'],
  ['llm', 'Language model'],
  ['tts', 'Text to speech'],
  ['vapi', 'VAPI platform'],
];

export function Transcript({ text }: { text: string | undefined }) {
  const turns = useMemo(() => parseTranscript(text), [text]);
  if (turns.length === 0) return <p className="muted">No transcript for this call.</p>;
  return (
    <ol className="conversation" data-testid="transcript" aria-label="Transcript">
      {turns.map((t, i) => (
        <li key={i} className={`bubble bubble-${t.role}`} data-role={t.role} data-testid="transcript-turn">
          <span className="bubble-speaker">{t.role === 'assistant' ? 'Assistant' : t.role === 'user' ? 'Caller' : t.speaker || 'Note'}</span>
          <span className="bubble-text">{t.text}</span>
        </li>
      ))}
    </ol>
  );
}

function CostTable({ cb, total }: { cb: CostBreakdown; total: number }) {
  const rows = COST_ROWS.filter(([k]) => typeof cb[k] === 'number');
  return (
    <table className="table" data-testid="cost-breakdown">
      <caption className="visually-hidden">Cost breakdown</caption>
      <tbody>
        {rows.map(([k, label]) => (
          <tr key={k}>
            <th scope="row">{label}</th>
            <td className="num mono">{formatCost(cb[k] as number, 4)}</td>
          </tr>
        ))}
        {typeof cb.llmPromptTokens === 'number' && (
          <tr>
            <th scope="row">LLM tokens (prompt / completion)</th>
            <td className="num mono">
              {cb.llmPromptTokens} / {cb.llmCompletionTokens ?? 0}
            </td>
          </tr>
        )}
        {typeof cb.ttsCharacters === 'number' && (
          <tr>
            <th scope="row">TTS characters</th>
            <td className="num mono">{cb.ttsCharacters}</td>
          </tr>
        )}
        <tr className="total-row">
          <th scope="row">Total</th>
          <td className="num mono">{formatCost(typeof cb.total === 'number' ? cb.total : total, 4)}</td>
        </tr>
      </tbody>
    </table>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kv">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function CallView({ call, assistantNames }: { call: Call; assistantNames?: Map<string, string> }) {
  return (
    <div className="detail-grid">
      <section className="card" aria-labelledby="call-facts">
        <h2 id="call-facts">Call</h2>
        <dl className="kv-list">
          <Field label="Time">{formatDateTime(call.timestamp)}</Field>
          <Field label="Caller">
            {call.callerName || (call.type === 'webCall' ? 'Web call' : 'Unknown')} {call.callerPhone && <span className="mono">{call.callerPhone}</span>}
          </Field>
          <Field label="Outcome">
            <OutcomeBadge outcome={call.outcome} label={call.outcomeLabel} />
          </Field>
          <Field label="Status">{call.status || '—'}</Field>
          <Field label="Duration">{formatDuration(call.duration)}</Field>
          <Field label="Cost">{formatCost(call.cost)}</Field>
          <Field label="Assistant">
            {call.assistantId ? (
              <Link to={`/assistants/${encodeURIComponent(call.assistantId)}`}>
                <AssistantName id={call.assistantId} names={assistantNames} />
              </Link>
            ) : (
              '—'
            )}
          </Field>
          {call.endedReason && (
            <Field label="Ended reason">
              <span className="mono small">{call.endedReason}</span>
            </Field>
          )}
          {call.intent && <Field label="Intent">{call.intent}</Field>}
          {call.satisfaction !== null && call.satisfaction !== undefined && <Field label="Satisfaction">{call.satisfaction} / 10</Field>}
        </dl>
        {call.recordingUrl && (
          <div className="recording">
            <h3>Recording</h3>
            <audio controls preload="none" src={call.recordingUrl} data-testid="recording">
              <a href={call.recordingUrl}>Download the recording</a>
            </audio>
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="call-analysis">
        <h2 id="call-analysis">Analysis</h2>
        <h3>Summary</h3>
        <p data-testid="call-summary">{call.summary || <span className="muted">No summary.</span>}</p>
        <h3>Success evaluation</h3>
        <p data-testid="success-evaluation">
          {call.successEvaluation ? (
            <>
              {call.successEvaluation} <span className="muted">({call.successful ? 'successful' : 'not successful'})</span>
            </>
          ) : (
            <span className="muted">No evaluation.</span>
          )}
        </p>
        <h3>Structured data</h3>
        {call.structuredData && Object.keys(call.structuredData).length > 0 ? (
          <pre className="json" data-testid="structured-data">
            {JSON.stringify(call.structuredData, null, 2)}
          </pre>
        ) : (
          <p className="muted">None.</p>
        )}
        <h3>Cost breakdown</h3>
        {call.costBreakdown ? <CostTable cb={call.costBreakdown} total={call.cost} /> : <p className="muted">Not available.</p>}
      </section>

      <section className="card detail-wide" aria-labelledby="call-transcript">
        <h2 id="call-transcript">Transcript</h2>
        <Transcript text={call.transcript} />
      </section>
    </div>
  );
}

export function CallDetailPage() {
  const { callId = '' } = useParams();
  const { ended, inProgress } = useLive();
  const liveVersion = useMemo(() => {
    const c = ended.find((x) => x.callId === callId) ?? inProgress.find((x) => x.callId === callId);
    return c ? `${c.status}|${c.outcome}|${c.duration}|${c.cost}` : '';
  }, [ended, inProgress, callId]);
  // A live change to this call (status, outcome, duration, cost) reads it again.
  const res = useQuery(queries.call(callId, liveVersion));
  const assistants = useQuery(queries.assistantLookup());
  const assistantNames = useMemo(() => assistantNameMap(assistants.data?.assistants), [assistants.data]);

  return (
    <>
      <PageHeader title="Call details">
        <Link to="/calls" className="btn btn-small">
          Back to calls
        </Link>
      </PageHeader>
      {res.isPending ? (
        <Loading label="Loading call…" />
      ) : res.isError ? (
        <ErrorMessage error={res.error} onRetry={() => void res.refetch()} />
      ) : res.data ? (
        <CallView call={res.data} assistantNames={assistantNames} />
      ) : null}
    </>
  );
}
