import pg from 'pg';

/** Channels that triggers notify with the id of the row that changed. */
export const CHANGE_CHANNELS = {
  /** A session was revoked or deleted. */
  sessionEnded: 'kindred_session_ended',
  /** A user row was updated or deleted. */
  userChanged: 'kindred_user_changed',
} as const;

export type ChangeChannel = (typeof CHANGE_CHANNELS)[keyof typeof CHANGE_CHANNELS];

/**
 * Holds one connection that LISTENs to the change channels, so that every
 * node hears of rows changed by any node (triggers send the notices). While
 * it is not connected `connected` is false and callers must not trust what
 * they cached; it reconnects by itself.
 */
export class ChangeNotifications {
  private client: pg.Client | null = null;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly listeners = new Map<ChangeChannel, Set<(id: string | null) => void>>();
  connected = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  /** `listener(id)` for each changed row; `listener(null)` when notices may have been missed. */
  subscribe(channel: ChangeChannel, listener: (id: string | null) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
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
      if (message.payload) this.emit(message.channel as ChangeChannel, message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    for (const channel of Object.values(CHANGE_CHANNELS)) await client.query(`LISTEN ${channel}`);
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
    // Whatever was cached may have changed unseen.
    for (const channel of this.listeners.keys()) this.emit(channel, null);
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

  private emit(channel: ChangeChannel, id: string | null): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(id);
  }
}
