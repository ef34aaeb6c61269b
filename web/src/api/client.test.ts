import { describe, expect, it, vi } from 'vitest';
import { api, ApiError, exportUrl, getCookie, request, setUnauthorizedHandler } from './client';
import { mockFetch } from '../test/mockFetch';

describe('api client', () => {
  it('sends X-CSRF-Token from the vm_csrf cookie on state-changing requests', async () => {
    document.cookie = 'other=1';
    document.cookie = 'vm_csrf=tok%2Fen123';
    const { calls } = mockFetch([['POST', '/api/tokens', { status: 201, body: { id: 't1', name: 'n', token: 'secret' } }]]);
    const res = await api.createToken('n');
    expect(res.token).toBe('secret');
    expect(calls[0]?.headers['X-CSRF-Token']).toBe('tok/en123');
    expect(calls[0]?.headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.credentials).toBe('same-origin');
    expect(calls[0]?.body).toEqual({ name: 'n' });
  });

  it('sends the CSRF header on PUT, PATCH and DELETE but not on GET', async () => {
    document.cookie = 'vm_csrf=abc';
    const { calls } = mockFetch([
      ['GET', '/api/settings/vapi', { body: { orgId: '', hasApiKey: false, keyHint: '', webhookUrl: '', webhookSecretSet: false, webhookAuth: '' } }],
      ['PUT', '/api/settings/vapi', { body: {} }],
      ['PATCH', '/api/assistants/a1', { body: { id: 'a1' } }],
      ['DELETE', '/api/tokens/t1', { status: 204 }],
    ]);
    await api.settings();
    await api.saveSettings({ orgId: 'o' });
    await api.updateAssistant('a1', { name: 'x' });
    await api.revokeToken('t1');
    expect(calls.map((c) => [c.method, c.headers['X-CSRF-Token']])).toEqual([
      ['GET', undefined],
      ['PUT', 'abc'],
      ['PATCH', 'abc'],
      ['DELETE', 'abc'],
    ]);
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);
  });

  it('throws ApiError with the server error text', async () => {
    mockFetch([['POST', '/api/auth/signup', { status: 403, body: { error: 'Sign-up is disabled on this server' } }]]);
    const err = await api.signup('a@b.c', 'password1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(403);
    expect((err as ApiError).message).toBe('Sign-up is disabled on this server');
  });

  it('uses VAPI-style message arrays and falls back to a sentence per status', async () => {
    mockFetch([
      ['POST', '/api/assistants', { status: 502, body: { message: ['name must be shorter', 'model.provider is required'] } }],
      ['GET', '/api/sync', { status: 504 }],
    ]);
    await expect(api.createAssistant({ name: 'x' })).rejects.toThrow('name must be shorter; model.provider is required');
    await expect(api.syncStatus()).rejects.toThrow('VAPI did not answer in time.');
  });

  it('reports a network failure in words', async () => {
    vi.stubGlobal('fetch', vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(api.me()).rejects.toThrow(/Cannot reach the Voice Matrix server/);
  });

  it('calls the unauthorized handler on 401, except for login', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    mockFetch([
      ['GET', '/api/calls', { status: 401, body: { error: 'not authenticated' } }],
      ['POST', '/api/auth/login', { status: 401, body: { error: 'Wrong email or password' } }],
    ]);
    await expect(api.calls('')).rejects.toThrow('not authenticated');
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(api.login('a@b.c', 'x')).rejects.toThrow('Wrong email or password');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('reads each list from its envelope and rejects another shape with a clear sentence', async () => {
    mockFetch([
      ['GET', '/api/assistants', { body: { assistants: [{ id: 'a1' }] } }],
      ['GET', '/api/tokens', { body: { tokens: [{ id: 't1', name: 'ci' }] } }],
      ['GET', '/api/sync', { body: [{ syncType: 'calls' }] }],
    ]);
    expect(await api.assistants()).toEqual([{ id: 'a1' }]);
    expect(await api.tokens()).toEqual([{ id: 't1', name: 'ci' }]);
    await expect(api.syncStatus()).rejects.toThrow(/The server's answer to GET \/api\/sync is not in the expected format/);
  });

  it('returns null for an empty success body and reads cookies', async () => {
    mockFetch([['POST', '/api/auth/logout', { status: 204 }]]);
    expect(await request('/api/auth/logout', { method: 'POST' })).toBeNull();
    document.cookie = 'vm_csrf=xyz';
    expect(getCookie('vm_csrf')).toBe('xyz');
    expect(getCookie('missing')).toBeNull();
  });

  it('builds export URLs with the same filters and no paging', () => {
    expect(exportUrl('csv', 'outcome=error&q=refund&limit=50&cursor=abc')).toBe('/api/calls/export?format=csv&outcome=error&q=refund');
    expect(exportUrl('json', '')).toBe('/api/calls/export?format=json');
  });
});
