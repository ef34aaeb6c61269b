import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SyncPage } from './SyncPage';
import { mockFetch } from '../../test/mockFetch';

describe('SyncPage', () => {
  it('shows the last error, starts a sync and polls until it finishes', async () => {
    let status = 'failed';
    let gets = 0;
    const { calls } = mockFetch([
      [
        'GET',
        '/api/sync',
        () => {
          gets += 1;
          if (status === 'running' && gets > 2) status = 'success';
          return {
            body: {
              syncs: [
                { syncType: 'calls', lastSyncTimestamp: '2026-03-02T10:00:00.000Z', syncStatus: status, errorMessage: status === 'failed' ? 'VAPI rejected the API key (401)' : '', syncedCount: 12 },
              ],
            },
          };
        },
      ],
      ['POST', '/api/sync', () => ((status = 'running'), { status: 202, body: { started: true } })],
    ]);
    renderWithQueryClient(<SyncPage />);
    const row = await screen.findByTestId('sync-row');
    expect(within(row).getByText('VAPI rejected the API key (401)')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sync now' }));
    expect(calls.some((c) => c.method === 'POST')).toBe(true);
    expect(screen.getByRole('button', { name: 'Syncing…' })).toBeDisabled();
    await waitFor(() => expect(within(screen.getByTestId('sync-row')).getByText('success')).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sync now' })).toBeEnabled(), { timeout: 4000 });
  }, 15000);
});
