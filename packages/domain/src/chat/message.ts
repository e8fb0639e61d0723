import { ValidationError } from '../errors.js';
import { checkText, codePoints } from '../text/text-rules.js';

export interface Message {
  readonly id: string;
  readonly conversationId: string;
  readonly senderId: string;
  /** Trimmed, 1–4000 code points. */
  readonly content: string;
  readonly clientMessageId: string | null;
  readonly createdAt: Date;
}

export const MESSAGE_MAX_CODE_POINTS = 4000;
export const CLIENT_MESSAGE_ID_MAX = 64;
/** A sender's clientMessageId names one message for this long; afterwards it may be reused. */
export const CLIENT_MESSAGE_ID_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The stored form of a message's content: trimmed, then 1–4000 Unicode code points. */
export function messageContent(raw: string): string {
  const badText = checkText(raw, 'multiline', '/content');
  if (badText.length > 0) throw new ValidationError(badText);
  const content = raw.trim();
  const length = codePoints(content);
  if (length === 0)
    throw new ValidationError([{ path: '/content', code: 'REQUIRED', message: 'Write something' }]);
  if (length > MESSAGE_MAX_CODE_POINTS)
    throw new ValidationError([
      { path: '/content', code: 'TOO_LONG', message: `At most ${MESSAGE_MAX_CODE_POINTS} characters` },
    ]);
  return content;
}

export function clientMessageId(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  const badText = checkText(raw, 'line', '/clientMessageId');
  if (badText.length > 0) throw new ValidationError(badText);
  if (raw.length === 0 || codePoints(raw) > CLIENT_MESSAGE_ID_MAX)
    throw new ValidationError([
      {
        path: '/clientMessageId',
        code: 'OUT_OF_RANGE',
        message: `1 to ${CLIENT_MESSAGE_ID_MAX} characters`,
      },
    ]);
  return raw;
}
