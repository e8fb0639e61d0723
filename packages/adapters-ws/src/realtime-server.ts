import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { DomainError } from '@kindred/domain';
import type {
  AccessClaims,
  Clock,
  Delivery,
  EventBus,
  EventLog,
  Frame,
  PresenceRegistry,
  UseCases,
} from '@kindred/domain';
import { parseClientFrame, presentMessage, type ClientFrame, type ServerFrame } from '@kindred/protocol';
import { TokenBucket } from './token-bucket.js';
import { frameOf } from './logged-frames.js';

/**
 * The use cases a socket reaches: the same ones HTTP calls, so the rules and
 * frames are the same. Structural (`execute` alone), so an embedder or a test
 * can hand in its own.
 */
export type SocketUseCases = {
  readonly [
    K in
      | 'authenticate'
      | 'redeemSocketTicket'
      | 'sendMessage'
      | 'markConversationRead'
      | 'sendTyping'
      | 'announcePresence'
  ]: Pick<UseCases[K], 'execute'>;
};

export interface RealtimeOptions {
  readonly path?: string;
  readonly useCases: SocketUseCases;
  readonly clock: Clock;
  readonly eventLog: EventLog;
  /** Where replayed frames' picture URLs point (read at each replay: known once the server listens). */
  readonly mediaBaseUrl: () => string;
  readonly bus: EventBus;
  readonly presence: PresenceRegistry;
  /** Client frames per second per socket; null: unlimited. */
  readonly framesPerSecond: number | null;
  readonly maxPayloadBytes?: number;
  readonly heartbeatMs?: number;
  /** A socket whose unsent frames exceed this is closed (a slow consumer). */
  readonly maxBufferedBytes?: number;
  readonly log: {
    warn(object: object, message: string): void;
    debug(object: object, message: string): void;
  };
}

interface Client {
  readonly ws: WebSocket;
  readonly claims: AccessClaims;
  readonly bucket: TokenBucket | null;
  /** Live frames held while the replay is read; null once live. */
  pending: Frame[] | null;
  /** Frames up to this id were replayed: the same frames arriving live are dropped. */
  replayedUpTo: bigint;
  alive: boolean;
  /** The socket's last `message.send`, settled: the next one waits for it (messages keep their order). */
  sending: Promise<void>;
}

const REPLAY_PAGE = 500;
const MAX_PENDING = 10_000;
/** 4401: the session was revoked (the contract's code). */
export const CLOSE_SESSION_REVOKED = 4401;
/** 1008 (policy violation): the socket did not read its frames. */
export const CLOSE_TOO_SLOW = 1008;

/**
 * `/api/v1/ws`: authenticates at the upgrade (HTTP 401 before any socket),
 * keeps every member's sockets, replays what a reconnecting client missed
 * (`?since=`), pushes what the event bus carries, answers client frames
 * through `actions`, and closes sockets of revoked sessions with 4401. Holds
 * no business rule.
 */
export class RealtimeServer {
  private readonly wss: WebSocketServer;
  private readonly byUser = new Map<string, Set<Client>>();
  private readonly bySession = new Map<string, Set<Client>>();
  private framesDelivered = 0;
  private readonly presenceQueue = new Map<string, Promise<void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private readonly path: string;
  private readonly maxBuffered: number;
  private closing = false;

