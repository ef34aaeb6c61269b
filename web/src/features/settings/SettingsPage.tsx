import { useQuery } from '@tanstack/react-query';
import { ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { queries } from '../../lib/queries';
import { ApiTokens } from './ApiTokens';
import { PasswordForm } from './PasswordForm';
import { VapiKeyForm } from './VapiKeyForm';
import { WebhookSettings } from './WebhookSettings';

// One card per form; each form owns its request and refreshes what it changed.
export function SettingsPage() {
  const settings = useQuery(queries.settings());
  return (
    <>
      <PageHeader title="Settings" />
      {settings.isPending ? (
        <Loading label="Loading settings…" />
      ) : settings.isError ? (
        <ErrorMessage error={settings.error} onRetry={() => void settings.refetch()} />
      ) : settings.data ? (
        <>
          <section className="card" aria-labelledby="vapi-title">
            <h2 id="vapi-title">VAPI account</h2>
            <VapiKeyForm key={`${settings.data.hasApiKey}-${settings.data.keyHint}-${settings.data.orgId}`} settings={settings.data} />
          </section>
          <section className="card" aria-labelledby="webhook-title">
            <h2 id="webhook-title">Webhook</h2>
            <WebhookSettings settings={settings.data} />
          </section>
        </>
      ) : null}
      <section className="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <ApiTokens />
      </section>
      <section className="card" aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <PasswordForm />
      </section>
    </>
  );
}
