import { renderWithQueryClient } from '../test/render';
import { describe, expect, it } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { LiveProvider } from './LiveContext';
import { CallsPage } from '../features/calls/CallsPage';
import { LivePanel } from '../components/LivePanel';
import { FakeEventSource } from '../test/fakeEventSource';
import { mockFetch } from '../test/mockFetch';
import { makeCall } from '../test/fixtures';

describe('live calls over SSE', () => {
  it('shows in-progress calls in the live panel, then moves ended ones into the calls list', async () => {
    FakeEventSource.install();
    mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/calls', { body: { calls: [makeCall({ callId: 'vapi_old', callerName: 'Old Caller' })], nextCursor: null } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <LiveProvider enabled>
          <CallsPage />
        </LiveProvider>
      </MemoryRouter>,
    );
    await screen.findAllByTestId('call-row');
    const es = FakeEventSource.last();
    expect(es.url).toBe('/api/events');
    act(() => es.open());
    expect(screen.getByTestId('live-connection')).toHaveTextContent('Connected');

    const live = makeCall({ callId: 'vapi_new', callerName: 'New Caller', status: 'in-progress', outcome: 'in-progress', startedAt: new Date().toISOString() });
    act(() => es.emit('call', live));
    const panel = screen.getByTestId('live-calls');
    expect(within(panel).getByText('New Caller')).toBeInTheDocument();
    expect(within(panel).getByText('in-progress')).toBeInTheDocument();

    act(() => es.emit('call', { ...live, status: 'forwarding' }));
    expect(within(panel).getAllByTestId('live-call')).toHaveLength(1);
    expect(within(panel).getByText('forwarding')).toBeInTheDocument();

    act(() => es.emit('call', { ...live, status: 'ended', outcome: 'completed', outcomeLabel: 'Customer ended the call', duration: 42 }));
    expect(within(panel).queryAllByTestId('live-call')).toHaveLength(0);
    await waitFor(() => expect(screen.getAllByTestId('call-row')).toHaveLength(2));
    const first = screen.getAllByTestId('call-row')[0]!;
    expect(first).toHaveAttribute('data-call-id', 'vapi_new');
    expect(within(first).getByText('0:42')).toBeInTheDocument();
  });
});

describe('live seeding', () => {
  it('shows calls that were already in progress when the page opened', async () => {
    FakeEventSource.install();
    const started = new Date(Date.now() - 60_000).toISOString();
    const { calls } = mockFetch([
      [
        'GET',
        '/api/calls',
        (req) =>
          req.url.includes('outcome=in-progress')
            ? { body: { calls: [makeCall({ callId: 'vapi_live', callerName: 'Already Talking', status: 'in-progress', outcome: 'in-progress', startedAt: started, timestamp: started })], nextCursor: null } }
            : { body: { calls: [], nextCursor: null } },
      ],
    ]);
    renderWithQueryClient(
      <MemoryRouter>
        <LiveProvider enabled>
          <LivePanel />
        </LiveProvider>
      </MemoryRouter>,
    );
    expect(await screen.findByText('Already Talking')).toBeInTheDocument();
    expect(calls[0]?.url).toBe('/api/calls?outcome=in-progress&limit=50');
  });
});

describe('live resync', () => {
  it('on "resync" drops the live state and reads the lists again', async () => {
    FakeEventSource.install();
    const { calls } = mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [] } }],
      ['GET', '/api/calls', { body: { calls: [], nextCursor: null } }],
    ]);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/calls']}>
        <LiveProvider enabled>
          <CallsPage />
        </LiveProvider>
      </MemoryRouter>,
    );
    const es = FakeEventSource.last();
    act(() => es.open());
    const live = makeCall({ callId: 'vapi_missed_end', callerName: 'Missed End', status: 'in-progress', outcome: 'in-progress', startedAt: new Date().toISOString() });
    act(() => es.emit('call', live));
    expect(within(screen.getByTestId('live-calls')).getByText('Missed End')).toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.url.startsWith('/api/calls')).length).toBeGreaterThanOrEqual(2));
    const before = calls.filter((c) => c.url.startsWith('/api/calls')).length;

    act(() => es.emit('resync', {}));
    // Its end event was among those dropped: the call is no longer shown as live, and the lists are read again.
    expect(screen.queryByText('Missed End')).not.toBeInTheDocument();
    await waitFor(() => expect(calls.filter((c) => c.url.startsWith('/api/calls')).length).toBeGreaterThan(before));
  });
});
