import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { checkEmail, normaliseEmail } from './email.js';
import { checkUsername, usernameKey } from './username.js';
import { checkPassword, passwordProblems } from './password-policy.js';
import { normaliseInterest } from './profile-rules.js';
import { SetPasswordBlocklist } from '../testing/set-password-blocklist.js';

const usernameChars = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-'.split(''),
);
const validUsername = fc.string({ unit: usernameChars, minLength: 3, maxLength: 30 });
const blocklist = new SetPasswordBlocklist();

describe('usernames', () => {
  test.prop([validUsername], { numRuns: 200 })('every name of 3–30 allowed characters is valid', (name) => {
    expect(checkUsername(name)).toEqual([]);
  });

  test.prop([fc.string()], { numRuns: 200 })('a name with a character outside the set is refused', (name) => {
    fc.pre(/[^a-zA-Z0-9_.-]/.test(name));
    expect(checkUsername(name)).toHaveLength(1);
  });

  test.prop([validUsername])('the key ignores case and is idempotent', (name) => {
    expect(usernameKey(name.toUpperCase())).toBe(usernameKey(name.toLowerCase()));
    expect(usernameKey(usernameKey(name))).toBe(usernameKey(name));
  });
});

describe('email addresses', () => {
  const email = fc.emailAddress();
  test.prop([email, fc.constantFrom('', ' ', '  \t')])(
    'normalising is idempotent and ignores case and spaces',
    (address, pad) => {
      const once = normaliseEmail(`${pad}${address.toUpperCase()}${pad}`);
      expect(normaliseEmail(once)).toBe(once);
      expect(once).toBe(normaliseEmail(address));
    },
  );

  test.prop([email])('generated addresses with a dotted domain are accepted', (address) => {
    fc.pre(/\.[^.]+$/.test(address.split('@')[1] ?? '') && address.length <= 254);
    expect(checkEmail(address)).toEqual([]);
  });

  test.prop([fc.string()])('a string without "@" is refused', (text) => {
    fc.pre(!text.includes('@'));
    expect(checkEmail(text)).toHaveLength(1);
  });
});

describe('password policy', () => {
  test.prop([fc.string({ maxLength: 7 })])('fewer than 8 characters is weak', (password) => {
    expect(checkPassword(password, 'someone', blocklist)[0]?.code).toBe('WEAK_PASSWORD');
  });

  test.prop([validUsername, fc.string(), fc.string()])(
    'a password containing the username in any case is weak',
    (name, before, after) => {
      const problems = passwordProblems(`${before}${name.toUpperCase()}${after}`, name, blocklist);
      expect(problems).toContain('do not include your username');
    },
  );

  test.prop([fc.constantFrom('password', 'Password', 'PASSWORD', '12345678', 'Sunshine')])(
    'common passwords are weak in any case',
    (password) => {
      expect(checkPassword(password, 'someone', blocklist)).toHaveLength(1);
    },
  );

  test.prop([fc.string({ minLength: 129, maxLength: 300 })])(
    'more than 128 characters is refused',
    (password) => {
      expect(passwordProblems(password, 'x_y_z', blocklist)).toContain('use at most 128 characters');
    },
  );

  test.prop([fc.stringMatching(/^[A-Za-z0-9!?]{12,40}$/)])(
    'long uncommon passwords without the username pass',
    (password) => {
      fc.pre(!password.toLowerCase().includes('zed_ann'));
      expect(checkPassword(password, 'zed_ann', blocklist)).toEqual([]);
    },
  );
});

describe('interests', () => {
  test.prop([fc.string()])('normalising is idempotent, lower case and without a leading #', (tag) => {
    const once = normaliseInterest(tag);
    expect(normaliseInterest(once)).toBe(once);
    expect(once).toBe(once.toLowerCase());
    expect(once.startsWith('#')).toBe(false);
  });
});
