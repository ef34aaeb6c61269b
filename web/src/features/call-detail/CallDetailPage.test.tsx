import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { CallDetailPage } from './CallDetailPage';
import { mockFetch } from '../../test/mockFetch';
import { makeCall } from '../../test/fixtures';

function renderAt(path: string) {
  renderWithQueryClient(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/calls/:callId" element={<CallDetailPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

describe('CallDetailPage', () => {
  it('shows the transcript as a conversation, analysis, costs and the recording', async () => {
    mockFetch([
      [
        'GET',
        '/api/calls/vapi_c1',
        {
          body: makeCall({
            transcript: 'AI: Hello, Harbor Dental.\nUser: I need a cleaning.\nAI: Tuesday works?',
            recordingUrl: 'https://storage.example/rec.wav',
            structuredData: { intent: 'booking', date: 'Tuesday' },
            costBreakdown: { transport: 0.01, stt: 0.02, llm: 0.03, tts: 0.04, vapi: 0.05, total: 0.15 },
          }),
        },
      ],
    ]);
    renderAt('/calls/vapi_c1');
    const turns = await screen.findAllByTestId('transcript-turn');
    expect(turns.map((t) => t.getAttribute('data-role'))).toEqual(['assistant', 'user', 'assistant']);
    expect(turns[1]).toHaveTextContent('I need a cleaning.');
    expect(screen.getByTestId('call-summary')).toHaveTextContent('Booked a cleaning.');
    expect(screen.getByTestId('success-evaluation')).toHaveTextContent('true');
    expect(screen.getByTestId('structured-data').textContent).toContain('"date": "Tuesday"');
    const costs = screen.getByTestId('cost-breakdown');
    expect(within(costs).getByText('Language model')).toBeInTheDocument();
    expect(within(costs).getByText('$0.1500')).toBeInTheDocument();
    expect(screen.getByTestId('recording').getAttribute('src')).toBe('https://storage.example/rec.wav');
  });

  it('shows a 404 in words', async () => {
    mockFetch([['GET', '/api/calls/vapi_x', { status: 404, body: { error: 'call not found' } }]]);
    renderAt('/calls/vapi_x');
    expect(await screen.findByRole('alert')).toHaveTextContent('call not found');
  });
});
