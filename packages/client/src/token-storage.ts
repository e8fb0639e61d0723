/**
 * Where token mode keeps the refresh token. The default keeps it in memory
 * (gone with the process); a bot that must survive restarts passes its own
 * (a file, a secret store). Cookie mode keeps nothing: the browser holds the
 * HttpOnly cookie.
 */
export interface TokenStorage {
  get(): string | null | Promise<string | null>;
  set(refreshToken: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export class MemoryTokenStorage implements TokenStorage {
  private token: string | null = null;

  get(): string | null {
    return this.token;
  }

  set(refreshToken: string): void {
    this.token = refreshToken;
  }

  clear(): void {
    this.token = null;
  }
}
