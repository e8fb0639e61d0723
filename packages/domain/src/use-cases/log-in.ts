import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { SessionIssuer, type IssuedTokens } from '../auth/session-issuer.js';
import { errors } from '../errors.js';
import { checkNotSuspended } from '../moderation/suspension.js';
import { normaliseEmail } from '../users/email.js';
import { usernameKey } from '../users/username.js';
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
      | 'users'
      | 'sessions'
      | 'hasher'
      | 'secrets'
      | 'accessTokens'
      | 'clock'
      | 'ids'
      | 'ipLocator'
      | 'social'
      | 'limits'
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
    const byEmail = input.username.includes('@');
    const user = byEmail
      ? await this.ports.users.findByEmail(normaliseEmail(input.username))
      : await this.ports.users.findByUsername(input.username);
    // One counter per account, whichever name it was asked by; an unknown name counts on its own.
    const account = user
      ? user.id
      : `name:${byEmail ? normaliseEmail(input.username) : usernameKey(input.username)}`;
    await this.takeAttempt(account, input.ip);
    if (!user) {
      this.dummyHash ??= this.ports.hasher.hash('kindred timing equaliser');
      await this.ports.hasher.verify(await this.dummyHash, input.password);
      throw errors.invalidCredentials();
    }
    if (!(await this.ports.hasher.verify(user.passwordHash, input.password)))
      throw errors.invalidCredentials();
    // The right password: this attempt was no failure.
    await this.ports.limits.clear('loginFailuresPerAccount', account);
    if (input.ip !== undefined) await this.ports.limits.giveBack('loginFailuresPerIp', input.ip);
    if (!user.emailVerified) throw errors.emailNotVerified();
    // Only once the password is right: a suspension is nobody else's business.
    checkNotSuspended(user, this.ports.clock.now());
    const tokens = await this.issuer.start(user.id);
    return { ...tokens, user: await approximateLocation(this.ports, user, input.ip) };
  }

  /**
   * Every attempt takes its point before the password is checked, so no
   * number of concurrent attempts runs more verifications than the limits
   * allow; an attempt refused by the account's limit gives the address's back.
   */
  private async takeAttempt(account: string, ip: string | undefined): Promise<void> {
    if (ip !== undefined) await this.ports.limits.take('loginFailuresPerIp', ip);
    try {
      await this.ports.limits.take('loginFailuresPerAccount', account);
    } catch (error) {
      if (ip !== undefined) await this.ports.limits.giveBack('loginFailuresPerIp', ip);
      throw error;
    }
  }
}
