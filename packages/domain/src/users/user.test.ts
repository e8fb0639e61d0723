import { describe, expect, it } from 'vitest';
import { ageOn } from './user.js';
import { checkBirthDate, isCalendarDate } from './profile-rules.js';

describe('age', () => {
  it('counts whole years, turning on the birthday', () => {
    expect(ageOn('2000-11-22', new Date('2018-11-21T23:59:59Z'))).toBe(17);
    expect(ageOn('2000-11-22', new Date('2018-11-22T00:00:00Z'))).toBe(18);
  });

  it('refuses the underage and impossible dates', () => {
    const today = new Date('2026-11-22T12:00:00Z');
    expect(checkBirthDate('2008-11-23', today)[0]?.code).toBe('UNDERAGE');
    expect(checkBirthDate('2008-11-22', today)).toEqual([]);
    expect(checkBirthDate('2001-02-29', today)[0]?.code).toBe('INVALID_DATE');
    expect(isCalendarDate('2000-02-29')).toBe(true);
  });
});
