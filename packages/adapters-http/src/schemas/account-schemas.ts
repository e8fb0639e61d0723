import {
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_PATTERN,
  checkEmail,
  checkUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MIN_LENGTH,
} from '@kindred/domain';
import { text } from './text.js';

/** The domain's pattern as the document states it, spaces around allowed (the domain trims; controls are refused). */
const SPACE = '[^\\S\\u0000-\\u001f\\u007f-\\u009f]*';
const trimmedPattern = (pattern: RegExp) => `^${SPACE}${pattern.source.slice(1, -1)}${SPACE}$`;

export const Username = (path = '/username') =>
  text({
    min: USERNAME_MIN_LENGTH,
    max: USERNAME_MAX_LENGTH,
    lengthCode: 'INVALID_USERNAME',
    rule: (value) => checkUsername(value, path),
    documented: { pattern: USERNAME_PATTERN.source },
    description: `${USERNAME_MIN_LENGTH}–${USERNAME_MAX_LENGTH} of a–z, A–Z, 0–9, \`_\`, \`.\` and \`-\`; unique without regard to case`,
    example: 'ada',
  });

export const Email = text({
  min: 3,
  max: EMAIL_MAX_LENGTH,
  lengthCode: 'INVALID_EMAIL',
  rule: (value) => checkEmail(value),
  documented: { pattern: trimmedPattern(EMAIL_PATTERN), format: 'email' },
  description: 'Compared without regard to case or surrounding spaces',
  example: 'ada@example.org',
});

/** An address or a username as a member types it where either is taken (login, resend). */
export const AccountName = text({
  min: 1,
  max: EMAIL_MAX_LENGTH,
  description: 'A username or an email address',
  example: 'ada',
});

/** A password to set: the policy's length here, the rest (common, holds the username) as WEAK_PASSWORD too. */
export const NewPassword = text({
  kind: 'any',
  min: PASSWORD_MIN_LENGTH,
  max: PASSWORD_MAX_LENGTH,
  lengthCode: 'WEAK_PASSWORD',
  description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters; not a common password or word; not containing the username (each refused as WEAK_PASSWORD)`,
  example: 'correct horse battery staple',
});

/** A password given to prove who one is (no policy: it is only compared). */
export const PasswordAttempt = text({
  kind: 'any',
  min: 1,
  max: PASSWORD_MAX_LENGTH,
  description: 'The current password',
  example: 'correct horse battery staple',
});

/** A single-use token from a mail, or a refresh token. */
export const Token = text({
  min: 1,
  max: 256,
  description: 'The token, as the link or the login answer gave it',
  example: 'o7Yc1Zb0qO2cH3Jm4x9sQk5Vt8aR6nLw0eP2iD1fG3h',
});

export const PersonName = text({
  min: 1,
  max: NAME_MAX_LENGTH,
  trim: true,
  description: `1–${NAME_MAX_LENGTH} characters after trimming`,
  example: 'Ada',
});
