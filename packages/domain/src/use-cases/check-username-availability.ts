import type { Ports } from '../ports/index.js';
import { ValidationError } from '../errors.js';
import { checkUsername } from '../users/username.js';

export class CheckUsernameAvailability {
  constructor(private readonly ports: Pick<Ports, 'users'>) {}

  async execute(input: { readonly username: string }): Promise<boolean> {
    const problems = checkUsername(input.username, '?username');
    if (problems.length > 0) throw new ValidationError(problems);
    return (await this.ports.users.findByUsername(input.username)) === null;
  }
}
