import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import { KindredError } from './errors.js';
import type { paths } from './generated/openapi.js';
import type { Session } from './session.js';

export type KindredApi = Client<paths>;

/** Routes that authenticate by what they carry, not by the session's token. */
const OWN_CREDENTIALS =
  /^\/api\/v1\/auth\/(login|refresh|register|verify-email|password-reset|username-available)/;

/**
 * openapi-fetch over the generated `paths`: every operation typed from
 * /openapi.json. A middleware adds the session's token (refreshed first when
 * it is about to expire), retries once after a 401 with a fresh token, and
 * turns every failure into a KindredError, so `data` is always the success body.
 */
export function createApi(options: {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly session: Session;
  readonly credentials: 'include' | 'same-origin' | 'omit';
}): KindredApi {
  const { session } = options;
  const retries = new WeakMap<Request, { copy: Request; token: string }>();
  const auth: Middleware = {
    async onRequest({ request }) {
      if (OWN_CREDENTIALS.test(new URL(request.url).pathname) || request.headers.has('authorization'))
        return request;
      const token = await session.accessToken();
      if (!token) return request;
      request.headers.set('authorization', `Bearer ${token}`);
      retries.set(request, { copy: request.clone(), token });
      return request;
    },
    async onResponse({ request, response }) {
      const retry = retries.get(request);
      if (response.status === 401 && retry) {
        const fresh = await session.afterUnauthorized(retry.token);
        if (fresh) {
          retry.copy.headers.set('authorization', `Bearer ${fresh}`);
          const again = await send(options.fetch, retry.copy);
          if (!again.ok) throw await KindredError.fromResponse(again);
          return again;
        }
      }
      if (!response.ok) {
        const error = await KindredError.fromResponse(response);
        // Suspended or banned: the session is over, and the app is told why (with `until`).
        if (error.code === 'ACCOUNT_SUSPENDED') await session.end('suspended', error.problem?.until ?? null);
        throw error;
      }
      return response;
    },
    onError({ error }) {
      return error instanceof KindredError ? error : KindredError.network(error);
    },
  };
  const client = createFetchClient<paths>({
    baseUrl: options.baseUrl.replace(/\/$/, ''),
    fetch: (request: Request) => send(options.fetch, request),
    credentials: options.credentials,
  });
  client.use(auth);
  return client;
}

async function send(fetchImpl: typeof fetch, request: Request): Promise<Response> {
  try {
    return await fetchImpl(request);
  } catch (error) {
    throw KindredError.network(error);
  }
}
