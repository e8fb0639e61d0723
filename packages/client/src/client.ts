import { Emitter, type Emits } from './emitter.js';
import { Realtime, type Message, type RealtimeEvents, type WebSocketConstructor } from './realtime.js';
import { createApi, type KindredApi } from './rest.js';
import { Session, type Me, type SessionEvents } from './session.js';
import { MemoryTokenStorage, type TokenStorage } from './token-storage.js';

export type KindredEvents = RealtimeEvents & SessionEvents;

export interface KindredClientOptions {
  /** Where the API answers, e.g. `https://api.kindred.example`. */
  readonly baseUrl: string;
  /**
   * `cookie` (the default in browsers): the refresh token lives in the
   * server's HttpOnly cookie, nothing secret in script-readable storage.
   * `token` (the default elsewhere): the refresh token is kept in `storage`.
   */
  readonly mode?: 'cookie' | 'token';
  /** Token mode: where the refresh token is kept (memory by default). */
  readonly storage?: TokenStorage;
  readonly fetch?: typeof fetch;
  /** The WebSocket class: the browser's by default; in Node pass `ws`'s. */
  readonly WebSocket?: WebSocketConstructor;
  /** How sockets authenticate: `bearer` with a WebSocket that takes headers (`ws`), else `ticket`. */
  readonly socketAuth?: 'bearer' | 'ticket';
  readonly realtime?: {
    readonly pingIntervalMs?: number;
    readonly pongTimeoutMs?: number;
    readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  };
}

/**
 * Kindred for browsers and Node: `api` (every operation of /openapi.json,
 * typed), the session (log in, refresh, log out), and real time (`connect`,
 * `on(type, …)`, `sendMessage`).
 */
export class KindredClient {
  readonly api: KindredApi;
  private readonly events = new Emitter<KindredEvents>();
  private readonly session: Session;
  private readonly realtime: Realtime;

  constructor(options: KindredClientOptions) {
    const inBrowser = typeof (globalThis as { document?: unknown }).document !== 'undefined';
    const mode = options.mode ?? (inBrowser ? 'cookie' : 'token');
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.session = new Session({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      mode,
      storage: options.storage ?? new MemoryTokenStorage(),
      events: this.events as Emits<SessionEvents>,
      now: () => Date.now(),
    });
    this.api = createApi({
      baseUrl: options.baseUrl,
      fetch: fetchImpl,
      session: this.session,
      credentials: mode === 'cookie' ? 'include' : 'same-origin',
    });
    const WebSocketClass =
      options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket ?? null;
    this.realtime = new Realtime({
      baseUrl: options.baseUrl,
      session: this.session,
      api: this.api,
      WebSocket: WebSocketClass ?? missingWebSocket,
      auth: options.socketAuth ?? (options.WebSocket && !inBrowser ? 'bearer' : 'ticket'),
      events: this.events as Emits<RealtimeEvents>,
      ...options.realtime,
    });
    // A session that ends ends its connection.
    this.events.on('session.ended', () => this.realtime.disconnect('the session ended'));
  }

  /** Listens to a server frame (`message.new`, `notification`, …), `connection` or a session event. */
  on<K extends keyof KindredEvents>(type: K, listener: (value: KindredEvents[K]) => void): () => void {
    return this.events.on(type, listener);
  }

  once<K extends keyof KindredEvents>(type: K, listener: (value: KindredEvents[K]) => void): () => void {
    return this.events.once(type, listener);
  }

  /** The member logged in, or null. */
  get user(): Me | null {
    return this.session.user;
  }

  logIn(username: string, password: string): Promise<Me> {
    return this.session.logIn(username, password);
  }

  /** Continues a session the browser's cookie (or the token storage) still holds; null when there is none. */
  resume(): Promise<Me | null> {
    return this.session.resume();
  }

  /** Ends the session on the server and here; the connection closes. */
  logOut(): Promise<void> {
    return this.session.logOut();
  }

  /** A valid access token (refreshed first if it is about to expire), for calls made outside the SDK. */
  accessToken(): Promise<string | null> {
    return this.session.accessToken();
  }

  /** Opens the live connection; resolves once it is live. It reconnects and resumes by itself. */
  connect(): Promise<void> {
    return this.realtime.connect();
  }

  disconnect(): void {
    this.realtime.disconnect();
  }

  get connectionState() {
    return this.realtime.connectionState;
  }

  /** Sends over the socket (queued while offline); resolves with the stored message, never doubled. */
  sendMessage(
    conversationId: string,
    content: string,
    options: { clientMessageId?: string } = {},
  ): Promise<Message> {
    return this.realtime.send(conversationId, content, options.clientMessageId);
  }

  typing(conversationId: string): void {
    this.realtime.typing(conversationId);
  }

  markRead(conversationId: string, messageId: string): void {
    this.realtime.markRead(conversationId, messageId);
  }

  get pendingSends(): number {
    return this.realtime.pendingSends;
  }
}

export function createKindredClient(options: KindredClientOptions): KindredClient {
  return new KindredClient(options);
}

const missingWebSocket = class {
  constructor() {
    throw new Error('No WebSocket here: pass `WebSocket` (in Node: the `ws` package) to createKindredClient');
  }
} as unknown as WebSocketConstructor;
