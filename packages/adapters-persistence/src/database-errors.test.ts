import { describe, expect, it } from 'vitest';
import { UnavailableError } from '@kindred/domain';
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
