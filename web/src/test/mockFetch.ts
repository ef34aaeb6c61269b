import { vi } from 'vitest';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

type Reply = { status?: number; body?: unknown } | ((req: Recorded) => { status?: number; body?: unknown });
export type Route = [method: string, path: string | RegExp, reply: Reply];

/** Stubs global fetch with a tiny router; unmatched requests get 404 {"error":"no mock"}. */
export function mockFetch(routes: Route[]) {
  const calls: Recorded[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    const h = init?.headers;
    if (h && !(h instanceof Headers) && !Array.isArray(h)) Object.assign(headers, h);
    const rec: Recorded = {
      method,
      url,
      headers,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      credentials: init?.credentials,
    };
    calls.push(rec);
    const path = url.split('?')[0] ?? url;
    for (const [m, p, reply] of routes) {
      if (m !== method) continue;
      if (typeof p === 'string' ? p !== path : !p.test(url)) continue;
      const r = typeof reply === 'function' ? reply(rec) : reply;
      const status = r.status ?? 200;
      const nullBody = status === 204 || status === 205 || status === 304;
      return new Response(r.body === undefined || nullBody ? null : JSON.stringify(r.body), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(JSON.stringify({ error: 'no mock' }), { status: 404 });
  });
  vi.stubGlobal('fetch', fn);
  return { calls, fn };
}
