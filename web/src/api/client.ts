// Typed client for docs/API.md. Same-origin fetch with the session cookie; state-changing requests
// carry X-CSRF-Token = the vm_csrf cookie (double submit). A 401 sends the user to sign-in.
import type {
  Analytics,
  Assistant,
  AssistantAnalytics,
  AssistantPatch,
  Call,
  CallsPage,
  CreatedToken,
  Me,
  RotatedSecret,
  Settings,
  SettingsUpdate,
  SyncState,
  Token,
  User,
} from './types';

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request was not valid.',
  401: 'You are not signed in.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with existing data.',
  413: 'The request is too large.',
  422: 'A field is invalid.',
  429: 'Too many requests. Wait a moment and try again.',
  502: 'VAPI returned an error.',
  503: 'The service is unavailable right now.',
  504: 'VAPI did not answer in time.',
};

/** A sentence describing any thrown value, for showing to the user. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong.';
}

export function getCookie(name: string): string | null {
  if (typeof document === 'undefined') return null;
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => {
  if (typeof window !== 'undefined' && !window.location.pathname.startsWith('/signin')) {
    window.location.assign('/signin');
  }
};

/** The app replaces the default (a full page load of /signin) with a router navigation. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** For login/signup: a 401 there means bad credentials, not "go to sign-in". */
  skipAuthRedirect?: boolean;
  signal?: AbortSignal;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Pulls a readable message out of an error body: {"error": "..."} (ours) or VAPI's {"message": ...}. */
export function messageFromBody(body: unknown): string | null {
  if (!isRecord(body)) return null;
  const e = body['error'];
  if (typeof e === 'string' && e.trim()) return e;
  const m = body['message'];
  if (typeof m === 'string' && m.trim()) return m;
  if (Array.isArray(m)) {
    const parts = m.filter((x): x is string => typeof x === 'string');
    if (parts.length) return parts.join('; ');
  }
  return null;
}

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    const csrf = getCookie('vm_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (opts.signal) init.signal = opts.signal;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(opts.body);
  }

  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the Voice Matrix server. Check your connection and try again.');
  }

  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }

  if (!res.ok) {
    const msg = messageFromBody(body) ?? STATUS_TEXT[res.status] ?? `Request failed (HTTP ${res.status}).`;
    if (res.status === 401 && !opts.skipAuthRedirect) onUnauthorized();
    throw new ApiError(res.status, msg);
  }
  return body as T;
}

function qs(params: Record<string, string | number | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

/** Accepts a bare array or an envelope {key: [...]} (the contract leaves some list shapes open). */
export function listFrom<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (isRecord(body)) {
    const v = body[key];
    if (Array.isArray(v)) return v as T[];
  }
  return [];
}

export const api = {
  // --- auth ---
  login: (email: string, password: string) =>
    request<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password }, skipAuthRedirect: true }),
  signup: (email: string, password: string) =>
    request<{ user: User }>('/api/auth/signup', { method: 'POST', body: { email, password }, skipAuthRedirect: true }),
  logout: () => request<unknown>('/api/auth/logout', { method: 'POST', skipAuthRedirect: true }),
  changePassword: (current: string, next: string) =>
    request<unknown>('/api/auth/password', { method: 'POST', body: { current, new: next } }),
  me: (opts: { skipAuthRedirect?: boolean } = {}) => request<Me>('/api/me', opts),

  // --- calls ---
  /** `query` is a query string without "?" (see lib/callsQuery). */
  calls: (query: string, signal?: AbortSignal) =>
    request<CallsPage>(`/api/calls${query ? `?${query}` : ''}`, signal ? { signal } : {}),
  call: (callId: string) => request<Call>(`/api/calls/${enc(callId)}`),

  // --- analytics ---
  analytics: (from: string, to: string) => request<Analytics>(`/api/analytics${qs({ from, to })}`),
  analyticsAssistants: async (from: string, to: string) =>
    listFrom<AssistantAnalytics>(await request<unknown>(`/api/analytics/assistants${qs({ from, to })}`), 'assistants'),

  // --- settings ---
  settings: () => request<Settings>('/api/settings/vapi'),
  saveSettings: (body: SettingsUpdate) => request<unknown>('/api/settings/vapi', { method: 'PUT', body }),
  deleteSettings: () => request<unknown>('/api/settings/vapi', { method: 'DELETE' }),
  rotateWebhookSecret: () => request<RotatedSecret>('/api/settings/webhook-secret/rotate', { method: 'POST' }),

  // --- tokens ---
  tokens: async () => listFrom<Token>(await request<unknown>('/api/tokens'), 'tokens'),
  createToken: (name: string) => request<CreatedToken>('/api/tokens', { method: 'POST', body: { name } }),
  revokeToken: (id: string) => request<unknown>(`/api/tokens/${enc(id)}`, { method: 'DELETE' }),

  // --- assistants ---
  assistants: async () => listFrom<Assistant>(await request<unknown>('/api/assistants'), 'assistants'),
  assistant: (id: string) => request<Assistant>(`/api/assistants/${enc(id)}`),
  createAssistant: (body: AssistantPatch) => request<Assistant>('/api/assistants', { method: 'POST', body }),
  updateAssistant: (id: string, body: AssistantPatch) =>
    request<Assistant>(`/api/assistants/${enc(id)}`, { method: 'PATCH', body }),
  deleteAssistant: (id: string) => request<unknown>(`/api/assistants/${enc(id)}`, { method: 'DELETE' }),
  connectAssistant: (id: string) => request<unknown>(`/api/assistants/${enc(id)}/connect`, { method: 'POST' }),

  // --- sync ---
  syncStatus: async () => listFrom<SyncState>(await request<unknown>('/api/sync'), 'syncs'),
  syncNow: () => request<{ started: boolean }>('/api/sync', { method: 'POST' }),
};

export function exportUrl(format: 'csv' | 'json', query: string): string {
  const sp = new URLSearchParams({ format });
  for (const [k, v] of new URLSearchParams(query)) {
    if (k !== 'cursor' && k !== 'limit' && k !== 'format') sp.append(k, v);
  }
  return `/api/calls/export?${sp.toString()}`;
}
