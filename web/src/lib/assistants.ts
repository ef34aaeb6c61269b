import type { Assistant } from '../api/schemas';
import { api, ApiError } from '../api/client';
import { shortId } from './format';

const norm = (u: string) => u.trim().replace(/\/+$/, '');

/** Whether the assistant sends its server messages to this Voice Matrix webhook. */
export function isConnected(a: Assistant, webhookUrl: string | undefined): boolean {
  if (!webhookUrl) return false;
  const url = a.server?.url ?? a.serverUrl;
  return typeof url === 'string' && url !== '' && norm(url) === norm(webhookUrl);
}

/** Assistant id → name ('' when the assistant has no name). */
export function assistantNameMap(list: Assistant[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of list ?? []) m.set(a.id, a.name ?? '');
  return m;
}

/**
 * How to show an assistant: its name when known, else the id shortened to 8 characters + "…" with the
 * full id as `title` (ids of assistants outside the user's VAPI list, or without a name), else `fallback`.
 */
export function assistantLabel(
  id: string | null | undefined,
  names: Map<string, string> | undefined,
  fallback = '—',
): { text: string; title?: string } {
  if (!id) return { text: fallback };
  const name = names?.get(id);
  if (name) return { text: name };
  const text = shortId(id);
  return text === id ? { text } : { text, title: id };
}

/** The server's answer to VAPI calls before a key is saved: 400 {"error":"VAPI API key not configured"}. */
export function isNoVapiKey(err: unknown): boolean {
  return err instanceof ApiError && err.status === 400 && /vapi api key not configured/i.test(err.message);
}

export interface AssistantLookup {
  assistants: Assistant[];
  /** No VAPI key is saved yet, so there is no list (not an error). */
  noKey: boolean;
}

/** Assistants for name lookups and filters; names are optional, so other failures give an empty list too. */
export async function assistantLookup(): Promise<AssistantLookup> {
  try {
    return { assistants: await api.assistants(), noKey: false };
  } catch (err) {
    return { assistants: [], noKey: isNoVapiKey(err) };
  }
}
