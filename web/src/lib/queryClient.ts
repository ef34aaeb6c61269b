import { QueryClient } from '@tanstack/react-query';

/**
 * The dashboard's one data cache (App creates it once; tests create one per render). The defaults keep the
 * behaviour the pages had before the cache: an error shows at once (no retries), nothing refetches on
 * focus or reconnect (the live feed says when data changed), and a page that is left forgets its data, so
 * opening it again loads fresh data instead of showing an old copy first.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false, gcTime: 0 },
      mutations: { retry: false },
    },
  });
}
