// Typed client for docs/API.md. Same-origin fetch with the session cookie; state-changing requests
// carry X-CSRF-Token = the vm_csrf cookie (double submit). A 401 sends the user to sign-in.
import type { z } from 'zod';
import {
  AnalyticsSchema,
  AssistantAnalyticsListSchema,
  AssistantListSchema,
  AssistantSchema,
  CallSchema,
  CallsPageSchema,
  CreatedTokenSchema,
  IgnoredSchema,
  MeSchema,
  RotatedSecretSchema,
  SettingsSchema,
  SignedInSchema,
  SyncListSchema,
  SyncStartedSchema,
  TokenListSchema,
  type AssistantPatch,
  type SettingsUpdate,
} from './schemas';

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

/** The parsed JSON body of a successful answer (null when empty); throws ApiError otherwise. */
export async function request(path: string, opts: RequestOptions = {}): Promise<unknown> {
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
  return body;
}

/** Thrown when a successful answer does not have the shape its endpoint promises (contract drift). */
export class ResponseShapeError extends ApiError {
  constructor(status: number, what: string, issue: string) {
    super(status, `The server's answer to ${what} is not in the expected format (${issue}). Reload the page; if it persists, the dashboard and the server versions do not match.`);
    this.name = 'ResponseShapeError';
  }
}

function describeIssue(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'unknown difference';
  const where = first.path.length ? first.path.map(String).join('.') : 'the body';
  return `${where}: ${first.message}`;
}

/** `request`, then the body checked against the endpoint's schema. */
export async function fetchParsed<S extends z.ZodType>(path: string, schema: S, opts: RequestOptions = {}): Promise<z.infer<S>> {
  const body = await request(path, opts);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ResponseShapeError(200, `${opts.method ?? 'GET'} ${path.split('?')[0] ?? path}`, describeIssue(parsed.error));
  return parsed.data;
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

const get = fetchParsed;

export const api = {
  // --- auth ---
  login: (email: string, password: string) =>
    get('/api/auth/login', SignedInSchema, { method: 'POST', body: { email, password }, skipAuthRedirect: true }),
  signup: (email: string, password: string) =>
    get('/api/auth/signup', SignedInSchema, { method: 'POST', body: { email, password }, skipAuthRedirect: true }),
  logout: () => get('/api/auth/logout', IgnoredSchema, { method: 'POST', skipAuthRedirect: true }),
  changePassword: (current: string, next: string) =>
    get('/api/auth/password', IgnoredSchema, { method: 'POST', body: { current, new: next } }),
  me: (opts: { skipAuthRedirect?: boolean; signal?: AbortSignal } = {}) => get('/api/me', MeSchema, opts),

  // --- calls ---
  /** `query` is a query string without "?" (see features/calls/callsQuery). */
  calls: (query: string, signal?: AbortSignal) =>
    get(`/api/calls${query ? `?${query}` : ''}`, CallsPageSchema, signal ? { signal } : {}),
  call: (callId: string, signal?: AbortSignal) => get(`/api/calls/${enc(callId)}`, CallSchema, signal ? { signal } : {}),

  // --- analytics ---
  analytics: (from: string, to: string, signal?: AbortSignal) =>
    get(`/api/analytics${qs({ from, to })}`, AnalyticsSchema, signal ? { signal } : {}),
  analyticsAssistants: async (from: string, to: string, signal?: AbortSignal) =>
    (await get(`/api/analytics/assistants${qs({ from, to })}`, AssistantAnalyticsListSchema, signal ? { signal } : {})).assistants,

  // --- settings ---
  settings: () => get('/api/settings/vapi', SettingsSchema),
  saveSettings: (body: SettingsUpdate) => get('/api/settings/vapi', IgnoredSchema, { method: 'PUT', body }),
  deleteSettings: () => get('/api/settings/vapi', IgnoredSchema, { method: 'DELETE' }),
  rotateWebhookSecret: () => get('/api/settings/webhook-secret/rotate', RotatedSecretSchema, { method: 'POST' }),

  // --- tokens ---
  tokens: async () => (await get('/api/tokens', TokenListSchema)).tokens,
  createToken: (name: string) => get('/api/tokens', CreatedTokenSchema, { method: 'POST', body: { name } }),
  revokeToken: (id: string) => get(`/api/tokens/${enc(id)}`, IgnoredSchema, { method: 'DELETE' }),

  // --- assistants ---
  assistants: async () => (await get('/api/assistants', AssistantListSchema)).assistants,
  assistant: (id: string) => get(`/api/assistants/${enc(id)}`, AssistantSchema),
  createAssistant: (body: AssistantPatch) => get('/api/assistants', AssistantSchema, { method: 'POST', body }),
  updateAssistant: (id: string, body: AssistantPatch) =>
    get(`/api/assistants/${enc(id)}`, AssistantSchema, { method: 'PATCH', body }),
  deleteAssistant: (id: string) => get(`/api/assistants/${enc(id)}`, IgnoredSchema, { method: 'DELETE' }),
  connectAssistant: (id: string) => get(`/api/assistants/${enc(id)}/connect`, IgnoredSchema, { method: 'POST' }),

  // --- sync ---
  syncStatus: async () => (await get('/api/sync', SyncListSchema)).syncs,
  syncNow: () => get('/api/sync', SyncStartedSchema, { method: 'POST' }),
};

export function exportUrl(format: 'csv' | 'json', query: string): string {
  const sp = new URLSearchParams({ format });
  for (const [k, v] of new URLSearchParams(query)) {
    if (k !== 'cursor' && k !== 'limit' && k !== 'format') sp.append(k, v);
  }
  return `/api/calls/export?${sp.toString()}`;
}
