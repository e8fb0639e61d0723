import type { OneTimeToken, OneTimeTokenPurpose, OneTimeTokenRepository } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { OneTimeTokenSchema, type OneTimeTokenRow } from '../schemas/session-schemas.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/timestamps.js';
import { Database, sql } from '../sql/sql.js';
import { insertRow, selectColumns } from '../sql/rows.js';

interface StoredToken extends Omit<OneTimeTokenRow, 'expiresAt' | 'usedAt'> {
  expiresAt: string | Date;
  usedAt: string | Date | null;
}

const INSERT = insertRow<OneTimeTokenRow>(OneTimeTokenSchema, 'one_time_tokens');
const FIND = sql<[string, string], StoredToken>(
  `select ${selectColumns(OneTimeTokenSchema)} from one_time_tokens where digest = $1 and purpose = $2`,
);
/** One conditional UPDATE: two racing requests cannot both spend the token. */
const CONSUME = sql<[string, string, Date]>(
  `update one_time_tokens set used_at = $3
    where digest = $1 and purpose = $2 and used_at is null and expires_at > $3`,
);

export class MikroOrmOneTimeTokenRepository implements OneTimeTokenRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async add(token: OneTimeToken): Promise<void> {
    await this.db.run(INSERT.statement, ...INSERT.valuesOf({ ...token, sessionId: token.sessionId ?? null }));
  }

  async find(digest: string, purpose: OneTimeTokenPurpose): Promise<OneTimeToken | null> {
    const row = await this.db.first(FIND, digest, purpose);
    if (!row) return null;
    return {
      digest: row.digest,
      purpose: row.purpose as OneTimeTokenPurpose,
      userId: row.userId,
      email: row.email,
      ...(row.sessionId ? { sessionId: row.sessionId } : {}),
      expiresAt: parseTimestamp(row.expiresAt),
      usedAt: parseOptionalTimestamp(row.usedAt),
    };
  }

  async consume(digest: string, purpose: OneTimeTokenPurpose, now: Date): Promise<boolean> {
    return (await this.db.run(CONSUME, digest, purpose, now)) === 1;
  }
}
