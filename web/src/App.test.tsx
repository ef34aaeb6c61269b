import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { App } from './App';
import { mockFetch } from './test/mockFetch';

function renderApp(path: string) {
  render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
}

describe('App', () => {
  it('redirects to sign-in when not authenticated', async () => {
    mockFetch([['GET', '/api/me', { status: 401, body: { error: 'not authenticated' } }]]);
    renderApp('/calls');
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument());
  });

  it('shows the server error when sign-up is disabled', async () => {
    mockFetch([
      ['GET', '/api/me', { status: 401, body: { error: 'not authenticated' } }],
      ['POST', '/api/auth/signup', { status: 403, body: { error: 'Sign-up is disabled; ask the administrator for an account.' } }],
    ]);
    renderApp('/signup');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'a@example.com');
    await user.type(screen.getByLabelText('Password'), 'longpassword');
    await user.click(screen.getByRole('button', { name: 'Create an account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-up is disabled; ask the administrator for an account.');
  });

  it('signs in, then shows the overview with the first-run checklist until a call exists', async () => {
    let signedIn = false;
    mockFetch([
      ['GET', '/api/me', () => (signedIn ? { body: { id: 'u1', email: 'a@example.com', vapiOrgId: '', createdAt: '', callCount: 0 } } : { status: 401, body: { error: 'no' } })],
      ['POST', '/api/auth/login', () => ((signedIn = true), { body: { user: { id: 'u1', email: 'a@example.com' } } })],
      ['GET', '/api/settings/vapi', { body: { orgId: '', hasApiKey: true, keyHint: 'abcd', webhookUrl: 'https://vm/webhook/vapi/h', webhookSecretSet: true, webhookAuth: 'secret' } }],
      ['GET', '/api/assistants', { body: { assistants: [{ id: 'a1', name: 'Desk', server: { url: 'https://vm/webhook/vapi/h' } }] } }],
      ['GET', '/api/analytics', { body: { days: [], totals: { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null, topIntents: [] } } }],
    ]);
    renderApp('/signin');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Email'), 'a@example.com');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByTestId('first-run-checklist')).toBeInTheDocument());
    await waitFor(() => expect(screen.getByTestId('step-api-key')).toHaveAttribute('data-done', 'true'));
    expect(screen.getByTestId('step-connect')).toHaveAttribute('data-done', 'true');
    expect(screen.getByTestId('step-first-call')).toHaveAttribute('data-done', 'false');
    expect(screen.getByRole('link', { name: 'Calls' })).toBeInTheDocument();
    expect(screen.getByTestId('user-email')).toHaveTextContent('a@example.com');
  });

  it('treats "VAPI API key not configured" from the assistants list as "no key yet", not an error', async () => {
    mockFetch([
      ['GET', '/api/me', { body: { id: 'u1', email: 'a@example.com', callCount: 0 } }],
      ['GET', '/api/settings/vapi', { body: { orgId: '', hasApiKey: true, keyHint: 'abcd', webhookUrl: 'https://vm/webhook/vapi/h', webhookSecretSet: true, webhookAuth: 'secret' } }],
      ['GET', '/api/assistants', { status: 400, body: { error: 'VAPI API key not configured' } }],
      ['GET', '/api/analytics', { body: { days: [], totals: { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null, topIntents: [] } } }],
    ]);
    renderApp('/');
    await waitFor(() => expect(screen.getByTestId('step-api-key')).toHaveAttribute('data-done', 'false'));
    expect(screen.getByTestId('step-connect')).toHaveAttribute('data-done', 'false');
    expect(screen.getByRole('link', { name: 'VAPI settings' })).toHaveAttribute('href', '/settings');
    expect(screen.queryByTestId('error')).toBeNull();
    expect(screen.queryByText(/Could not check your assistants/)).toBeNull();
  });

  it('shows every navigation link and the sign-out button', async () => {
    mockFetch([
      ['GET', '/api/me', { body: { id: 'u1', email: 'a@example.com', callCount: 3 } }],
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/analytics', { body: { days: [], totals: { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null, topIntents: [] } } }],
    ]);
    renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    for (const name of ['Overview', 'Calls', 'Analytics', 'Assistants', 'Sync', 'Settings']) {
      expect(within(nav).getByRole('link', { name })).toBeVisible();
    }
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('hides the checklist once calls exist', async () => {
    mockFetch([
      ['GET', '/api/me', { body: { id: 'u1', email: 'a@example.com', callCount: 3 } }],
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/analytics', { body: { days: [], totals: { totalCalls: 3, successfulCalls: 2, averageDuration: 60, totalDuration: 180, totalCost: 0.3, satisfactionScore: 8, topIntents: [] } } }],
    ]);
    renderApp('/');
    await waitFor(() => expect(screen.getByText('Last 7 days')).toBeInTheDocument());
    expect(screen.queryByTestId('first-run-checklist')).toBeNull();
    await waitFor(() => expect(screen.getByText('66.7%')).toBeInTheDocument());
  });
});

describe('sign out', () => {
  it('posts logout with the CSRF header and returns to sign-in', async () => {
    document.cookie = 'vm_csrf=csrf123';
    let signedIn = true;
    const { calls } = mockFetch([
      ['GET', '/api/me', () => (signedIn ? { body: { id: 'u1', email: 'a@example.com', callCount: 1 } } : { status: 401, body: { error: 'no' } })],
      ['POST', '/api/auth/logout', () => ((signedIn = false), { status: 204 })],
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/analytics', { body: { days: [], totals: { totalCalls: 0, successfulCalls: 0, averageDuration: 0, totalDuration: 0, totalCost: 0, satisfactionScore: null, topIntents: [] } } }],
    ]);
    renderApp('/');
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sign out' }));
    // Signing out re-renders the sign-in page once more (the shell's redirect, then the explicit one):
    // check where the user ends up, not the first heading that flashed by.
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Sign in' })).toBeInTheDocument());
    const logout = calls.find((c) => c.url === '/api/auth/logout');
    expect(logout?.headers['X-CSRF-Token']).toBe('csrf123');
  });
});
