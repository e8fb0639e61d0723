import { Agent, request } from 'node:http';

// node:http on kept-alive connections rather than fetch: fetch cost a load generator about a
// millisecond of CPU per request (bench:chat's soak, bench:discovery), taken from the two cores
// the server and PostgreSQL share with it.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One request with a bearer token; answers the status and the whole body, once read. */
export function call(
  url: string,
  token: string,
  options: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<{ status: number; body: Buffer }> {
  const payload = options.body === undefined ? null : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload !== null && {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.once('error', reject);
      },
    );
    req.once('error', reject);
    req.end(payload ?? undefined);
  });
}
