import WebSocket from 'ws';

export interface ServerFrame {
  readonly type: string;
  readonly data: any;
  readonly id?: string;
  readonly at: string;
}

/**
 * A real WebSocket client for end-to-end tests: keeps every frame it gets and
 * waits for the next one that matches.
 */
export class SocketClient {
  readonly frames: ServerFrame[] = [];
  private readonly waiters: { match: (f: ServerFrame) => boolean; resolve: (f: ServerFrame) => void }[] = [];
  /** Index of the first frame not yet taken by `next`. */
  private taken = 0;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerFrame;
      this.frames.push(frame);
      const waiter = this.waiters.find((w) => w.match(frame));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        this.taken = this.frames.length;
        waiter.resolve(frame);
      }
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  /** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
  static open(
    baseUrl: string,
    credential: { token: string } | { ticket: string } | null,
    query: Record<string, string> = {},
  ): Promise<SocketClient> {
    const url = new URL('/api/v1/ws', baseUrl.replace(/^http/, 'ws'));
    if (credential && 'ticket' in credential) url.searchParams.set('ticket', credential.ticket);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const ws = new WebSocket(url, {
      headers: credential && 'token' in credential ? { authorization: `Bearer ${credential.token}` } : {},
    });
    const client = new SocketClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_request, response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          reject(
            Object.assign(new Error(`upgrade refused: ${response.statusCode}`), {
              status: response.statusCode,
              body: Buffer.concat(chunks).toString(),
              contentType: response.headers['content-type'],
            }),
          ),
        );
      });
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The next frame (after those already taken) of this type that matches; fails after `ms`. */
  next(type: string, match: (data: any) => boolean = () => true, ms = 5_000): Promise<ServerFrame> {
    const test = (f: ServerFrame) => f.type === type && match(f.data);
    const already = this.frames.slice(this.taken).find(test);
    if (already) {
      this.taken = this.frames.indexOf(already) + 1;
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.findIndex((w) => w.resolve === done);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new Error(
            `no ${type} frame within ${ms} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`,
          ),
        );
      }, ms);
      const done = (f: ServerFrame) => {
        clearTimeout(timer);
        resolve(f);
      };
      this.waiters.push({ match: test, resolve: done });
    });
  }

  /** Frames of this type received so far. */
  all(type: string): ServerFrame[] {
    return this.frames.filter((f) => f.type === type);
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}
