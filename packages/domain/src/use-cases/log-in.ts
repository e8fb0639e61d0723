import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { SessionIssuer, type IssuedTokens } from '../auth/session-issuer.js';
import { errors } from '../errors.js';
import { normaliseEmail } from '../users/email.js';
import { approximateLocation } from './approximate-location.js';

/**
 * Checks a password and starts a session. An unknown user costs one hash
 * verification too, so the answer and its timing do not reveal who exists.
 */
export class LogIn {
  private readonly issuer: SessionIssuer;
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly ports: Pick<
      Ports,
      'users' | 'sessions' | 'hasher' | 'secrets' | 'accessTokens' | 'clock' | 'ids' | 'ipLocator' | 'social'
    >,
  ) {
    this.issuer = new SessionIssuer(ports);
  }

  /** `username` may also be the account's email address; `ip` places a member who never set a position. */
  async execute(input: {
    readonly username: string;
    readonly password: string;
    readonly ip?: string | undefined;
  }): Promise<IssuedTokens & { user: User }> {
    const user = input.username.includes('@')
      ? await this.ports.users.findByEmail(normaliseEmail(input.username))
      : await this.ports.users.findByUsername(input.username);
    if (!user) {
      this.dummyHash ??= this.ports.hasher.hash('kindred timing equaliser');
      await this.ports.hasher.verify(await this.dummyHash, input.password);
      throw errors.invalidCredentials();
    }
    if (!(await this.ports.hasher.verify(user.passwordHash, input.password)))
      throw errors.invalidCredentials();
    if (!user.emailVerified) throw errors.emailNotVerified();
    const tokens = await this.issuer.start(user.id);
    return { ...tokens, user: await approximateLocation(this.ports, user, input.ip) };
  }
}
