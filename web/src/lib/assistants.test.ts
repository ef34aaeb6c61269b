import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { mockFetch } from '../test/mockFetch';
import { makeAssistant } from '../test/fixtures';
import { assistantLabel, assistantLookup, assistantNameMap, isNoVapiKey } from './assistants';

const LONG = '0c5a2f1e-8d4b-4f3a-9e1c-7b2d6a9f0e11';

describe('assistantLabel', () => {
  const names = assistantNameMap([makeAssistant({ id: 'a1', name: 'Front Desk' }), makeAssistant({ id: LONG.replace('0c', '9c'), name: '' })]);

  it('shows the name when known', () => {
    expect(assistantLabel('a1', names)).toEqual({ text: 'Front Desk' });
  });

  it('shortens unknown ids to 8 characters + … with the full id as title', () => {
    expect(assistantLabel(LONG, names)).toEqual({ text: '0c5a2f1e…', title: LONG });
    expect(assistantLabel(LONG, undefined)).toEqual({ text: '0c5a2f1e…', title: LONG });
  });

  it('shortens the id of an assistant without a name', () => {
    const id = LONG.replace('0c', '9c');
    expect(assistantLabel(id, names)).toEqual({ text: '9c5a2f1e…', title: id });
  });

  it('keeps short ids whole and uses the fallback without an id', () => {
    expect(assistantLabel('abc', names)).toEqual({ text: 'abc' });
    expect(assistantLabel('', names)).toEqual({ text: '—' });
    expect(assistantLabel(null, names, 'No assistant')).toEqual({ text: 'No assistant' });
  });
});

describe('isNoVapiKey', () => {
  it('recognises only the 400 "VAPI API key not configured" answer', () => {
    expect(isNoVapiKey(new ApiError(400, 'VAPI API key not configured'))).toBe(true);
    expect(isNoVapiKey(new ApiError(400, 'name is required'))).toBe(false);
    expect(isNoVapiKey(new ApiError(502, 'VAPI API key not configured'))).toBe(false);
    expect(isNoVapiKey(new Error('VAPI API key not configured'))).toBe(false);
    expect(isNoVapiKey(undefined)).toBe(false);
  });
});

describe('assistantLookup', () => {
  it('returns the list', async () => {
    mockFetch([['GET', '/api/assistants', { body: { assistants: [makeAssistant({ id: 'a1' })] } }]]);
    const r = await assistantLookup();
    expect(r.noKey).toBe(false);
    expect(r.assistants.map((a) => a.id)).toEqual(['a1']);
  });

  it('reports "no key yet" for the 400 before a key is saved', async () => {
    mockFetch([['GET', '/api/assistants', { status: 400, body: { error: 'VAPI API key not configured' } }]]);
    expect(await assistantLookup()).toEqual({ assistants: [], noKey: true });
  });

  it('gives an empty list on other failures', async () => {
    mockFetch([['GET', '/api/assistants', { status: 502, body: { error: 'VAPI is down' } }]]);
    expect(await assistantLookup()).toEqual({ assistants: [], noKey: false });
  });
});
