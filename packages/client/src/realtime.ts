import type { Emits } from './emitter.js';
import { KindredError } from './errors.js';
import type { ServerFrames, components } from './generated/frames.js';
import type { KindredApi } from './rest.js';
import type { Session } from './session.js';

export type Message = components['schemas']['Message'];

/** What the browser's WebSocket and Node's `ws` both offer; `options` is `ws`'s (headers), ignored by browsers. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: never) => void): void;
}
export type WebSocketConstructor = new (
  url: string,
  protocols?: string[],
  options?: { headers?: Record<string, string> },
) => WebSocketLike;

/** `type` → `data` of every server frame, from the generated AsyncAPI types. */
export type ServerEvents = { [T in keyof ServerFrames]: ServerFrames[T]['data'] };

export type ConnectionState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface RealtimeEvents extends ServerEvents {
  /** The socket's state: `live` once any replay is over; `reconnecting` with the delay before the next try. */
  connection: { readonly state: ConnectionState; readonly retryInMs?: number; readonly closeCode?: number };
}

export interface RealtimeOptions {
  readonly baseUrl: string;
  readonly session: Session;
  readonly api: KindredApi;
  readonly WebSocket: WebSocketConstructor;
  /** `ticket`: browsers (no headers on a WebSocket); `bearer`: Node's `ws`, the token in a header. */
  readonly auth: 'bearer' | 'ticket';
  readonly events: Emits<RealtimeEvents>;
  /** Send a ping when nothing arrived for this long (the server pings every 25 s). */
  readonly pingIntervalMs?: number;
  /** A ping unanswered this long: the connection is dead, and replaced. */
  readonly pongTimeoutMs?: number;
  /** Reconnect delays: random in [0, min(maxMs, initialMs · 2^attempt)] (full jitter). */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  readonly random?: () => number;
  readonly newId?: () => string;
}

interface PendingSend {
  readonly frame: { type: 'message.send'; conversationId: string; content: string; clientMessageId: string };
  readonly resolve: (message: Message) => void;
  readonly reject: (error: KindredError) => void;
  retries: number;
}

const OPEN = 1;
/** The contract's close code for a revoked session. */
export const CLOSE_SESSION_REVOKED = 4401;
/** Refusals worth sending again later (the others are final). */
const RETRYABLE = new Set(['UNAVAILABLE', 'RATE_LIMITED']);

/**
 * The member's live connection: one socket, replaced when it dies (close,
 * error or an unanswered ping) after a jittered exponential backoff, resumed
 * with `?since=<last id>` so replay fills the gap; frames already seen (by
 * id) and messages already shown (by message id) are dropped, so the app sees
 * each once. Sends are queued while offline and sent again after every
 * reconnect under the same clientMessageId, which the server answers with the
 * first message: a message is never doubled.
 */
export class Realtime {
  private socket: WebSocketLike | null = null;
  private wanted = false;
  private attempt = 0;
  private lastId: string | null = null;
  private live = false;
  /** Live at least once: a later connection without a resume point may have missed frames. */
  private wasLive = false;
  private readonly seenFrames = new RecentSet(20_000);
  private readonly seenMessages = new RecentSet(20_000);
  private readonly outbox = new Map<string, PendingSend>();
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongTimer: ReturnType<typeof setTimeout> | null = null;
  private lastFrameAt = 0;
  private liveWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private state: ConnectionState = 'idle';

  constructor(private readonly options: RealtimeOptions) {}

  get connectionState(): ConnectionState {
    return this.state;
  }

  /** The id replay resumes after (null before the first replayable frame). */
  get resumeFrom(): string | null {
    return this.lastId;
  }

