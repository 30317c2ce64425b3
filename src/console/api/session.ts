import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SessionInfo } from '../../shared/accounts.ts';
import { ApiError, api, setCsrfToken } from './client.ts';

/** The session's request: the signed-in session, or null when signed out. */
export const sessionQuery = {
  queryKey: ['session'],
  queryFn: async (): Promise<SessionInfo | null> => {
    try {
      const info = await api<SessionInfo>('GET', '/api/console/auth/session');
      setCsrfToken(info.csrfToken);
      return info;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  retry: false,
};

/** The signed-in session, or null when signed out. */
export function useSession() {
  return useQuery(sessionQuery);
}

export function useSetSession() {
  const client = useQueryClient();
  return (info: SessionInfo | null) => {
    if (info) setCsrfToken(info.csrfToken);
    client.setQueryData(['session'], info);
  };
}
