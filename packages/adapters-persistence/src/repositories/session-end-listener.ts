import pg from 'pg';

export const SESSION_ENDED_CHANNEL = 'kindred_session_ended';

/**
 * Holds one connection that LISTENs for ended sessions (revoked or deleted,
 * on any node: a trigger sends them). While it is not connected, `connected`
 * is false and callers must not trust what they cached; it reconnects by itself.
 */
export class SessionEndListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(sessionId: string | null) => void>();
  connected = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /** `listener(id)` for each ended session; `listener(null)` when notifications may have been missed. */
  subscribe(listener: (sessionId: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect().catch((error: Error) => {
      this.onError(error);
      this.scheduleReconnect();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    this.connected = false;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      connectionTimeoutMillis: 5_000,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel === SESSION_ENDED_CHANNEL && message.payload) this.emit(message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`);
    if (this.stopped) {
      await client.end();
      return;
    }
    this.client = client;
    this.connected = true;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.connected = false;
    // Whatever was cached may have ended unseen.
    this.emit(null);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch((error: Error) => {
        this.onError(error);
        this.scheduleReconnect();
      });
    }, 1_000);
    this.retryTimer.unref();
  }

  private emit(sessionId: string | null): void {
    for (const listener of this.listeners) listener(sessionId);
  }
}
