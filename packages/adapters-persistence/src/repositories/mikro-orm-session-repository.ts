import type { RefreshToken, Session, SessionRepository } from '@kindred/domain';
import type { Orm } from '../orm.js';
import {
  SessionSchema,
  RefreshTokenSchema,
  type RefreshTokenRow,
  type SessionRow,
} from '../schemas/session-schemas.js';
import { parseOptionalTimestamp, parseTimestamp } from '../schemas/timestamps.js';
import { Database, sql } from '../sql/sql.js';
import { insertRow, selectColumns } from '../sql/rows.js';
import { onlyUuids } from '../schemas/uuid.js';

type Stored<T> = {
  [K in keyof T]: T[K] extends Date ? string | Date : T[K] extends Date | null ? string | Date | null : T[K];
};

const SELECT_SESSION = sql<[string], Stored<SessionRow>>(
  `select ${selectColumns(SessionSchema)} from sessions where id = $1 limit 1`,
  { prepare: 'kindred_session_by_id' },
);
/** One statement, one round trip, atomic: every login runs it. */
const CREATE = sql<[string, string, Date, Date | null, string, string, Date, Date | null]>(
  `with session as (
     insert into sessions (id, user_id, created_at, revoked_at) values ($1, $2, $3, $4) returning id
   )
   insert into refresh_tokens (digest, session_id, user_id, expires_at, spent_at)
   select $5, id, $6, $7, $8 from session`,
);
const SELECT_TOKEN = sql<[string], Stored<RefreshTokenRow>>(
  `select ${selectColumns(RefreshTokenSchema)} from refresh_tokens where digest = $1`,
);
/** The conditional update is the lock: of two racing rotations only one matches a row. */
const SPEND = sql<[Date, string]>(
  `update refresh_tokens set spent_at = $1 where digest = $2 and spent_at is null
     and exists (select 1 from sessions s where s.id = refresh_tokens.session_id and s.revoked_at is null)`,
);
const INSERT_TOKEN = insertRow<RefreshTokenRow>(RefreshTokenSchema, 'refresh_tokens');
const REVOKE = sql<[string, Date]>(
  'update sessions set revoked_at = $2 where id = $1 and revoked_at is null',
);
const REVOKE_ALL = sql<[string, Date, string | null]>(
  'update sessions set revoked_at = $2 where user_id = $1 and revoked_at is null and ($3::uuid is null or id <> $3::uuid)',
);

export class MikroOrmSessionRepository implements SessionRepository {
  private readonly db: Database;

  constructor(orm: Orm) {
    this.db = new Database(orm);
  }

  async create(session: Session, firstToken: RefreshToken): Promise<void> {
    await this.db.run(
      CREATE,
      session.id,
      session.userId,
      session.createdAt,
      session.revokedAt,
      firstToken.digest,
      firstToken.userId,
      firstToken.expiresAt,
      firstToken.spentAt,
    );
  }

  async findSession(id: string): Promise<Session | null> {
    const [known] = onlyUuids([id]);
    const row = known ? await this.db.first(SELECT_SESSION, known) : undefined;
    return row
      ? {
          id: row.id,
          userId: row.userId,
          createdAt: parseTimestamp(row.createdAt),
          revokedAt: parseOptionalTimestamp(row.revokedAt),
        }
      : null;
  }

  async findToken(digest: string): Promise<RefreshToken | null> {
    const row = await this.db.first(SELECT_TOKEN, digest);
    return row
      ? {
          digest: row.digest,
          sessionId: row.sessionId,
          userId: row.userId,
          expiresAt: parseTimestamp(row.expiresAt),
          spentAt: parseOptionalTimestamp(row.spentAt),
        }
      : null;
  }

  rotate(oldDigest: string, next: RefreshToken, now: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      if ((await tx.run(SPEND, now, oldDigest)) !== 1) return false;
      await tx.run(INSERT_TOKEN.statement, ...INSERT_TOKEN.valuesOf({ ...next }));
      return true;
    });
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    const [known] = onlyUuids([sessionId]);
    if (known) await this.db.run(REVOKE, known, now);
  }

  async revokeAllOf(userId: string, now: Date, keep?: string): Promise<void> {
    const [known] = onlyUuids([userId]);
    if (known)
      await this.db.run(REVOKE_ALL, known, now, keep !== undefined && onlyUuids([keep])[0] ? keep : null);
  }
}
