import type { Emits } from './emitter.js';
import { CLIENT_CODES, KindredError } from './errors.js';
import type { components } from './generated/openapi.js';
import type { TokenStorage } from './token-storage.js';

export type Me = components['schemas']['Me'];
type TokenPair = components['schemas']['TokenPair'];

/** Why a session ended: the member logged out here, or the server ended it (elsewhere, by a password change, a moderator). */
export type SessionEndReason = 'logged-out' | 'revoked' | 'expired' | 'suspended';

export interface SessionEvents {
  'session.started': { readonly user: Me };
  /** `until`: for `suspended`, when the suspension ends (null for a ban). */
  'session.ended': { readonly reason: SessionEndReason; readonly until?: string | null };
  'session.refreshed': { readonly expiresAt: number };
}

export interface SessionOptions {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  /** `cookie`: browsers, the refresh token stays in the HttpOnly cookie; `token`: Node, kept in `storage`. */
  readonly mode: 'cookie' | 'token';
  readonly storage: TokenStorage;
  readonly events: Emits<SessionEvents>;
  /** Milliseconds since the epoch (injectable for tests). */
  readonly now: () => number;
}

const REFRESH_PATH = '/api/v1/auth/refresh';

/**
 * The member's session: the access token in memory, refreshed before it
 * expires (at three quarters of its life, or a minute before) and once after
 * a 401. A refresh is single-flight: every caller waiting at that moment
 * shares it, so a refresh token is never spent twice.
 */
export class Session {
  private access: { token: string; expiresAt: number; marginMs: number } | null = null;
  private refreshing: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: Me | null = null;
  /** Bumped when the session ends: a refresh in flight from before it does not revive it. */
  private generation = 0;

  constructor(private readonly options: SessionOptions) {}

  /** The member logged in, or null. */
  get user(): Me | null {
    return this.current;
  }

  get active(): boolean {
    return this.access !== null;
  }

  async logIn(username: string, password: string): Promise<Me> {
    const pair = await this.post<TokenPair>('/api/v1/auth/login', { username, password });
    await this.start(pair);
    return pair.user;
  }

  /** Continues a session this browser (cookie) or storage (token) still holds; null when there is none. */
  async resume(): Promise<Me | null> {
    if (this.options.mode === 'token' && !(await this.options.storage.get())) return null;
    const token = await this.refresh();
    return token ? this.current : null;
  }

  /** Takes over tokens obtained elsewhere (for example a login answer the app made itself). */
  async adopt(pair: TokenPair): Promise<void> {
    await this.start(pair);
  }

  /** A valid access token, refreshed first when it is about to expire; null without a session. */
  async accessToken(): Promise<string | null> {
    if (this.refreshing) return this.refreshing;
    if (!this.access) return null;
    if (this.access.expiresAt - this.options.now() > this.access.marginMs) return this.access.token;
    return this.refresh();
  }

  /**
   * After a 401 with `token`: refreshes once (unless another call already
   * did) and answers the new token, or null when the session is over.
   */
  async afterUnauthorized(token: string): Promise<string | null> {
    if (this.refreshing) return this.refreshing;
    if (this.access && this.access.token !== token) return this.access.token;
    return this.refresh();
  }

  /** Single-flight refresh. A refusal ends the session ('expired'); no answer keeps it and throws. */
  refresh(): Promise<string | null> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async logOut(): Promise<void> {
    const token = this.access?.token;
    const refreshToken = this.options.mode === 'token' ? await this.options.storage.get() : null;
    try {
      if (token || refreshToken || this.options.mode === 'cookie')
        await this.send(
          '/api/v1/auth/logout',
          token ? undefined : refreshToken ? { refreshToken } : undefined,
          token,
        );
    } catch (error) {
      // Already over on the server: still over here.
      if (!(error instanceof KindredError && error.status === 401)) throw error;
    } finally {
      await this.end('logged-out');
    }
  }

