import { describe, expect, it } from 'vitest';
import { DomainError, UnavailableError } from '@kindred/domain';
import { isConnectionFailure, translateDatabaseError } from './database-errors.js';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('translateDatabaseError', () => {
  it('takes a lost or refused connection for UNAVAILABLE', () => {
    for (const error of [
      pgError('ECONNREFUSED'),
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('08006'),
      // The Unix socket of a stopped database.
      Object.assign(pgError('ENOENT', 'connect ENOENT /var/tmp/pg/.s.PGSQL.5433'), { syscall: 'connect' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Timeout acquiring a connection. The pool is probably full.'),
    ])
      expect(translateDatabaseError(error), String(error)).toBeInstanceOf(UnavailableError);
  });

  it('takes a conflict still lost after being run again (deadlock, serialization) for UNAVAILABLE', () => {
    for (const error of [
      pgError('40P01'),
      pgError('40001'),
      Object.assign(new Error('orm'), { cause: pgError('40P01') }),
    ])
      expect(translateDatabaseError(error), String(error)).toBeInstanceOf(UnavailableError);
  });

  it('says what a foreign key failing on a row deleted meanwhile means, by constraint', () => {
    const fk = (constraint: string) => Object.assign(pgError('23503'), { constraint });
    const code = (error: unknown) => (error instanceof DomainError ? error.code : 'raw');
    expect(code(translateDatabaseError(fk('likes_liked_id_fkey')))).toBe('USER_NOT_FOUND');
    expect(code(translateDatabaseError(fk('reports_reporter_id_fkey')))).toBe('UNAUTHENTICATED');
    expect(code(translateDatabaseError(fk('messages_conversation_id_fkey')))).toBe('CONVERSATION_NOT_FOUND');
    expect(code(translateDatabaseError(fk('users_profile_picture_id_fkey')))).toBe('PICTURE_NOT_FOUND');
    // A constraint nobody named is a bug of ours: left as it is (500).
    expect(code(translateDatabaseError(fk('unknown_fkey')))).toBe('raw');
  });

  it('leaves every other database error as it is (a bug of ours: 500)', () => {
    for (const code of ['22021', '22P02', '22P05', '23502', '42601', '22001']) {
      const error = pgError(code);
      expect(isConnectionFailure(error)).toBe(false);
      expect(translateDatabaseError(error)).toBe(error);
    }
    // A missing file that is not a connection is no outage.
    expect(isConnectionFailure(Object.assign(pgError('ENOENT'), { syscall: 'open' }))).toBe(false);
  });
});
