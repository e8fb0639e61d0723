import type { Ports } from '../ports/index.js';
import type { User } from '../users/user.js';
import { EmailTakenError, ValidationError, type FieldError } from '../errors.js';
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
  /** The caller's address: registrations are limited per address. */
  readonly ip?: string | undefined;
}

/**
 * Makes an unverified account and asks for its verification mail. For an
 * address already registered nothing is made and the owner is told by mail:
 * the caller sees the same answer, after the same work, either way.
 */
export class RegisterUser {
  constructor(
    private readonly ports: Pick<
      Ports,
      'users' | 'hasher' | 'blocklist' | 'outbox' | 'clock' | 'ids' | 'limits'
    >,
  ) {}

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
    if (input.ip !== undefined) await this.ports.limits.take('registrationsPerIp', input.ip);

    // A taken username is public: refused before the address is looked at, so that a 409 says
    // nothing of the address. From here on, a new address and one in use cost the same work:
    // a hash, one insert (that the address's unique index may refuse) and one mail request.
    if (await this.ports.users.findByUsername(input.username)) throw errors.usernameTaken();
    const email = normaliseEmail(input.email);
    const passwordHash = await this.ports.hasher.hash(input.password);
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
      // The address is in use (or a concurrent registration took it): its owner is told.
      return this.ports.outbox.enqueue({ kind: 'already-registered', email });
    }
    await this.ports.outbox.enqueue({ kind: 'verify-email', userId: user.id });
  }
}
