import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { CallsPage } from './CallsPage';
import { mockFetch, type Recorded } from '../../test/mockFetch';
import { makeAssistant, makeCall } from '../../test/fixtures';

function callsRequests(calls: Recorded[]) {
  return calls.filter((c) => c.url.startsWith('/api/calls')).map((c) => new URLSearchParams(c.url.split('?')[1] ?? ''));
}

function setup(initialUrl = '/calls') {
  const mock = mockFetch([
    ['GET', '/api/assistants', { body: { assistants: [makeAssistant({ id: 'a1', name: 'Front Desk' }), makeAssistant({ id: 'a2', name: 'After Hours' })] } }],
    [
      'GET',
      '/api/calls',
      (req) => {
        const sp = new URLSearchParams(req.url.split('?')[1] ?? '');
        if (sp.get('cursor') === 'CUR2') return { body: { calls: [makeCall({ callId: 'vapi_3', callerName: 'Third' })], nextCursor: null } };
        return {
          body: {
            calls: [makeCall({ callId: 'vapi_1', duration: 65, cost: 0.5 }), makeCall({ callId: 'vapi_2', outcome: 'error', outcomeLabel: 'LLM failed' })],
            nextCursor: 'CUR2',
          },
        };
      },
    ],
  ]);
  renderWithQueryClient(
    <MemoryRouter initialEntries={[initialUrl]}>
      <CallsPage />
    </MemoryRouter>,
  );
  return mock;
}

describe('CallsPage', () => {
  it('lists calls with duration, outcome label and cost', async () => {
    setup();
    const rows = await screen.findAllByTestId('call-row');
    expect(rows).toHaveLength(2);
    const first = rows[0]!;
    expect(within(first).getByText('Dana Smith')).toBeInTheDocument();
    expect(within(first).getByText('1:05')).toBeInTheDocument();
    expect(within(first).getByText('$0.50')).toBeInTheDocument();
    expect(within(first).getByText('Customer ended the call')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('LLM failed')).toBeInTheDocument();
    expect(screen.getByTestId('live-calls')).toBeInTheDocument();
  });

  it('builds the query string from the filters and updates the export links', async () => {
    const { calls } = setup();
    await screen.findAllByTestId('call-row');
    const user = userEvent.setup();

    await user.selectOptions(screen.getByLabelText('Outcome'), 'error');
    await waitFor(() => expect(callsRequests(calls).at(-1)?.get('outcome')).toBe('error'));

    await screen.findByRole('option', { name: 'After Hours' });
    await user.selectOptions(screen.getByLabelText('Assistant'), 'a2');
    await waitFor(() => expect(callsRequests(calls).at(-1)?.get('assistantId')).toBe('a2'));

    await user.type(screen.getByLabelText('Search transcripts and summaries'), 'refund');
    // typing alone does not search; submitting does
    expect(callsRequests(calls).at(-1)?.get('q')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() => expect(callsRequests(calls).at(-1)?.get('q')).toBe('refund'));

    const last = callsRequests(calls).at(-1)!;
    expect(last.get('outcome')).toBe('error');
    expect(last.get('assistantId')).toBe('a2');
    expect(last.get('limit')).toBe('50');
    expect(last.get('cursor')).toBeNull();

    const csv = screen.getByTestId('export-csv');
    expect(csv.getAttribute('href')).toBe('/api/calls/export?format=csv&assistantId=a2&outcome=error&q=refund');
    expect(screen.getByTestId('export-json').getAttribute('href')).toContain('format=json');
  });

  it('sends date filters as an ISO range', async () => {
    const { calls } = setup('/calls?from=2026-03-01&to=2026-03-07');
    await screen.findAllByTestId('call-row');
    const q = callsRequests(calls)[0]!;
    expect(q.get('from')).toBe(new Date(2026, 2, 1).toISOString());
    expect(q.get('to')).toBe(new Date(2026, 2, 8).toISOString());
    expect((screen.getByLabelText('From') as HTMLInputElement).value).toBe('2026-03-01');
  });

  it('loads more with nextCursor and keeps the filters', async () => {
    const { calls } = setup('/calls?outcome=completed');
    await screen.findAllByTestId('call-row');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(screen.getAllByTestId('call-row')).toHaveLength(3));
    const last = callsRequests(calls).at(-1)!;
    expect(last.get('cursor')).toBe('CUR2');
    expect(last.get('outcome')).toBe('completed');
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
  });

  it('shows the server error in words', async () => {
    mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/calls', { status: 422, body: { error: 'from must be a date' } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <CallsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('from must be a date');
  });

  it('shows an empty state', async () => {
    mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/calls', { body: { calls: [], nextCursor: null } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <CallsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByText(/No calls yet/)).toBeInTheDocument();
  });

  it('shows a shortened id with the full id as title for assistants without a known name', async () => {
    const unknown = '7f3e9a21-55aa-4c1d-9b0e-123456789abc';
    mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [makeAssistant({ id: 'a1', name: 'Front Desk' })] } }],
      ['GET', '/api/calls', { body: { calls: [makeCall({ callId: 'c1', assistantId: 'a1' }), makeCall({ callId: 'c2', assistantId: unknown })], nextCursor: null } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <CallsPage />
      </MemoryRouter>,
    );
    const rows = await screen.findAllByTestId('call-row');
    await waitFor(() => expect(within(rows[0]!).getByText('Front Desk')).toBeInTheDocument());
    const short = within(rows[1]!).getByText('7f3e9a21…');
    expect(short).toHaveAttribute('title', unknown);
    expect(within(rows[1]!).queryByText(unknown)).toBeNull();
  });

  it('treats "VAPI API key not configured" as no key yet: a prompt linking to Settings, no error', async () => {
    mockFetch([
      ['GET', '/api/assistants', { status: 400, body: { error: 'VAPI API key not configured' } }],
      ['GET', '/api/calls', { body: { calls: [makeCall({ callId: 'c1' })], nextCursor: null } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <CallsPage />
      </MemoryRouter>,
    );
    const note = await screen.findByTestId('no-vapi-key');
    expect(within(note).getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings');
    expect(screen.queryByTestId('error')).toBeNull();
    expect(screen.getByLabelText('Assistant')).toBeInTheDocument();
    expect(await screen.findAllByTestId('call-row')).toHaveLength(1);
  });
});
