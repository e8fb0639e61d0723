import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { EmailTakenError, ValidationError, type FieldError } from '../errors.js';
import { MailTokens } from '../auth/mail-tokens.js';
import { LIFETIMES } from '../auth/lifetimes.js';
import { checkEmail, normaliseEmail } from '../users/email.js';
import { checkPassword } from '../users/password-policy.js';
import { checkUsername } from '../users/username.js';
import { checkName } from '../users/profile-rules.js';
import { EMPTY_PROFILE } from '../users/user.js';
import { errors } from '../errors.js';

export interface RegisterInput {
  readonly username: string;
  readonly email: string;
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
}

/**
 * Makes an unverified account and mails its verification link. For an
 * address already registered nothing is made and the owner is told by mail:
 * the caller sees the same answer either way, so addresses cannot be probed.
 */
export class RegisterUser {
  private readonly mailTokens: MailTokens;

  constructor(
    private readonly ports: Pick<
      Ports,
      'users' | 'oneTimeTokens' | 'hasher' | 'blocklist' | 'secrets' | 'mailer' | 'clock' | 'ids'
    >,
  ) {
    this.mailTokens = new MailTokens(ports);
  }

  /** Every rule the fields given break (an adapter that validated some fields itself passes the rest). */
  check(input: Partial<RegisterInput>): FieldError[] {
    return [
      ...(input.username !== undefined ? checkUsername(input.username) : []),
      ...(input.email !== undefined ? checkEmail(input.email) : []),
      ...(input.password !== undefined
        ? checkPassword(input.password, input.username ?? '', this.ports.blocklist)
        : []),
      ...(input.firstName !== undefined ? checkName(input.firstName, '/firstName') : []),
      ...(input.lastName !== undefined ? checkName(input.lastName, '/lastName') : []),
    ];
  }

  async execute(input: RegisterInput): Promise<void> {
    const problems = this.check(input);
    if (problems.length > 0) throw new ValidationError(problems);

    const email = normaliseEmail(input.email);
    // Hash first, whatever happens next, so both paths take about as long.
    const passwordHash = await this.ports.hasher.hash(input.password);
    const existing = await this.ports.users.findByEmail(email);
    if (existing) return this.tellOwner(existing);
    if (await this.ports.users.findByUsername(input.username)) throw errors.usernameTaken();

    const now = this.ports.clock.now();
    const user: User = {
      id: this.ports.ids.next(),
      username: input.username,
      email,
      ...EMPTY_PROFILE,
      emailVerified: false,
      passwordHash,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.ports.users.add(user);
    } catch (error) {
      if (!(error instanceof EmailTakenError)) throw error;
      // Another registration for this address won the race.
      const winner = await this.ports.users.findByEmail(email);
      if (winner) await this.tellOwner(winner);
      return;
    }
    const token = await this.mailTokens.create('verify-email', user.id, LIFETIMES.emailVerificationMs);
    await this.ports.mailer.send({ kind: 'verify-email', to: email, firstName: user.firstName, token });
  }

  private async tellOwner(owner: User): Promise<void> {
    const verifyToken = owner.emailVerified
      ? null
      : await this.mailTokens.create('verify-email', owner.id, LIFETIMES.emailVerificationMs);
    await this.ports.mailer.send({
      kind: 'already-registered',
      to: owner.email,
      firstName: owner.firstName,
      verifyToken,
    });
  }
}
