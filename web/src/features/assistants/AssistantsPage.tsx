import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { ConnectButton } from '../../components/ConnectButton';
import { Empty, ErrorMessage, Loading, NoVapiKeyNotice, PageHeader } from '../../components/ui';
import { isConnected, isNoVapiKey } from '../../lib/assistants';
import { formatDateTime } from '../../lib/format';
import { queries } from '../../lib/queries';

export function AssistantsPage() {
  const list = useQuery(queries.assistants());
  // Only for the connected badges and the "no key" notice: without settings the list still shows.
  const settings = useQuery(queries.settings());
  const webhookUrl = settings.data?.webhookUrl;
  // Before a key is saved the list answers 400 "VAPI API key not configured": a prompt, not an error.
  const listNoKey = isNoVapiKey(list.error);
  const noKey = listNoKey || Boolean(settings.data && !settings.data.hasApiKey);

  return (
    <>
      <PageHeader title="Assistants">
        <Link to="/assistants/new" className="btn btn-primary">
          New assistant
        </Link>
      </PageHeader>
      {noKey && (
        <NoVapiKeyNotice>
          No VAPI key yet. Add your VAPI private API key in <Link to="/settings">Settings</Link> to manage assistants.
        </NoVapiKeyNotice>
      )}
      <section className="card" aria-labelledby="assistants-title">
        <h2 id="assistants-title" className="visually-hidden">
          Your VAPI assistants
        </h2>
        {list.isPending ? (
          <Loading label="Loading assistants from VAPI…" />
        ) : listNoKey ? (
          <Empty>
            <p>
              Your VAPI assistants appear here once your key is saved in <Link to="/settings">Settings</Link>.
            </p>
          </Empty>
        ) : list.isError ? (
          <ErrorMessage error={list.error} onRetry={() => void list.refetch()} />
        ) : (list.data ?? []).length === 0 ? (
          <Empty>
            <p>
              No assistants in this VAPI organization yet. <Link to="/assistants/new">Create one</Link>.
            </p>
          </Empty>
        ) : (
          <ul className="assistant-list" data-testid="assistant-list">
            {(list.data ?? []).map((a) => {
              const connected = isConnected(a, webhookUrl);
              return (
                <li key={a.id} className="assistant-item" data-testid="assistant-row" data-assistant-id={a.id}>
                  <div className="assistant-main">
                    <Link to={`/assistants/${encodeURIComponent(a.id)}`} className="strong">
                      {a.name || 'Unnamed assistant'}
                    </Link>
                    <div className="muted small">
                      {[a.model?.provider && `${a.model.provider} ${a.model.model}`, a.voice?.provider && `voice ${a.voice.provider}/${a.voice.voiceId}`]
                        .filter(Boolean)
                        .join(' · ') || 'No model configured'}
                    </div>
                    <div className="muted small">Updated {formatDateTime(a.updatedAt)}</div>
                  </div>
                  <div className="assistant-actions">
                    {connected ? (
                      <span className="badge badge-ok" data-testid="connected-badge">
                        Connected
                      </span>
                    ) : (
                      <ConnectButton assistant={a} />
                    )}
                    <Link to={`/assistants/${encodeURIComponent(a.id)}`} className="btn btn-small">
                      Edit
                    </Link>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
