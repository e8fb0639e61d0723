import { z } from 'zod';
import { CLIENT_MESSAGE_ID_MAX, GROUP_TITLE_MAX, MESSAGE_MAX_CODE_POINTS } from '@kindred/domain';
import { text } from './text.js';

export const MessageContent = text({
  kind: 'multiline',
  min: 1,
  max: MESSAGE_MAX_CODE_POINTS,
  trim: true,
  lengthCode: { short: 'REQUIRED', long: 'TOO_LONG' },
  description: `1–${MESSAGE_MAX_CODE_POINTS} code points after trimming; line breaks kept`,
  example: 'Tea at five?',
});

export const ClientMessageId = text({
  min: 1,
  max: CLIENT_MESSAGE_ID_MAX,
  description: 'Makes the send idempotent: unique per sender for 24 h',
  example: 'c-1700000000-1',
});

export const GroupTitle = text({
  min: 1,
  max: GROUP_TITLE_MAX,
  trim: true,
  description: `1–${GROUP_TITLE_MAX} code points after trimming`,
  example: 'Saturday hike',
});

export const SendMessageBody = z
  .strictObject({ content: MessageContent, clientMessageId: ClientMessageId.nullable().optional() })
  .meta({ examples: [{ content: 'Tea at five?', clientMessageId: 'c-1700000000-1' }] });
