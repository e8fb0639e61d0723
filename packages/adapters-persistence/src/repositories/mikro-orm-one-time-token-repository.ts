import type { OneTimeToken, OneTimeTokenPurpose, OneTimeTokenRepository } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { OneTimeTokenSchema } from '../schemas/session-schemas.js';

export class MikroOrmOneTimeTokenRepository implements OneTimeTokenRepository {
  constructor(private readonly orm: Orm) {}

  add(token: OneTimeToken): Promise<void> {
    return translating(async () => {
      await this.orm.em.fork().insert(OneTimeTokenSchema, { ...token, sessionId: token.sessionId ?? null });
    });
  }

  find(digest: string, purpose: OneTimeTokenPurpose): Promise<OneTimeToken | null> {
    return translating(async () => {
      const row = await this.orm.em
        .fork()
        .findOne(OneTimeTokenSchema, { digest, purpose }, { disableIdentityMap: true });
      if (!row) return null;
      return {
        digest: row.digest,
        purpose: row.purpose as OneTimeTokenPurpose,
        userId: row.userId,
        email: row.email,
        ...(row.sessionId ? { sessionId: row.sessionId } : {}),
        expiresAt: row.expiresAt,
        usedAt: row.usedAt,
      };
    });
  }

  consume(digest: string, purpose: OneTimeTokenPurpose, now: Date): Promise<boolean> {
    // One conditional UPDATE: two racing requests cannot both spend the token.
    return translating(async () => {
      const changed = await this.orm.em
        .fork()
        .nativeUpdate(
          OneTimeTokenSchema,
          { digest, purpose, usedAt: null, expiresAt: { $gt: now } },
          { usedAt: now },
        );
      return changed === 1;
    });
  }
}