  /** Ends the session here (the server ended it, or the app logs out without telling it). */
  async end(reason: SessionEndReason, until?: string | null): Promise<void> {
    const wasActive = this.access !== null || this.current !== null;
    this.generation += 1;
    this.access = null;
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.options.mode === 'token') await this.options.storage.clear();
    if (wasActive)
      this.options.events.emit('session.ended', {
        reason,
        ...(reason === 'suspended' && { until: until ?? null }),
      });
  }

  private async doRefresh(retried = false): Promise<string | null> {
    const generation = this.generation;
    let body: { refreshToken: string } | undefined;
    if (this.options.mode === 'token') {
      const refreshToken = await this.options.storage.get();
      if (!refreshToken) {
        // Another client sharing the storage logged out: over elsewhere.
        await this.end(this.access ? 'revoked' : 'expired');
        return null;
      }
      body = { refreshToken };
    }
    let pair: TokenPair;
    try {
      pair = await this.post<TokenPair>(REFRESH_PATH, body);
    } catch (error) {
      if (error instanceof KindredError && error.status === 401) {
        // Another tab (one cookie) or client (one storage) may have just rotated the token we sent:
        // the server refuses a reuse within its grace period. Once more, with what it left us.
        if (!retried && generation === this.generation && (await this.mayHaveRotated(body))) {
          await new Promise((resolve) => setTimeout(resolve, 150));
          return this.doRefresh(true);
        }
        if (generation === this.generation) await this.end(this.access ? 'revoked' : 'expired');
        return null;
      }
      if (error instanceof KindredError && error.code === 'ACCOUNT_SUSPENDED') {
        if (generation === this.generation) await this.end('suspended', error.problem?.until ?? null);
      }
      throw error;
    }
    if (generation !== this.generation) return null;
    await this.start(pair);
    return pair.accessToken;
  }

  /** Cookie mode: the jar may hold a newer token; token mode: the storage holds another one now. */
  private async mayHaveRotated(sent: { refreshToken: string } | undefined): Promise<boolean> {
    if (this.options.mode === 'cookie') return true;
    const now = await this.options.storage.get();
    return now !== null && now !== sent?.refreshToken;
  }

  private async start(pair: TokenPair): Promise<void> {
    const wasActive = this.access !== null;
    const lifetimeMs = pair.expiresIn * 1000;
    // A token this close to its end is refreshed before use: 5 s, or a quarter of a short lifetime.
    const marginMs = Math.min(5_000, lifetimeMs / 4);
    this.access = { token: pair.accessToken, expiresAt: this.options.now() + lifetimeMs, marginMs };
    this.current = pair.user;
    if (this.options.mode === 'token') await this.options.storage.set(pair.refreshToken);
    this.schedule(Math.max(lifetimeMs * 0.75, lifetimeMs - 60_000));
    if (wasActive) this.options.events.emit('session.refreshed', { expiresAt: this.access.expiresAt });
    else this.options.events.emit('session.started', { user: pair.user });
  }

  private schedule(inMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      // A failed background refresh is retried by the next call that needs a token.
      this.refresh().catch(() => {});
    }, inMs);
    (this.timer as { unref?: () => void }).unref?.();
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.send(path, body) as Promise<T>;
  }

  private async send(path: string, body: unknown, bearer?: string): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    let response: Response;
    try {
      response = await this.options.fetch(new URL(path, this.options.baseUrl), {
        method: 'POST',
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        ...(this.options.mode === 'cookie' && { credentials: 'include' as const }),
      });
    } catch (error) {
      throw KindredError.network(error);
    }
    if (!response.ok) throw await KindredError.fromResponse(response);
    return response.status === 204 ? undefined : response.json();
  }

  /** For calls that need a session. */
  requireToken(token: string | null): string {
    if (token === null)
      throw new KindredError({ status: 401, code: CLIENT_CODES.noSession, detail: 'Log in first' });
    return token;
  }
}
