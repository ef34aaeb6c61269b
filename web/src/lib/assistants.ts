import type { Assistant } from '../api/types';
import { api } from '../api/client';

const norm = (u: string) => u.trim().replace(/\/+$/, '');

/** Whether the assistant sends its server messages to this Voice Matrix webhook. */
export function isConnected(a: Assistant, webhookUrl: string | undefined): boolean {
  if (!webhookUrl) return false;
  const url = a.server?.url ?? a.serverUrl;
  return typeof url === 'string' && url !== '' && norm(url) === norm(webhookUrl);
}

export function assistantNameMap(list: Assistant[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of list ?? []) m.set(a.id, a.name || a.id);
  return m;
}

/** Assistants for name lookups; an empty list when the key is missing or VAPI fails (names are optional). */
export async function assistantsOrEmpty(): Promise<Assistant[]> {
  try {
    return await api.assistants();
  } catch {
    return [];
  }
}