  /** Opens the connection (and keeps it open); resolves once it is live the first time. */
  connect(): Promise<void> {
    this.wanted = true;
    if (this.live) return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => this.liveWaiters.push({ resolve, reject }));
    if (!this.socket && !this.reconnectTimer) void this.open();
    return ready;
  }

  /** Closes the connection for good; queued sends fail. */
  disconnect(reason = 'closed by the app'): void {
    this.wanted = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.drop(1000, reason);
    this.setState('closed');
    for (const pending of this.outbox.values())
      pending.reject(new KindredError({ status: 0, code: 'DISCONNECTED', detail: reason }));
    this.outbox.clear();
    for (const waiter of this.liveWaiters.splice(0))
      waiter.reject(new KindredError({ status: 0, code: 'DISCONNECTED', detail: reason }));
  }

  /**
   * Sends a message over the socket, now or once connected. Resolves with
   * the stored message (as every participant sees it); the same
   * clientMessageId is reused on every retry.
   */
  send(conversationId: string, content: string, clientMessageId = this.newId()): Promise<Message> {
    return new Promise<Message>((resolve, reject) => {
      const pending: PendingSend = {
        frame: { type: 'message.send', conversationId, content, clientMessageId },
        resolve,
        reject,
        retries: 0,
      };
      this.outbox.set(clientMessageId, pending);
      if (this.live) this.write(pending.frame);
    });
  }

  /** Fire and forget: typing and read markers are not queued (stale a moment later). */
  typing(conversationId: string): void {
    if (this.live) this.write({ type: 'typing', conversationId });
  }

  markRead(conversationId: string, messageId: string): void {
    if (this.live) this.write({ type: 'read', conversationId, messageId });
  }

  /** Sends still waiting for the server's answer. */
  get pendingSends(): number {
    return this.outbox.size;
  }

  private async open(): Promise<void> {
    this.setState(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: WebSocketLike;
    try {
      socket = await this.dial();
    } catch (error) {
      if (error instanceof KindredError && error.status === 401) return this.stop(error);
      return this.retryLater();
    }
    if (!this.wanted) return socket.close(1000, 'closed by the app');
    this.socket = socket;
    this.live = false;
    let opened = false;
    const onOpen = () => {
      if (opened || this.socket !== socket) return;
      opened = true;
      this.lastFrameAt = Date.now();
      this.startLiveness(socket);
      // Without `since` there is nothing to replay: live at once. Having been live before, frames
      // may have been missed (none with an id had arrived to resume from): the app refetches.
      if (this.lastId === null) {
        const missed = this.wasLive;
        this.goLive();
        if (missed) this.options.events.emit('resync', {});
      }
    };
    socket.addEventListener('open', onOpen);
    socket.addEventListener('message', (event: { data: unknown }) => {
      if (this.socket !== socket) return;
      this.lastFrameAt = Date.now();
      this.onFrame(String(event.data));
    });
    socket.addEventListener('close', (event: { code: number }) => {
      if (this.socket !== socket) return;
      this.onClosed(event.code);
    });
    socket.addEventListener('error', () => {
      // A 'close' follows every 'error'.
    });
    // Opened before the listeners were in place (a socket handed over already open).
    if (socket.readyState === OPEN) onOpen();
  }

  private async dial(): Promise<WebSocketLike> {
    const url = new URL('/api/v1/ws', this.options.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.lastId !== null) url.searchParams.set('since', this.lastId);
    const { session } = this.options;
    const token = session.requireToken(await session.accessToken());
    if (this.options.auth === 'bearer')
      return new this.options.WebSocket(url.toString(), [], {
        headers: { authorization: `Bearer ${token}` },
      });
    const { data } = await this.options.api.POST('/api/v1/ws/tickets');
    url.searchParams.set('ticket', (data as { ticket: string }).ticket);
    return new this.options.WebSocket(url.toString());
  }

  private onFrame(text: string): void {
    let frame: { type: keyof ServerFrames; data: never; id?: string };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      return;
    }
    if (frame.id !== undefined) {
      if (this.seenFrames.has(frame.id)) return;
      this.seenFrames.add(frame.id);
      this.lastId = frame.id;
    }
    const events = this.options.events;
    switch (frame.type) {
      case 'pong':
        return;
      case 'replay.done':
        events.emit('replay.done', frame.data);
        return this.goLive();
      case 'resync':
        // The gap cannot be replayed: the app refetches; from here on it is live.
        this.lastId = null;
        events.emit('resync', frame.data);
        return this.goLive();
      case 'message.new': {
        const message = frame.data as Message;
        this.settle(message);
        if (this.seenMessages.has(message.id)) return;
        this.seenMessages.add(message.id);
        return events.emit('message.new', message);
      }
      case 'error': {
        const data = frame.data as ServerEvents['error'];
        const pending =
          data.clientMessageId === undefined ? undefined : this.outbox.get(data.clientMessageId);
        if (pending && RETRYABLE.has(data.code) && pending.retries < 5) {
          pending.retries += 1;
          const delay = 500 * 2 ** pending.retries;
          setTimeout(
            () => this.live && this.outbox.has(data.clientMessageId!) && this.write(pending.frame),
            delay,
          );
          return;
        }
        if (pending) {
          this.outbox.delete(data.clientMessageId!);
          pending.reject(new KindredError({ status: 400, code: data.code, detail: data.detail }));
        }
        return events.emit('error', data);
      }
      default:
        return events.emit(frame.type, frame.data);
    }
  }

  /** The server's answer to one of our sends: the stored message. */
  private settle(message: Message): void {
    const me = this.options.session.user?.id;
    if (message.clientMessageId === null || message.sender.id !== me) return;
    const pending = this.outbox.get(message.clientMessageId);
    if (!pending || pending.frame.conversationId !== message.conversationId) return;
    this.outbox.delete(message.clientMessageId);
    pending.resolve(message);
  }

  private goLive(): void {
    if (this.live) return;
    this.live = true;
    this.wasLive = true;
    this.attempt = 0;
    this.setState('live');
    for (const pending of this.outbox.values()) this.write(pending.frame);
    for (const waiter of this.liveWaiters.splice(0)) waiter.resolve();
  }

  private onClosed(code: number): void {
    this.stopLiveness();
    this.socket = null;
    this.live = false;
    if (code === CLOSE_SESSION_REVOKED) {
      // Ask the server why with a refresh: 401 ends the session as revoked, ACCOUNT_SUSPENDED as
      // suspended (with `until`); a session that somehow still refreshes reconnects.
      const revoked = new KindredError({
        status: 401,
        code: 'SESSION_REVOKED',
        detail: 'The session was revoked',
      });
      const suspended = (error: unknown): error is KindredError =>
        error instanceof KindredError && error.code === 'ACCOUNT_SUSPENDED';
      this.options.session.refresh().then(
        (token) => (token && this.wanted ? this.retryLater(code) : this.stop(revoked)),
        async (error: unknown) => {
          if (!suspended(error)) await this.options.session.end('revoked');
          this.stop(suspended(error) ? error : revoked);
        },
      );
      return;
    }
    if (this.wanted) this.retryLater(code);
  }

  private retryLater(closeCode?: number): void {
    if (!this.wanted) return;
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 250, maxMs: 15_000 };
    const ceiling = Math.min(maxMs, initialMs * 2 ** this.attempt);
    const delay = Math.round((this.options.random ?? Math.random)() * ceiling);
    this.attempt += 1;
    this.state = 'reconnecting';
    this.options.events.emit('connection', {
      state: 'reconnecting',
      retryInMs: delay,
      ...(closeCode !== undefined && { closeCode }),
    });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.open();
    }, delay);
  }

  private stop(error: KindredError): void {
    this.wanted = false;
    this.setState('closed');
    for (const pending of this.outbox.values()) pending.reject(error);
    this.outbox.clear();
    for (const waiter of this.liveWaiters.splice(0)) waiter.reject(error);
  }

  /** A ping after a quiet spell; no frame in answer within the timeout means the connection is dead. */
  private startLiveness(socket: WebSocketLike): void {
    const interval = this.options.pingIntervalMs ?? 25_000;
    const timeout = this.options.pongTimeoutMs ?? 10_000;
    this.stopLiveness();
    this.pingTimer = setInterval(
      () => {
        if (this.socket !== socket || this.pongTimer) return;
        if (Date.now() - this.lastFrameAt < interval) return;
        const asked = Date.now();
        this.write({ type: 'ping' });
        this.pongTimer = setTimeout(() => {
          this.pongTimer = null;
          if (this.socket === socket && this.lastFrameAt < asked) {
            // Dead: do not wait for a closing handshake that will not come.
            this.drop(4000, 'no answer to ping');
            this.onClosed(1006);
          }
        }, timeout);
      },
      Math.max(50, Math.min(interval, timeout) / 2),
    );
  }

  private stopLiveness(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongTimer) clearTimeout(this.pongTimer);
    this.pingTimer = null;
    this.pongTimer = null;
  }

  private drop(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.stopLiveness();
    this.live = false;
    try {
      socket?.close(code, reason);
    } catch {
      // already closing
    }
  }

  private write(frame: object): void {
    if (this.socket && this.socket.readyState === OPEN) this.socket.send(JSON.stringify(frame));
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.events.emit('connection', { state });
  }

  private newId(): string {
    if (this.options.newId) return this.options.newId();
    const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
    if (crypto?.randomUUID) return crypto.randomUUID();
    return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  }
}

/** The last `limit` keys seen (insertion order), for dropping duplicates without growing forever. */
class RecentSet {
  private readonly keys = new Set<string>();

  constructor(private readonly limit: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.limit) this.keys.delete(this.keys.values().next().value as string);
  }
}
