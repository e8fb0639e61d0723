import type { RefreshToken, Session, SessionRepository } from '@kindred/domain';
import type { Orm } from '../orm.js';
import { translating } from '../database-errors.js';
import { RefreshTokenSchema, SessionSchema, type SessionRow } from '../schemas/session-schemas.js';
import { parseOptionalTimestamp, parseTimestamp, selectColumns } from '../schemas/select-columns.js';
import { preparedQuery } from '../prepared-query.js';
import { isUuid } from '../schemas/uuid.js';

const SELECT_SESSION = `select ${selectColumns(SessionSchema)} from sessions where id = $1 limit 1`;

export class MikroOrmSessionRepository implements SessionRepository {
  constructor(private readonly orm: Orm) {}

  create(session: Session, firstToken: RefreshToken): Promise<void> {
    // One statement, one round trip, atomic: every login runs it.
    return translating(async () => {
      await this.orm.em.getConnection().execute(
        `with session as (
           insert into sessions (id, user_id, created_at, revoked_at) values (?, ?, ?, ?) returning id
         )
         insert into refresh_tokens (digest, session_id, user_id, expires_at, spent_at)
         select ?, id, ?, ?, ? from session`,
        [
          session.id,
          session.userId,
          session.createdAt,
          session.revokedAt,
          firstToken.digest,
          firstToken.userId,
          firstToken.expiresAt,
          firstToken.spentAt,
        ],
        'run',
      );
    });
  }

  findSession(id: string): Promise<Session | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return translating(async () => {
      const row = await preparedQuery<SessionRow>(this.orm, 'kindred_session_by_id', SELECT_SESSION, [id]);
      return row
        ? {
            id: row.id,
            userId: row.userId,
            createdAt: parseTimestamp(row.createdAt),
            revokedAt: parseOptionalTimestamp(row.revokedAt),
          }
        : null;
    });
  }

  findToken(digest: string): Promise<RefreshToken | null> {
    return translating(async () => {
      const row = await this.orm.em
        .fork()
        .findOne(RefreshTokenSchema, { digest }, { disableIdentityMap: true });
      return row
        ? {
            digest: row.digest,
            sessionId: row.sessionId,
            userId: row.userId,
            expiresAt: row.expiresAt,
            spentAt: row.spentAt,
          }
        : null;
    });
  }

  rotate(oldDigest: string, next: RefreshToken, now: Date): Promise<boolean> {
    return translating(() =>
      this.orm.em.fork().transactional(async (em) => {
        // The conditional update is the lock: of two racing rotations only one matches a row.
        const result = await em.execute<{ affectedRows: number }>(
          `update refresh_tokens set spent_at = ? where digest = ? and spent_at is null
             and exists (select 1 from sessions s where s.id = refresh_tokens.session_id and s.revoked_at is null)`,
          [now, oldDigest],
          'run',
        );
        const spent = result.affectedRows;
        if (spent !== 1) return false;
        await em.insert(RefreshTokenSchema, { ...next });
        return true;
      }),
    );
  }

  revoke(sessionId: string, now: Date): Promise<void> {
    return translating(async () => {
      await this.orm.em
        .fork()
        .nativeUpdate(SessionSchema, { id: sessionId, revokedAt: null }, { revokedAt: now });
    });
  }

  revokeAllOf(userId: string, now: Date, keep?: string): Promise<void> {
    return translating(async () => {
      await this.orm.em
        .fork()
        .nativeUpdate(
          SessionSchema,
          { userId, revokedAt: null, ...(keep !== undefined && { id: { $ne: keep } }) },
          { revokedAt: now },
        );
    });
  }
}
