import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SettingsPage } from './SettingsPage';
import { mockFetch } from '../../test/mockFetch';
import type { Settings } from '../../api/schemas';

const SECRET_KEY = 'sk-live-1234567890abcdef-wxyz';

function settingsRoutes(state: { settings: Settings }) {
  return mockFetch([
    ['GET', '/api/settings/vapi', () => ({ body: state.settings })],
    [
      'PUT',
      '/api/settings/vapi',
      (req) => {
        const b = req.body as { apiKey?: string; orgId?: string };
        state.settings = {
          ...state.settings,
          hasApiKey: state.settings.hasApiKey || Boolean(b.apiKey),
          keyHint: b.apiKey ? b.apiKey.slice(-4) : state.settings.keyHint,
          orgId: b.orgId ?? state.settings.orgId,
        };
        return { body: { ok: true } };
      },
    ],
    ['POST', '/api/settings/webhook-secret/rotate', { body: { webhookSecret: 'whsec_NEW123', previousValidUntil: '2026-03-03T10:00:00Z' } }],
    ['GET', '/api/tokens', { body: { tokens: [{ id: 't1', name: 'reporting', createdAt: '2026-03-01T10:00:00Z' }] } }],
    ['POST', '/api/tokens', { status: 201, body: { id: 't2', name: 'ci', token: 'vm_tok_ONCE' } }],
    ['DELETE', '/api/tokens/t1', { status: 204 }],
  ]);
}

const base: Settings = {
  orgId: 'org-1',
  hasApiKey: false,
  keyHint: '',
  webhookUrl: 'https://vm.example.com/webhook/vapi/hook123',
  webhookSecretSet: true,
  webhookAuth: 'secret',
};

describe('SettingsPage', () => {
  it('never displays a saved key: the input stays empty and only the hint is shown', async () => {
    const state = { settings: { ...base } };
    const { calls } = settingsRoutes(state);
    renderWithQueryClient(<SettingsPage />);
    const input = (await screen.findByLabelText('VAPI private API key')) as HTMLInputElement;
    expect(input.type).toBe('password');
    expect(screen.getByTestId('key-status')).toHaveTextContent('No key saved yet.');

    const user = userEvent.setup();
    await user.type(input, SECRET_KEY);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(screen.getByTestId('key-status')).toHaveTextContent('A key is saved (…wxyz)'));
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({ apiKey: SECRET_KEY });
    const after = screen.getByLabelText('VAPI private API key') as HTMLInputElement;
    expect(after.value).toBe('');
    expect(document.body.innerHTML).not.toContain(SECRET_KEY);
  });

  it('sends only the org id when the key is left empty', async () => {
    const state = { settings: { ...base, hasApiKey: true, keyHint: 'abcd' } };
    const { calls } = settingsRoutes(state);
    renderWithQueryClient(<SettingsPage />);
    const org = await screen.findByLabelText('VAPI organization id');
    const user = userEvent.setup();
    await user.clear(org);
    await user.type(org, 'org-2');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ orgId: 'org-2' });
  });

  it('shows the webhook URL, rotates the secret once and creates/revokes tokens', async () => {
    const state = { settings: { ...base } };
    const { calls } = settingsRoutes(state);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithQueryClient(<SettingsPage />);
    expect(await screen.findByLabelText('Webhook URL (VAPI server URL)')).toHaveValue(base.webhookUrl);
    expect(screen.getByRole('button', { name: 'Copy webhook URL' })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Rotate secret' }));
    expect(await screen.findByLabelText('New webhook secret')).toHaveValue('whsec_NEW123');

    expect(await screen.findByText('reporting', { selector: 'strong' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('New token name'), 'ci');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByLabelText('New API token')).toHaveValue('vm_tok_ONCE');
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByDisplayValue('vm_tok_ONCE')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Revoke reporting' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/tokens/t1')).toBe(true));
  });
});
