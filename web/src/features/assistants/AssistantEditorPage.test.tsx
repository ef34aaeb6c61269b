import { renderWithQueryClient } from '../../test/render';
import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { AssistantEditor, AssistantEditorPage } from './AssistantEditorPage';
import { buildAssistantPatch, formFromAssistant } from './assistantForm';
import { mockFetch } from '../../test/mockFetch';
import { makeAssistant } from '../../test/fixtures';

describe('buildAssistantPatch', () => {
  const a = makeAssistant();
  it('is empty when nothing changed', () => {
    expect(buildAssistantPatch(a, formFromAssistant(a))).toEqual({});
  });

  it('sends only changed top-level fields', () => {
    const f = { ...formFromAssistant(a), name: 'New name', maxDurationSeconds: '900' };
    expect(buildAssistantPatch(a, f)).toEqual({ name: 'New name', maxDurationSeconds: 900 });
  });

  it('sends the whole model object (keeping tools) when a model field changes', () => {
    const patch = buildAssistantPatch(a, { ...formFromAssistant(a), systemPrompt: 'Be brief.' });
    expect(Object.keys(patch)).toEqual(['model']);
    expect(patch.model).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      temperature: 0.3,
      maxTokens: 250,
      messages: [{ role: 'system', content: 'Be brief.' }],
      toolIds: ['tool-1'],
    });
  });

  it('adds a system message when the assistant had none', () => {
    const b = makeAssistant({ model: { provider: 'openai', model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] } });
    const patch = buildAssistantPatch(b, { ...formFromAssistant(b), systemPrompt: 'Sys' });
    expect(patch.model?.messages).toEqual([
      { role: 'system', content: 'Sys' },
      { role: 'user', content: 'hi' },
    ]);
  });

  it('sends the voice object when the voice changes', () => {
    const patch = buildAssistantPatch(a, { ...formFromAssistant(a), voiceId: 'Kylie' });
    expect(patch).toEqual({ voice: { provider: 'vapi', voiceId: 'Kylie' } });
  });
});

describe('AssistantEditor', () => {
  it('PATCHes only the changed field', async () => {
    const original = makeAssistant();
    const { calls } = mockFetch([['PATCH', '/api/assistants/a1', (req) => ({ body: { ...original, ...(req.body as object) } })]]);
    const onSaved = vi.fn();
    renderWithQueryClient(<AssistantEditor original={original} onSaved={onSaved} />);
    const user = userEvent.setup();
    const save = screen.getByRole('button', { name: 'Save changes' });
    expect(save).toBeDisabled();

    const name = screen.getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'Night Desk');
    await user.click(save);

    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('PATCH');
    expect(calls[0]?.body).toEqual({ name: 'Night Desk' });
    expect(screen.getByRole('status')).toHaveTextContent('Saved.');
  });

  it('sends the nested model when the temperature changes', async () => {
    const original = makeAssistant();
    const { calls } = mockFetch([['PATCH', '/api/assistants/a1', { body: original }]]);
    renderWithQueryClient(<AssistantEditor original={original} onSaved={() => {}} />);
    const user = userEvent.setup();
    const temp = screen.getByLabelText('Temperature');
    await user.clear(temp);
    await user.type(temp, '0.7');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    const body = calls[0]?.body as { model: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['model']);
    expect(body.model['temperature']).toBe(0.7);
    expect(body.model['provider']).toBe('openai');
    expect(body.model['toolIds']).toEqual(['tool-1']);
  });

  it('validates numbers before sending', async () => {
    const { calls } = mockFetch([]);
    renderWithQueryClient(<AssistantEditor original={makeAssistant()} onSaved={() => {}} />);
    const user = userEvent.setup();
    const temp = screen.getByLabelText('Temperature');
    await user.clear(temp);
    await user.type(temp, '5');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('Temperature must be a number from 0 to 2.')).toBeInTheDocument();
    expect(calls).toHaveLength(0);
  });

  it('shows a VAPI error in words', async () => {
    mockFetch([['PATCH', '/api/assistants/a1', { status: 502, body: { error: 'VAPI: voice.voiceId is not a valid voice' } }]]);
    renderWithQueryClient(<AssistantEditor original={makeAssistant()} onSaved={() => {}} />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Voice id'), 'x');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not save: VAPI: voice.voiceId is not a valid voice');
  });

  it('loads an assistant, connects it and deletes it', async () => {
    const { calls } = mockFetch([
      ['GET', '/api/assistants/a1', { body: makeAssistant() }],
      ['POST', '/api/assistants/a1/connect', { body: { ok: true } }],
      ['DELETE', '/api/assistants/a1', { body: makeAssistant() }],
      ['GET', '/api/assistants', { body: { assistants: [] } }],
    ]);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    renderWithQueryClient(
      <MemoryRouter initialEntries={['/assistants/a1']}>
        <Routes>
          <Route path="/assistants/:assistantId" element={<AssistantEditorPage />} />
          <Route path="/assistants" element={<p>list page</p>} />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByLabelText('System prompt')).toHaveValue('You are Riley.');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Connect to Voice Matrix' }));
    expect(await screen.findByText(/Connected\./)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Delete assistant' }));
    expect(await screen.findByText('list page')).toBeInTheDocument();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/assistants/a1',
      'POST /api/assistants/a1/connect',
      'DELETE /api/assistants/a1',
    ]);
  });
});
