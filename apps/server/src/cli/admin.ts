import { DomainError, ROLES, SetRole, isRole, type Role } from '@kindred/domain';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { withCliStores } from './cli-stores.js';
import { runCli } from './run-cli.js';

/**
 * `npm run admin -- grant <username> <role>` and `revoke <username>`: the
 * only way roles are given (no route grants them). Works on DATABASE_URL or
 * the embedded database, also while the server runs: the user caches of the
 * running nodes are told through the database, so the change applies to the
 * member's sessions at once.
 */
const USAGE = `Usage: npm run admin -- grant <username> <${ROLES.join('|')}>  |  npm run admin -- revoke <username>`;
const [command, username, roleArg] = process.argv.slice(2);
let role: Role | undefined;
if (command === 'grant' && username && roleArg && isRole(roleArg)) role = roleArg;
else if (command === 'revoke' && username && roleArg === undefined) role = 'member';
if (role === undefined) {
  console.error(roleArg && !isRole(roleArg) ? `Unknown role "${roleArg}". ${USAGE}` : USAGE);
  process.exit(2);
}

await runCli('admin', async () => {
  const config = loadConfig();
  const logger = createLogger({ ...config, logLevel: 'warn' });
  await withCliStores(config, logger, async ({ users }) => {
    const setRole = new SetRole({ users, clock: { now: () => new Date() } });
    try {
      const user = await setRole.execute({ username: username!, role: role! });
      console.log(
        `${user.username} is now ${user.role === 'member' ? 'a member' : `a${user.role === 'admin' ? 'n' : ''} ${user.role}`}.`,
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'USER_NOT_FOUND') {
        console.error(
          `No member is named "${username}": check the username (npm run admin -- grant <username> <role>).`,
        );
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  });
});
