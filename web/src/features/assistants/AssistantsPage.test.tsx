import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { AssistantsPage } from './AssistantsPage';
import { mockFetch } from '../../test/mockFetch';
import { makeAssistant } from '../../test/fixtures';

const SETTINGS = { orgId: '', hasApiKey: true, keyHint: 'abcd', webhookUrl: 'https://vm/webhook/vapi/h', webhookSecretSet: true, webhookAuth: 'secret' };

function renderPage() {
  renderWithQueryClient(
    <MemoryRouter initialEntries={['/assistants']}>
      <AssistantsPage />
    </MemoryRouter>,
  );
}

describe('AssistantsPage', () => {
  it('lists assistants with the connected badge', async () => {
    mockFetch([
      ['GET', '/api/settings/vapi', { body: SETTINGS }],
      ['GET', '/api/assistants', { body: { assistants: [makeAssistant({ id: 'a1', server: { url: SETTINGS.webhookUrl } }), makeAssistant({ id: 'a2', name: 'Night' })] } }],
    ]);
    renderPage();
    const rows = await screen.findAllByTestId('assistant-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByTestId('connected-badge')).toBeInTheDocument();
    expect(within(rows[1]!).getByRole('button', { name: 'Connect to Voice Matrix' })).toBeInTheDocument();
    expect(screen.queryByTestId('no-vapi-key')).toBeNull();
  });

  it('shows "no key yet" with a link to Settings instead of an error before a key is saved', async () => {
    mockFetch([
      ['GET', '/api/settings/vapi', { body: { ...SETTINGS, hasApiKey: false, keyHint: '' } }],
      ['GET', '/api/assistants', { status: 400, body: { error: 'VAPI API key not configured' } }],
    ]);
    renderPage();
    const note = await screen.findByTestId('no-vapi-key');
    expect(note).toHaveTextContent('No VAPI key yet');
    expect(within(note).getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings');
    expect(await screen.findByTestId('empty')).toBeInTheDocument();
    expect(screen.queryByTestId('error')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    // one notice, not two (settings and the list both say "no key")
    expect(screen.getAllByTestId('no-vapi-key')).toHaveLength(1);
  });

  it('still shows other errors from VAPI in words', async () => {
    mockFetch([
      ['GET', '/api/settings/vapi', { body: SETTINGS }],
      ['GET', '/api/assistants', { status: 502, body: { error: 'VAPI rejected the key (401)' } }],
    ]);
    renderPage();
    expect(await screen.findByTestId('error')).toHaveTextContent('VAPI rejected the key (401)');
    expect(screen.queryByTestId('no-vapi-key')).toBeNull();
  });
});
