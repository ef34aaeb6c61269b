import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AnalyticsPage } from './AnalyticsPage';
import { fillDays } from './analytics';
import { mockFetch } from '../../test/mockFetch';

const day = (date: string, totalCalls: number, successfulCalls: number) => ({
  date,
  totalCalls,
  successfulCalls,
  averageDuration: 90,
  totalDuration: 90 * totalCalls,
  totalCost: 0.25 * totalCalls,
  satisfactionScore: null,
  topIntents: [],
});

describe('fillDays', () => {
  it('fills every day of the range and computes the success rate in percent', () => {
    const rows = fillDays([day('2026-03-02', 4, 3)], '2026-03-01', '2026-03-03');
    expect(rows.map((r) => [r.date, r.totalCalls, r.successRate])).toEqual([
      ['2026-03-01', 0, null],
      ['2026-03-02', 4, 75],
      ['2026-03-03', 0, null],
    ]);
    expect(rows[1]?.label).toBe('03/02');
  });

  it('leaves gaps (null) in ratios and averages on days without calls; counts and costs are 0', () => {
    const rows = fillDays(
      [{ ...day('2026-03-01', 2, 1), satisfactionScore: 8 }, day('2026-03-04', 1, 1), { ...day('2026-03-05', 0, 0), averageDuration: 0, satisfactionScore: 0 }],
      '2026-02-28',
      '2026-03-05',
    );
    expect(rows.map((r) => r.date)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(rows.map((r) => r.averageDuration)).toEqual([null, 90, null, null, 90, null]);
    expect(rows.map((r) => r.successRate)).toEqual([null, 50, null, null, 100, null]);
    expect(rows.map((r) => r.satisfaction)).toEqual([null, 8, null, null, null, null]);
    expect(rows.map((r) => r.totalCalls)).toEqual([0, 2, 0, 0, 1, 0]);
    expect(rows.map((r) => r.totalCost)).toEqual([0, 0.5, 0, 0, 0.25, 0]);
  });

  it('is continuous across a month end and keeps days the API returns outside the range', () => {
    const rows = fillDays([day('2026-02-27', 1, 1)], '2026-02-28', '2026-03-02');
    expect(rows.map((r) => r.date)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  });
});

describe('AnalyticsPage', () => {
  it('shows totals, chart containers and the per-assistant table; switches ranges', async () => {
    vi.stubGlobal(
      'ResizeObserver',
      class {
        observe() {}
        unobserve() {}
        disconnect() {}
      },
    );
    const { calls } = mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [{ id: 'a1', name: 'Front Desk' }] } }],
      [
        'GET',
        '/api/analytics',
        {
          body: {
            days: [day('2026-03-02', 4, 3)],
            totals: { ...day('', 4, 3), satisfactionScore: 7.5, topIntents: [{ intent: 'booking', count: 3 }] },
          },
        },
      ],
      ['GET', '/api/analytics/assistants', { body: { assistants: [{ assistantId: 'a1', totalCalls: 4, successfulCalls: 3, totalDuration: 360, totalCost: 1 }] } }],
    ]);
    renderWithQueryClient(<AnalyticsPage />);
    expect(await screen.findByTestId('total-calls')).toHaveTextContent('4');
    expect(screen.getByTestId('total-success-rate')).toHaveTextContent('75%');
    expect(screen.getByTestId('total-satisfaction')).toHaveTextContent('7.5');
    for (const id of ['chart-calls-per-day', 'chart-success-rate', 'chart-average-duration', 'chart-cost-per-day', 'chart-satisfaction', 'chart-top-intents']) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    expect(await screen.findByText('Front Desk')).toBeInTheDocument();

    const first = new URLSearchParams(calls.find((c) => c.url.startsWith('/api/analytics?'))?.url.split('?')[1]);
    const span = (q: URLSearchParams) => (new Date(q.get('to')!).getTime() - new Date(q.get('from')!).getTime()) / 86400000;
    expect(Math.round(span(first))).toBe(29);

    await userEvent.setup().click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() => {
      const last = calls.filter((c) => c.url.startsWith('/api/analytics?')).at(-1)!;
      expect(Math.round(span(new URLSearchParams(last.url.split('?')[1])))).toBe(6);
    });
  });
});
