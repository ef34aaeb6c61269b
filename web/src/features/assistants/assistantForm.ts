// The assistant editor's form and the minimal PATCH it produces.
//
// Top-level fields are sent only when changed. VAPI replaces nested objects on PATCH and requires
// provider + model (voice: provider + voiceId), so when any model (or voice) field changes the whole
// object is sent: the original with the edits applied, keeping messages, tools, maxTokens, etc.
import type { Assistant, AssistantModel, AssistantPatch, AssistantVoice, ModelMessage } from '../../api/schemas';

export interface AssistantForm {
  name: string;
  firstMessage: string;
  systemPrompt: string;
  modelProvider: string;
  model: string;
  temperature: string;
  voiceProvider: string;
  voiceId: string;
  endCallMessage: string;
  maxDurationSeconds: string;
}

export type FormErrors = Partial<Record<keyof AssistantForm, string>>;

export function systemPromptOf(a: Assistant): string {
  const msg = a.model?.messages?.find((m) => m.role === 'system');
  return typeof msg?.content === 'string' ? msg.content : '';
}

const numText = (n: number | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? String(n) : '');

export function formFromAssistant(a: Assistant): AssistantForm {
  return {
    name: a.name ?? '',
    firstMessage: a.firstMessage ?? '',
    systemPrompt: systemPromptOf(a),
    modelProvider: a.model?.provider ?? '',
    model: a.model?.model ?? '',
    temperature: numText(a.model?.temperature),
    voiceProvider: a.voice?.provider ?? '',
    voiceId: a.voice?.voiceId ?? '',
    endCallMessage: a.endCallMessage ?? '',
    maxDurationSeconds: numText(a.maxDurationSeconds),
  };
}

export const NEW_ASSISTANT_FORM: AssistantForm = {
  name: '',
  firstMessage: '',
  systemPrompt: '',
  modelProvider: 'openai',
  model: 'gpt-4o-mini',
  temperature: '',
  voiceProvider: 'vapi',
  voiceId: 'Elliot',
  endCallMessage: '',
  maxDurationSeconds: '',
};

export function validateForm(f: AssistantForm): FormErrors {
  const e: FormErrors = {};
  if (f.temperature.trim()) {
    const t = Number(f.temperature);
    if (!Number.isFinite(t) || t < 0 || t > 2) e.temperature = 'Temperature must be a number from 0 to 2.';
  }
  if (f.maxDurationSeconds.trim()) {
    const d = Number(f.maxDurationSeconds);
    if (!Number.isInteger(d) || d < 10 || d > 43200)
      e.maxDurationSeconds = 'Max duration must be a whole number of seconds from 10 to 43200.';
  }
  const modelTouched = f.modelProvider.trim() || f.model.trim();
  if (modelTouched && !f.modelProvider.trim()) e.modelProvider = 'Choose a model provider.';
  if (modelTouched && !f.model.trim()) e.model = 'Enter a model name.';
  const voiceTouched = f.voiceProvider.trim() || f.voiceId.trim();
  if (voiceTouched && !f.voiceProvider.trim()) e.voiceProvider = 'Choose a voice provider.';
  if (voiceTouched && !f.voiceId.trim()) e.voiceId = 'Enter a voice id.';
  return e;
}

function withSystemPrompt(messages: ModelMessage[] | undefined, prompt: string): ModelMessage[] {
  const list = messages ? messages.map((m) => ({ ...m })) : [];
  const idx = list.findIndex((m) => m.role === 'system');
  if (idx >= 0) {
    const cur = list[idx];
    if (cur) list[idx] = { ...cur, content: prompt };
  } else {
    list.unshift({ role: 'system', content: prompt });
  }
  return list;
}

const numOrUndef = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));

/** The PATCH body for the edits in `form` against `original`; {} when nothing changed. */
export function buildAssistantPatch(original: Assistant, form: AssistantForm): AssistantPatch {
  const before = formFromAssistant(original);
  const patch: AssistantPatch = {};

  if (form.name !== before.name) patch.name = form.name;
  if (form.firstMessage !== before.firstMessage) patch.firstMessage = form.firstMessage;
  if (form.endCallMessage !== before.endCallMessage) patch.endCallMessage = form.endCallMessage;
  const maxDur = numOrUndef(form.maxDurationSeconds);
  if (form.maxDurationSeconds.trim() !== before.maxDurationSeconds && maxDur !== undefined) {
    if (maxDur !== original.maxDurationSeconds) patch.maxDurationSeconds = maxDur;
  }

  const temp = numOrUndef(form.temperature);
  const modelChanged =
    form.modelProvider !== before.modelProvider ||
    form.model !== before.model ||
    form.systemPrompt !== before.systemPrompt ||
    (temp !== undefined && temp !== original.model?.temperature);
  if (modelChanged) {
    const model: AssistantModel = {
      ...(original.model ?? {}),
      provider: form.modelProvider.trim(),
      model: form.model.trim(),
    };
    if (temp !== undefined) model.temperature = temp;
    if (form.systemPrompt !== before.systemPrompt) model.messages = withSystemPrompt(original.model?.messages, form.systemPrompt);
    patch.model = model;
  }

  if (form.voiceProvider !== before.voiceProvider || form.voiceId !== before.voiceId) {
    const voice: AssistantVoice = {
      ...(original.voice ?? {}),
      provider: form.voiceProvider.trim(),
      voiceId: form.voiceId.trim(),
    };
    patch.voice = voice;
  }
  return patch;
}

/** The POST body for a new assistant: every filled-in field. */
export function buildAssistantCreate(form: AssistantForm): AssistantPatch {
  const body: AssistantPatch = {};
  if (form.name.trim()) body.name = form.name.trim();
  if (form.firstMessage.trim()) body.firstMessage = form.firstMessage;
  if (form.endCallMessage.trim()) body.endCallMessage = form.endCallMessage;
  const maxDur = numOrUndef(form.maxDurationSeconds);
  if (maxDur !== undefined) body.maxDurationSeconds = maxDur;
  if (form.modelProvider.trim() && form.model.trim()) {
    const model: AssistantModel = { provider: form.modelProvider.trim(), model: form.model.trim() };
    const temp = numOrUndef(form.temperature);
    if (temp !== undefined) model.temperature = temp;
    if (form.systemPrompt.trim()) model.messages = [{ role: 'system', content: form.systemPrompt }];
    body.model = model;
  }
  if (form.voiceProvider.trim() && form.voiceId.trim()) {
    body.voice = { provider: form.voiceProvider.trim(), voiceId: form.voiceId.trim() };
  }
  return body;
}

export const MODEL_PROVIDERS = ['openai', 'anthropic', 'google', 'groq', 'azure-openai', 'together-ai', 'deepseek', 'custom-llm'];
export const VOICE_PROVIDERS = ['vapi', '11labs', 'azure', 'cartesia', 'openai', 'playht', 'deepgram', 'rime-ai', 'lmnt'];