  constructor(private readonly options: RealtimeOptions) {
    this.path = options.path ?? '/api/v1/ws';
    this.maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxPayloadBytes ?? 64 * 1024,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.unsubscribe = options.bus.subscribe((deliveries) => this.deliver(deliveries));
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 25_000);
    this.heartbeat.unref();
  }

  /** Takes over the upgrade requests of `server` for the WebSocket path. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      void this.upgrade(request, socket, head);
    });
  }

  /** Closes the sockets of a revoked session (on every node: each hears of it). */
  closeSession(sessionId: string): void {
    for (const client of this.bySession.get(sessionId) ?? [])
      client.ws.close(CLOSE_SESSION_REVOKED, 'session revoked');
  }

  /** When revocation notices may have been missed: re-checks every session still holding sockets. */
  async recheckSessions(isLive: (sessionId: string) => Promise<boolean>): Promise<void> {
    for (const sessionId of [...this.bySession.keys()]) {
      if (!(await isLive(sessionId).catch(() => true))) this.closeSession(sessionId);
    }
  }

  get socketCount(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    this.unsubscribe();
    const clients = [...this.byUser.values()].flatMap((set) => [...set]);
    for (const client of clients) client.ws.close(1001, 'server shutting down');
    await Promise.all(clients.map((client) => this.untrack(client)));
    await this.presenceSettled();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== this.path || this.closing)
      return refuse(socket, 404, 'NOT_FOUND', 'No WebSocket here');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const ticket = url.searchParams.get('ticket');
    let claims: AccessClaims;
    try {
      if (bearer) claims = await this.options.useCases.authenticate.execute({ accessToken: bearer });
      else if (ticket) claims = await this.options.useCases.redeemSocketTicket.execute({ ticket });
      else return refuse(socket, 401, 'UNAUTHENTICATED', 'Send a bearer token or a ticket');
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ACCOUNT_SUSPENDED')
        return refuse(socket, 403, 'ACCOUNT_SUSPENDED', (error as Error).message);
      const unavailable = code === 'UNAVAILABLE';
      return unavailable
        ? refuse(socket, 503, 'UNAVAILABLE', 'A dependency is unavailable; retry shortly')
        : refuse(socket, 401, 'UNAUTHENTICATED', 'The credential is not valid');
    }
    const since = url.searchParams.get('since');
    this.wss.handleUpgrade(request, socket, head, (ws) => void this.connected(ws, claims, since));
  }

  private async connected(ws: WebSocket, claims: AccessClaims, since: string | null): Promise<void> {
    const client: Client = {
      ws,
      claims,
      bucket: this.options.framesPerSecond === null ? null : new TokenBucket(this.options.framesPerSecond),
      pending: since === null ? null : [],
      replayedUpTo: -1n,
      alive: true,
      sending: Promise.resolve(),
    };
    this.track(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('message', (data, isBinary) => void this.onFrame(client, isBinary ? null : data.toString()));
    ws.on('close', () => void this.untrack(client));
    ws.on('error', (error) => this.options.log.debug({ err: error }, 'socket error'));
    this.presenceChanged(claims.userId, true);
    if (since !== null) await this.replay(client, since);
  }

  /** Replays what followed `since`, then `replay.done`, then what arrived meanwhile. */
  private async replay(client: Client, since: string): Promise<void> {
    let cursor = since;
    try {
      for (;;) {
        const frames = await this.options.eventLog.after(client.claims.userId, cursor, REPLAY_PAGE);
        if (frames === null) {
          this.write(client, this.frame('resync', {}));
          break;
        }
        const base = this.options.mediaBaseUrl();
        for (const entry of frames) {
          const frame = frameOf(entry, client.claims.userId, base);
          if (frame) this.write(client, frame);
        }
        if (frames.length > 0) cursor = frames.at(-1)!.id!;
        if (frames.length < REPLAY_PAGE) {
          client.replayedUpTo = BigInt(cursor);
          this.write(client, this.frame('replay.done', { lastId: cursor }));
          break;
        }
      }
    } catch (error) {
      this.options.log.warn({ err: error }, 'replay failed; the client is told to resync');
      this.write(client, this.frame('resync', {}));
    }
    const pending = client.pending ?? [];
    client.pending = null;
    for (const frame of pending) this.send(client, frame);
  }

  private deliver(deliveries: readonly Delivery[]): void {
    for (const { userId, frame } of deliveries) {
      for (const client of this.byUser.get(userId) ?? []) this.send(client, frame);
    }
  }

  private send(client: Client, frame: Frame): void {
    if (client.pending) {
      if (client.pending.length >= MAX_PENDING) return this.tooSlow(client);
      client.pending.push(frame);
      return;
    }
    if (frame.id !== undefined && BigInt(frame.id) <= client.replayedUpTo) return;
    this.write(client, frame);
  }

  private write(client: Client, frame: Frame): void {
    if (client.ws.readyState !== client.ws.OPEN) return;
    if (client.ws.bufferedAmount > this.maxBuffered) return this.tooSlow(client);
    client.ws.send(JSON.stringify(frame));
    this.framesDelivered += 1;
  }

  /** Sockets open on this node and frames written to them since start (for the metrics). */
  stats(): { sockets: number; framesDelivered: number } {
    let sockets = 0;
    for (const clients of this.byUser.values()) sockets += clients.size;
    return { sockets, framesDelivered: this.framesDelivered };
  }

  /**
   * A socket that does not read its frames: no more frames for it, a close
   * with 1008 (policy) so the client knows to resume, and the connection cut
   * if the close cannot get through either.
   */
  private tooSlow(client: Client): void {
    if (this.untracked.has(client)) return;
    this.options.log.warn({ userId: client.claims.userId }, 'closing a socket that does not keep up');
    void this.untrack(client);
    client.ws.close(CLOSE_TOO_SLOW, 'not keeping up');
    setTimeout(() => client.ws.terminate(), 1000).unref();
  }

  private async onFrame(client: Client, text: string | null): Promise<void> {
    client.alive = true;
    if (client.bucket && !client.bucket.take())
      return this.error(client, 'RATE_LIMITED', 'At most 20 frames per second');
    if (text === null) return this.error(client, 'VALIDATION_FAILED', 'Frames are JSON text');
    const parsed = parseClientFrame(text);
    if (!parsed.ok) return this.error(client, 'VALIDATION_FAILED', parsed.detail, parsed.clientMessageId);
    const frame: ClientFrame = parsed.frame;
    const { useCases } = this.options;
    const { userId } = client.claims;
    try {
      switch (frame.type) {
        case 'ping':
          return this.write(client, this.frame('pong', {}));
        case 'typing':
          return await useCases.sendTyping.execute({ userId, conversationId: frame.conversationId });
        case 'read':
          return await useCases.markConversationRead.execute({
            viewerId: userId,
            conversationId: frame.conversationId,
            messageId: frame.messageId,
          });
        case 'message.send': {
          // One socket's messages are stored in the order they were sent: each waits for the one
          // before it (sends of different sockets still go together into one batch).
          const sent = client.sending.then(() =>
            useCases.sendMessage.execute({
              senderId: userId,
              to: { conversationId: frame.conversationId },
              content: frame.content,
              clientMessageId: frame.clientMessageId ?? null,
            }),
          );
          // Settled to nothing: holding the message until the socket's next send (~200 ms in the
          // soak, seconds for a person) made it outlive two young collections, into the old generation.
          client.sending = sent.then(
            () => undefined,
            () => undefined,
          );
          const { message, created } = await sent;
          // A replay (same clientMessageId, same content) told nobody: this socket alone gets the first message.
          if (!created) this.write(client, this.frame('message.new', presentMessage(message)));
          return;
        }
      }
    } catch (error) {
      const clientMessageId =
        frame.type === 'message.send' ? (frame.clientMessageId ?? undefined) : undefined;
      // The domain's own errors carry the contract's codes; anything else is ours, not the client's.
      if (error instanceof DomainError) return this.error(client, error.code, error.message, clientMessageId);
      this.options.log.warn({ err: error }, 'a client frame failed');
      this.error(client, 'UNAVAILABLE', 'Something failed on our side; retry shortly', clientMessageId);
    }
  }

  /** A frame that is not replayed (no id), stamped with the clock's time. */
  private frame<T extends ServerFrame['type']>(
    type: T,
    data: Extract<ServerFrame, { type: T }>['data'],
  ): Frame {
    return { type, data, at: this.options.clock.now().toISOString() };
  }

  private error(client: Client, code: string, detail: string, clientMessageId?: string): void {
    this.write(
      client,
      this.frame('error', { code, detail, ...(clientMessageId !== undefined && { clientMessageId }) }),
    );
  }

  private beat(): void {
    for (const set of this.byUser.values()) {
      for (const client of set) {
        if (!client.alive) {
          client.ws.terminate();
          continue;
        }
        client.alive = false;
        client.ws.ping();
      }
    }
  }

  private track(client: Client): void {
    addTo(this.byUser, client.claims.userId, client);
    addTo(this.bySession, client.claims.sessionId, client);
  }

  private untracked = new WeakSet<Client>();

  private async untrack(client: Client): Promise<void> {
    if (this.untracked.has(client)) return;
    this.untracked.add(client);
    removeFrom(this.byUser, client.claims.userId, client);
    removeFrom(this.bySession, client.claims.sessionId, client);
    this.presenceChanged(client.claims.userId, false);
  }

  /** Counted in the shared registry; the member's connections hear of a first open or last close anywhere. */
  private presenceChanged(userId: string, opened: boolean): void {
    const registry = this.options.presence;
    // One member's opens and closes are recorded in order (a quick open/close must not end "online").
    const previous = this.presenceQueue.get(userId) ?? Promise.resolve();
    const next = previous
      .then(() => (opened ? registry.connected(userId) : registry.disconnected(userId)))
      .then((changed) =>
        changed ? this.options.useCases.announcePresence.execute({ userId, online: opened }) : undefined,
      )
      .catch((error: unknown) => this.options.log.warn({ err: error }, 'presence could not be recorded'))
      .finally(() => {
        if (this.presenceQueue.get(userId) === next) this.presenceQueue.delete(userId);
      });
    this.presenceQueue.set(userId, next);
  }

  /** Waits until every presence change so far is recorded (for a graceful stop). */
  private async presenceSettled(): Promise<void> {
    await Promise.all(this.presenceQueue.values());
  }
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/** An HTTP answer on the raw socket, before any WebSocket exists. */
function refuse(socket: Duplex, status: number, code: string, detail: string): void {
  const title =
    { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ??
    'Error';
  const body = JSON.stringify({ type: 'about:blank', title, status, code, detail });
  socket.end(
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `${status === 503 ? 'Retry-After: 5\r\n' : ''}Connection: close\r\n\r\n${body}`,
  );
}
